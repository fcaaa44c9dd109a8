from odoo.tests import Form, tagged

from .common import CaseCommon


@tagged("post_install", "-at_install")
class TestTicketForm(CaseCommon):
    def test_create_from_form_as_agent(self):
        form = Form(self.env["case.ticket"].with_user(self.agent))
        form.name = "Mi pedido no llegó"
        form.partner_id = self.partner
        self.assertEqual(form.partner_email, "maria@example.com")
        self.assertEqual(form.partner_vat, "PEGM800101AB1")
        form.typification_id = self.typ_not_received
        self.assertEqual(form.queue_id, self.queue_n1)
        self.assertEqual(form.priority, "3")
        self.assertEqual(form.stage_id, self.env.ref("helpdesk_case.stage_new"))
        form.urgency = "low"
        self.assertEqual(form.priority, "2")
        ticket = form.save()
        self.assertTrue(ticket.number.startswith("CASE"))
        self.assertEqual(ticket.priority, "2")
        self.assertIn(ticket.stage_id, self.generic.stage_ids)

    def test_retypify_in_form_keeps_user_choice(self):
        ticket = self.env["case.ticket"].create(
            {"name": "x", "typification_id": self.typ_not_received.id}
        )
        form = Form(ticket)
        form.importance = "low"
        form.typification_id = self.typ_invoice_error
        self.assertEqual(form.queue_id, self.queue_n2)
        self.assertEqual(form.importance, "low")
        self.assertEqual(form.stage_id, self.env.ref("helpdesk_case.stage_new"))
        form.save()
        self.assertEqual(ticket.workflow_id, self.credit_note)

    def test_assign_to_me(self):
        ticket = self.env["case.ticket"].create({"name": "x", "queue_id": self.queue_n1.id})
        ticket.with_user(self.agent).action_assign_to_me()
        self.assertEqual(ticket.user_id, self.agent)

    def test_agent_cannot_configure(self):
        from odoo.exceptions import AccessError

        with self.assertRaises(AccessError):
            self.env["case.queue"].with_user(self.agent).create({"name": "Mine"})
        with self.assertRaises(AccessError):
            self.typ_not_received.with_user(self.supervisor).name = "Otro"
        with self.assertRaises(AccessError):
            self.env["case.ticket"].with_user(self.agent).create({"name": "x"}).unlink()
        self.assertTrue(self.queue_n1.with_user(self.agent).name)
