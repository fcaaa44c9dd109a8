from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from .common import PNG, CaseCommon


@tagged("post_install", "-at_install")
class TestSplit(CaseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, mail_notify_force_send=False))
        cls.phone = cls.env.ref("helpdesk_case.channel_phone")
        cls.ticket = cls.env["case.ticket"].create(
            {
                "name": "Pedido no llegó y factura mal",
                "partner_id": cls.partner.id,
                "typification_id": cls.typ_not_received.id,
                "channel_id": cls.phone.id,
                "user_id": cls.agent.id,
            }
        )
        cls.question = cls.ticket.message_post(
            body="Además la factura tiene un error",
            author_id=cls.partner.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            attachments=[("factura.png", PNG)],
        )
        cls.note = cls.ticket.message_post(
            body="Revisar con contabilidad", message_type="comment", subtype_xmlid="mail.mt_note"
        )
        cls.other = cls.ticket.message_post(
            body="El pedido sigue sin llegar",
            author_id=cls.partner.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )

    def _split(self, ticket, user=None, messages=None, **values):
        env = self.env(user=user) if user else self.env
        form = Form(
            env["case.ticket.split"].with_context(active_model="case.ticket", active_ids=ticket.ids)
        )
        for field, value in values.items():
            setattr(form, field, value)
        for message in messages or ():
            form.message_ids.add(message)
        action = form.save().action_split()
        return self.env["case.ticket"].browse(action["res_id"])

    def _customer_message(self, ticket, text):
        return ticket.message_ids.filtered(
            lambda m: text in m.body and m.subtype_id == self.env.ref("mail.mt_comment")
        )

    def test_split_messages_moves_them_and_tells_the_customer(self):
        child = self._split(
            self.ticket,
            user=self.agent,
            messages=self.question | self.note,
            name="Factura con error",
            typification_id=self.typ_invoice_error,
        )
        self.assertEqual(child.parent_id, self.ticket)
        self.assertEqual(self.ticket.child_ids, child)
        self.assertEqual(child.partner_id, self.partner)
        self.assertEqual(child.partner_email, "maria@example.com")
        self.assertEqual(child.company_id, self.ticket.company_id)
        self.assertEqual(child.channel_id, self.phone)
        self.assertEqual(child.typification_id, self.typ_invoice_error)
        self.assertEqual(child.queue_id, self.queue_n2, "the typification routes it")
        # moved, not copied, with their files
        self.assertEqual((self.question | self.note).mapped("res_id"), [child.id, child.id])
        self.assertNotIn(self.question, self.ticket.message_ids)
        self.assertIn(self.other, self.ticket.message_ids)
        attachment = self.question.attachment_ids
        self.assertEqual((attachment.res_model, attachment.res_id), ("case.ticket", child.id))
        # the customer is told on both tickets, by e-mail
        for ticket in (self.ticket, child):
            message = self._customer_message(ticket, child.number)
            self.assertEqual(len(message), 1, ticket.number)
            self.assertIn(self.partner, message.partner_ids)
            mails = self.env["mail.mail"].sudo().search([("mail_message_id", "=", message.id)])
            self.assertIn(self.partner, mails.recipient_ids)
        self.assertIn(self.partner, child.message_partner_ids, "the requester follows it")
        self.assertIn(self.ticket.number, self._customer_message(child, child.number).body)

    def test_split_typed_text_for_anonymous_requester(self):
        anonymous = self.env["case.ticket"].create(
            {
                "name": "Dos temas",
                "partner_name": "Pedro Anónimo",
                "partner_email": "pedro@example.com",
                "partner_phone": "+52 55 1234 5678",
                "queue_id": self.queue_n1.id,
            }
        )
        child = self._split(
            anonymous,
            user=self.agent,
            name="Cambio de domicilio",
            description="<p>Quiere cambiar su domicilio de entrega</p>",
        )
        self.assertFalse(child.partner_id)
        self.assertEqual(
            (child.partner_name, child.partner_email, child.partner_phone),
            ("Pedro Anónimo", "pedro@example.com", "+52 55 1234 5678"),
        )
        self.assertIn("domicilio de entrega", child.description)
        self.assertEqual(child.queue_id, self.queue_n1, "no typification: same level")
        message = self._customer_message(anonymous, child.number)
        self.assertIn("pedro@example.com", message.outgoing_email_to)
        mails = self.env["mail.mail"].sudo().search([("mail_message_id", "=", message.id)])
        self.assertIn("pedro@example.com", mails.mapped("email_to")[0])

    def test_split_needs_a_topic_from_this_ticket(self):
        with self.assertRaisesRegex(UserError, "Pick the messages"):
            self.ticket._split("Nada", description="<p> </p>")
        elsewhere = self.env["case.ticket"].create({"name": "otro"})
        message = elsewhere.message_post(body="ajeno", subtype_xmlid="mail.mt_note")
        with self.assertRaisesRegex(UserError, "Only messages of ticket"):
            self.ticket._split("Ajeno", messages=message)
        history = self.ticket.message_ids.filtered(lambda m: m.message_type == "notification")
        with self.assertRaisesRegex(UserError, "not the ticket's history"):
            self.ticket._split("Historia", messages=history[:1])
        self.assertFalse(self.ticket.child_ids)

    def test_split_page_on_the_form(self):
        child = self.ticket._split("Factura", messages=self.question)
        self.assertEqual(Form(self.ticket).child_ids.ids, child.ids)
        self.assertEqual(Form(child).parent_id, self.ticket)

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.addons.base.models.ir_model")
    def test_split_access(self):
        portal = new_test_user(self.env, login="split_portal", groups="base.group_portal")
        self.ticket.partner_id = portal.partner_id
        with self.assertRaises(AccessError):
            self.env["case.ticket.split"].with_user(portal).create(
                {"ticket_id": self.ticket.id, "name": "x"}
            )
        with self.assertRaises(AccessError):
            self.ticket.with_user(portal)._split("x", description="<p>tema</p>")
        foreign = self.env["case.ticket"].create({"name": "ajeno", "queue_id": self.queue_n3.id})
        with self.assertRaises(AccessError):
            foreign.with_user(self.agent)._split("x", description="<p>tema</p>")
        self.assertFalse(foreign.child_ids)
