from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from .common import CaseCommon


@tagged("post_install", "-at_install")
class TestReject(CaseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, mail_notify_force_send=False))
        cls.reason = cls.env.ref("helpdesk_case.reject_reason_order_number")
        cls.ticket = cls.env["case.ticket"].create(
            {
                "name": "Mi pedido",
                "partner_id": cls.partner.id,
                "typification_id": cls.typ_not_received.id,
            }
        )

    def _reject(self, tickets, user, reason, note=None):
        form = Form(
            self.env(user=user)["case.ticket.reject"].with_context(
                active_model="case.ticket", active_ids=tickets.ids
            )
        )
        form.reason_id = reason
        if note:
            form.note = note
        return form.save().action_reject()

    def _rejection(self, ticket):
        message = ticket.message_ids.filtered(lambda m: self.reason.name in (m.body or ""))
        self.assertEqual(len(message), 1)
        self.assertEqual(message.subtype_id, self.env.ref("mail.mt_comment"), "public")
        mails = self.env["mail.mail"].sudo().search([("mail_message_id", "=", message.id)])
        self.assertTrue(mails, "sent by e-mail")
        return message, mails

    def test_reject_sends_reason_and_what_to_send_then_closes(self):
        self._reject(self.ticket, self.agent, self.reason, note="Lo encuentra en su factura")
        message, mails = self._rejection(self.ticket)
        self.assertIn(self.reason.description, message.body)
        self.assertIn("Lo encuentra en su factura", message.body)
        self.assertIn(self.partner, message.partner_ids)
        self.assertIn(self.partner, mails.recipient_ids)
        self.assertEqual(self.ticket.reject_reason_id, self.reason)
        self.assertIn("Lo encuentra en su factura", self.ticket.reject_reason)
        self.assertTrue(self.ticket.is_closed)
        self.assertEqual(self.ticket.stage_id, self.generic._close_stage())

    def test_reject_anonymous_requester_by_email(self):
        ticket = self.env["case.ticket"].create(
            {
                "name": "Sin cuenta",
                "partner_name": "Pedro Anónimo",
                "partner_email": "pedro@example.com",
                "queue_id": self.queue_n1.id,
            }
        )
        self._reject(ticket, self.agent, self.reason)
        message, mails = self._rejection(ticket)
        self.assertFalse(message.partner_ids)
        self.assertIn("pedro@example.com", mails.email_to)
        self.assertFalse(
            self.env["res.partner"].search([("email", "=", "pedro@example.com")]),
            "no contact is created for the anonymous requester",
        )

    def test_closed_ticket_cannot_be_rejected(self):
        self.ticket.action_close()
        with self.assertRaisesRegex(UserError, "Closed tickets cannot be rejected"):
            self.ticket._reject(self.reason)

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.addons.base.models.ir_model")
    def test_reject_access(self):
        portal = new_test_user(self.env, login="reject_portal", groups="base.group_portal")
        self.ticket.partner_id = portal.partner_id
        with self.assertRaises(AccessError):
            self._reject(self.ticket, portal, self.reason)
        with self.assertRaises(AccessError):
            self.ticket.with_user(portal)._reject(self.reason)
        foreign = self.env["case.ticket"].create({"name": "ajeno", "queue_id": self.queue_n3.id})
        with self.assertRaises(AccessError):
            foreign.with_user(self.agent)._reject(self.reason)
        self.assertFalse(foreign.is_closed or self.ticket.is_closed)

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.addons.base.models.ir_model")
    def test_reasons_configured_by_admins_read_by_agents(self):
        admin = new_test_user(
            self.env, login="reject_admin", groups="helpdesk_case.group_case_admin"
        )
        Reason = self.env["case.reject.reason"]
        self.assertIn(self.reason, Reason.with_user(self.agent).search([]))
        reason = Reason.with_user(admin).create(
            {"name": "Datos fiscales incompletos", "description": "Envíe su RFC"}
        )
        reason.with_user(admin).name = "Faltan datos fiscales"
        for user in (self.agent, self.supervisor):
            with self.assertRaises(AccessError):
                Reason.with_user(user).create({"name": "Mío"})
            with self.assertRaises(AccessError):
                reason.with_user(user).write({"name": "Otro"})
        portal = new_test_user(self.env, login="reason_portal", groups="base.group_portal")
        with self.assertRaises(AccessError):
            reason.with_user(portal).read(["name"])
