from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import CaseCommon


@tagged("post_install", "-at_install")
class TestEscalation(CaseCommon):
    def _escalate(self, tickets, reason, user=None):
        env = (user and self.env(user=user)) or self.env
        wizard = Form(
            env["case.ticket.escalate"].with_context(
                active_model="case.ticket", active_ids=tickets.ids
            )
        )
        wizard.reason = reason
        return wizard.save().action_escalate()

    def test_escalate_to_next_queue_with_reason(self):
        ticket = self.env["case.ticket"].create(
            {"name": "x", "typification_id": self.typ_not_received.id, "user_id": self.agent.id}
        )
        self.assertEqual(ticket.queue_id, self.queue_n1)
        self._escalate(ticket, "Requiere revisión de bodega", user=self.agent)
        self.assertEqual(ticket.queue_id, self.queue_n2)
        self.assertEqual(ticket.user_id, self.env["res.users"], "N2 assigns manually")
        message = ticket.message_ids.filtered(
            lambda m: m.subtype_id == self.env.ref("helpdesk_case.mt_ticket_escalated")
        )
        self.assertEqual(len(message), 1)
        self.assertIn("Requiere revisión de bodega", message.body)
        self.assertIn("N1", message.body)
        self.assertIn("N2", message.body)
        self.assertTrue(message.subtype_id.internal, "the reason is an internal note")

    def test_escalation_chain_then_dead_end(self):
        ticket = self.env["case.ticket"].create({"name": "x", "queue_id": self.queue_n2.id})
        ticket._escalate("N2 no puede")
        self.assertEqual(ticket.queue_id, self.queue_n3)
        with self.assertRaisesRegex(UserError, "has no escalation queue"):
            ticket._escalate("Más arriba")
        self.assertEqual(ticket.queue_id, self.queue_n3, "nothing changed")

    def test_escalation_needs_queue_and_reason(self):
        ticket = self.env["case.ticket"].create({"name": "x"})
        with self.assertRaisesRegex(UserError, "without a queue"):
            ticket._escalate("motivo")
        ticket.queue_id = self.queue_n1
        with self.assertRaisesRegex(UserError, "reason"):
            ticket._escalate("   ")

    def test_escalation_reassigns_with_target_method(self):
        self.queue_n2.write({"assign_method": "balanced"})
        ticket = self.env["case.ticket"].create({"name": "x", "queue_id": self.queue_n1.id})
        ticket._escalate("motivo")
        self.assertEqual(ticket.user_id, self.supervisor)
