from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import CaseCommon


@tagged("post_install", "-at_install")
class TestFollowupsPerAgent(CaseCommon):
    """Follow-ups count for the agent who did them, whoever the ticket is assigned to."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.typ_not_received.required_document_ids = cls.env["case.required.document"].create(
            {"name": "Factura"}
        )
        Ticket = cls.env["case.ticket"]
        cls.waiting = Ticket.create(
            {
                "name": "No llegó",
                "partner_id": cls.partner.id,
                "typification_id": cls.typ_not_received.id,
                "user_id": cls.agent.id,
            }
        )
        cls.hidden = Ticket.create({"name": "Otro nivel", "queue_id": cls.queue_n3.id})
        cls.Followup = cls.env["case.ticket.followup"]

    def test_each_agent_counts_their_own(self):
        assert self.waiting.stage_id.is_doc_wait
        self.waiting.with_user(self.agent2).action_docwait_followup()
        self.waiting.with_user(self.agent2).action_docwait_followup()
        self.waiting.with_user(self.agent).action_schedule_followup()
        counts = {
            (user, kind): count
            for user, kind, count in self.Followup._read_group(
                [("ticket_id", "=", self.waiting.id)], ["user_id", "kind"], ["__count"]
            )
        }
        self.assertEqual(counts, {(self.agent2, "documents"): 2, (self.agent, "shift"): 1})
        self.assertEqual(self.waiting.docwait_followup_count, 2)
        followup = self.Followup.search([("ticket_id", "=", self.waiting.id)], limit=1)
        self.assertEqual(followup.queue_id, self.waiting.queue_id)

    def test_follow_up_stays_in_the_queue_it_was_done_in(self):
        self.waiting.with_user(self.agent).action_docwait_followup()
        followup = self.Followup.search([("ticket_id", "=", self.waiting.id)])
        queue, typification = self.waiting.queue_id, self.waiting.typification_id
        self.assertTrue(queue)
        self.waiting.write({"queue_id": self.queue_n3.id, "typification_id": False})
        self.env.flush_all()
        followup.invalidate_recordset()
        self.assertEqual(followup.queue_id, queue)
        self.assertEqual(followup.typification_id, typification)

    def test_read_through_the_ticket_only(self):
        self.waiting.with_user(self.agent).action_docwait_followup()
        self.hidden.action_schedule_followup()
        Followup = self.Followup.with_user(self.agent)
        self.assertEqual(Followup.search([]).ticket_id, self.waiting)
        with self.assertRaises(AccessError):
            Followup.browse(self.Followup.search([("ticket_id", "=", self.hidden.id)]).ids).read(
                ["date"]
            )
        with self.assertRaises(AccessError):
            Followup.create(
                {"ticket_id": self.waiting.id, "user_id": self.agent.id, "kind": "shift"}
            )
        with self.assertRaises(AccessError):
            self.hidden.with_user(self.agent).action_schedule_followup()
        self.assertEqual(self.Followup.search_count([("ticket_id", "=", self.hidden.id)]), 1)

    def test_report_menu_is_for_supervisors(self):
        menu = self.env.ref("helpdesk_case.menu_case_report_followups")
        visible = self.env["ir.ui.menu"].with_user(self.supervisor)._visible_menu_ids()
        self.assertIn(menu.id, visible)
        hidden = self.env["ir.ui.menu"].with_user(self.agent)._visible_menu_ids()
        self.assertNotIn(menu.id, hidden)
