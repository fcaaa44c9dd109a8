from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import CaseCommon


@tagged("post_install", "-at_install")
class TestQueueAssignment(CaseCommon):
    def test_manual_leaves_unassigned(self):
        ticket = self.env["case.ticket"].create({"name": "x", "queue_id": self.queue_n1.id})
        self.assertFalse(ticket.user_id)

    def test_round_robin_alternates(self):
        self.queue_n1.assign_method = "round_robin"
        tickets = self.env["case.ticket"].create(
            [{"name": str(i), "queue_id": self.queue_n1.id} for i in range(4)]
        )
        users = [t.user_id for t in tickets]
        self.assertEqual(len(set(users[:2])), 2)
        self.assertEqual(users[:2], users[2:])
        nxt = self.env["case.ticket"].create({"name": "5", "queue_id": self.queue_n1.id})
        self.assertEqual(nxt.user_id, users[0])

    def test_balanced_fills_the_least_loaded(self):
        self.queue_n1.assign_method = "balanced"
        self.env["case.ticket"].create(
            [
                {"name": str(i), "queue_id": self.queue_n1.id, "user_id": self.agent.id}
                for i in range(3)
            ]
        )
        tickets = self.env["case.ticket"].create(
            [{"name": str(i), "queue_id": self.queue_n1.id} for i in range(4)]
        )
        logins = [ticket.user_id.login for ticket in tickets]
        self.assertEqual(logins, ["case_agent2"] * 3 + ["case_agent"])

    def test_escalation_cycle_refused(self):
        with self.assertRaisesRegex(ValidationError, "cannot escalate to itself"):
            self.queue_n3.escalation_queue_id = self.queue_n1

    def test_overview_counters(self):
        self.env["case.ticket"].create(
            [
                {
                    "name": "a",
                    "queue_id": self.queue_n1.id,
                    "importance": "high",
                    "urgency": "high",
                },
                {"name": "b", "queue_id": self.queue_n1.id, "user_id": self.agent.id},
            ]
        )
        closed = self.env["case.ticket"].create({"name": "c", "queue_id": self.queue_n1.id})
        closed.action_close()
        self.assertEqual(self.queue_n1.open_ticket_count, 2)
        self.assertEqual(self.queue_n1.unassigned_ticket_count, 1)
        self.assertEqual(self.queue_n1.urgent_ticket_count, 1)
