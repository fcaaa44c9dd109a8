from datetime import datetime, timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import freeze_time, tagged

from .test_mail_gateway import MailGatewayCommon
from .test_security_portal import SecurityHttpCommon

T0 = datetime(2026, 3, 2, 9, 0)


@tagged("post_install", "-at_install")
class TestDocWait(MailGatewayCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stage_doc_wait = cls.env.ref("helpdesk_case.stage_doc_wait")
        cls.documents = cls.env["case.required.document"].create(
            [
                {"name": "Factura", "description": "copia de la factura"},
                {"name": "Identificación"},
            ]
        )
        cls.typ_not_received.required_document_ids = cls.documents

    def _ticket(self):
        with freeze_time(T0):
            return self.env["case.ticket"].create(
                {
                    "name": "No llegó mi pedido",
                    "partner_id": self.maria.id,
                    "typification_id": self.typ_not_received.id,
                }
            )

    def _followups(self, ticket, count):
        for __ in range(count):
            ticket.with_user(self.agent).action_docwait_followup()

    def test_ticket_waits_for_documents_with_the_clock_paused(self):
        ticket = self._ticket()
        self.assertEqual(ticket.stage_id, self.stage_doc_wait)
        self.assertEqual(ticket.docwait_since, T0)
        self.assertEqual(ticket.sla_pause_start, T0)
        other = self.env["case.ticket"].create(
            {"name": "Sin requisitos", "typification_id": self.typ_invoice_error.id}
        )
        self.assertFalse(other.stage_id.is_doc_wait)

    def test_followups_are_counted_and_sent_to_the_requester(self):
        ticket = self._ticket()
        self._followups(ticket, 2)
        self.assertEqual(ticket.docwait_followup_count, 2)
        reminder = ticket.message_ids[0]
        self.assertIn("Reminder (2)", reminder.body)
        self.assertIn("Factura: copia de la factura", reminder.body)
        self.assertIn(self.maria, reminder.partner_ids)
        ticket.stage_id = self.env.ref("helpdesk_case.stage_in_progress")
        with self.assertRaises(UserError):
            ticket.with_user(self.agent).action_docwait_followup()

    def test_portal_user_cannot_count_followups(self):
        ticket = self._ticket()
        portal = self.env["res.users"].create(
            {
                "name": "Portal María",
                "login": "maria_portal",
                "partner_id": self.maria.id,
                "group_ids": [Command.set([self.env.ref("base.group_portal").id])],
            }
        )
        with self.assertRaises(AccessError):
            ticket.with_user(portal).action_docwait_followup()
        self.assertEqual(ticket.docwait_followup_count, 0)

    def test_message_without_files_keeps_waiting_a_file_brings_it_back(self):
        ticket = self._ticket()
        ticket.message_post(
            body="¿Qué documentos?",
            author_id=self.maria.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertEqual(ticket.stage_id, self.stage_doc_wait)
        with freeze_time(T0 + timedelta(hours=2)):
            ticket.message_post(
                body="Adjunto la factura",
                author_id=self.maria.id,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                attachments=[("factura.pdf", b"%PDF-1.4")],
            )
        self.assertFalse(ticket.stage_id.is_doc_wait)
        self.assertEqual(ticket.stage_id.state_group, "doing")
        self.assertFalse(ticket.docwait_since)
        self.assertFalse(ticket.sla_pause_start)

    def test_cron_closes_after_24_hours_and_3_followups(self):
        ticket = self._ticket()
        two = self._ticket()
        self._followups(ticket, 3)
        self._followups(two, 2)
        Ticket = self.env["case.ticket"]
        with freeze_time(T0 + timedelta(hours=23)):
            self.assertEqual(Ticket._cron_docwait_close(), 0)
        with freeze_time(T0 + timedelta(hours=25)):
            self.assertEqual(Ticket._cron_docwait_close(), 1)
            self.assertEqual(Ticket._cron_docwait_close(), 0)  # idempotent
        self.assertTrue(ticket.is_closed)
        self.assertTrue(ticket.docwait_closed)
        self.assertFalse(two.is_closed, "two follow-ups are not enough")
        subjects = self.outgoing(ticket).mapped("subject")
        self.assertTrue(any("documents missing" in s for s in subjects))
        self.assertFalse(any(s.startswith(f"[{ticket.number}] Closed:") for s in subjects))

    def test_documents_need_a_waiting_stage_in_the_workflow(self):
        workflow = self.env["case.workflow"].create(
            {
                "name": "Sin espera",
                "stage_ids": [Command.set(self.env.ref("helpdesk_case.stage_in_progress").ids)],
            }
        )
        with (
            self.assertRaisesRegex(ValidationError, "no stage waiting for documents"),
            self.env.cr.savepoint(),
        ):
            self.typ_not_received.workflow_id = workflow
        self.typ_not_received.invalidate_recordset()
        self.assertNotEqual(self.typ_not_received.workflow_id, workflow)

    def test_settings_set_the_wait_and_the_follow_ups(self):
        params = self.env["ir.config_parameter"]
        params.set_param("helpdesk_case.docwait_hours", "48")
        params.set_param("helpdesk_case.docwait_followups", "1")
        ticket = self._ticket()
        self._followups(ticket, 1)
        Ticket = self.env["case.ticket"]
        with freeze_time(T0 + timedelta(hours=25)):
            self.assertEqual(Ticket._cron_docwait_close(), 0, "48 hours now")
        with freeze_time(T0 + timedelta(hours=49)):
            self.assertEqual(Ticket._cron_docwait_close(), 1, "one follow-up is enough now")
        params.set_param("helpdesk_case.docwait_hours", "0")
        other = self._ticket()
        self._followups(other, 3)
        with freeze_time(T0 + timedelta(days=30)):
            self.assertEqual(Ticket._cron_docwait_close(), 0, "0 hours: never closed by the cron")

    def test_late_email_opens_a_new_linked_ticket(self):
        ticket = self._ticket()
        self._followups(ticket, 3)
        with freeze_time(T0 + timedelta(hours=25)):
            self.env["case.ticket"]._cron_docwait_close()
        late = self.new_ticket("reply_by_subject.eml", number=ticket.number)
        self.assertEqual(late.parent_id, ticket)
        self.assertEqual(late.partner_id, self.maria)
        self.assertEqual(late.typification_id, self.typ_not_received)
        self.assertTrue(ticket.is_closed, "the old ticket stays closed")
        self.assertFalse(ticket.message_ids.filtered(lambda m: "perdí el correo" in str(m.body)))
        before = self.tickets()
        self.process(self.eml("reply_by_subject.eml", number=ticket.number))
        self.assertFalse(self.tickets() - before, "the next reply goes to the new ticket")
        self.assertEqual(
            len(late.message_ids.filtered(lambda m: "perdí el correo" in str(m.body))), 2
        )

    def test_reply_to_an_ordinary_closed_ticket_still_threads(self):
        ticket = self._ticket()
        ticket.stage_id = self.env.ref("helpdesk_case.stage_in_progress")
        ticket.action_close()
        before = self.tickets()
        self.process(self.eml("reply_by_subject.eml", number=ticket.number))
        self.assertFalse(self.tickets() - before)

    def test_workflow_without_closing_stage_keeps_waiting_and_mails_nothing(self):
        workflow = self.env["case.workflow"].create(
            {
                "name": "Sin cierre",
                "stage_ids": [
                    Command.set(
                        (self.stage_doc_wait | self.env.ref("helpdesk_case.stage_in_progress")).ids
                    )
                ],
            }
        )
        self.typ_not_received.workflow_id = workflow
        ticket = self._ticket()
        self.assertEqual(ticket.stage_id, self.stage_doc_wait)
        self._followups(ticket, 3)
        mails = self.outgoing(ticket)
        with freeze_time(T0 + timedelta(hours=25)):
            self.assertEqual(self.env["case.ticket"]._cron_docwait_close(), 0)
            self.assertEqual(self.env["case.ticket"]._cron_docwait_close(), 0)
        self.assertEqual(ticket.stage_id, self.stage_doc_wait, "nothing to close it with")
        self.assertFalse(ticket.docwait_closed)
        self.assertEqual(self.outgoing(ticket), mails, "no closing e-mail, not once, not twice")

    def test_a_new_wait_counts_its_own_followups(self):
        ticket = self._ticket()
        self._followups(ticket, 3)
        ticket.stage_id = self.env.ref("helpdesk_case.stage_in_progress")  # a wrong file came
        with freeze_time(T0 + timedelta(hours=30)):
            ticket.stage_id = self.stage_doc_wait
        self.assertEqual(ticket.docwait_followup_count, 0)
        self.assertEqual(ticket.docwait_since, T0 + timedelta(hours=30))
        with freeze_time(T0 + timedelta(hours=56)):
            self.assertEqual(self.env["case.ticket"]._cron_docwait_close(), 0, "no reminder yet")
            self._followups(ticket, 3)
            self.assertEqual(self.env["case.ticket"]._cron_docwait_close(), 1)

    def test_reopened_ticket_threads_replies_again(self):
        ticket = self._ticket()
        self._followups(ticket, 3)
        with freeze_time(T0 + timedelta(hours=25)):
            self.env["case.ticket"]._cron_docwait_close()
        self.assertTrue(ticket.docwait_closed)
        ticket.stage_id = self.env.ref("helpdesk_case.stage_in_progress")  # reopened by hand
        self.assertFalse(ticket.docwait_closed)
        ticket.action_close()
        before = self.tickets()
        self.process(self.eml("reply_by_subject.eml", number=ticket.number))
        self.assertFalse(self.tickets() - before, "an ordinary closed ticket: the reply threads")
        self.assertTrue(ticket.message_ids.filtered(lambda m: "perdí el correo" in str(m.body)))


@tagged("post_install", "-at_install")
class TestDocWaitPortal(SecurityHttpCommon):
    """A portal message on a ticket closed for missing documents, through Odoo's own route."""

    def test_portal_message_opens_a_new_linked_case(self):
        ticket = self.ticket_a
        ticket.action_close()
        ticket.docwait_closed = True
        messages = ticket.message_ids
        self.authenticate("case_cust_a", "case_cust_a")
        page = self.url_open(f"/my/cases/{ticket.id}").text
        self.assertIn("opens a new case linked to this one", page)
        answer = self.post(ticket, {"body": "Aquí están los documentos"})
        self.assertNotIn("error", answer)
        message = self.env["mail.message"].browse(answer["result"]["message_id"])
        followup = self.env["case.ticket"].search([("parent_id", "=", ticket.id)])
        self.assertEqual(len(followup), 1)
        self.assertEqual((message.model, message.res_id), ("case.ticket", followup.id))
        self.assertEqual(message.author_id, self.customer_a.partner_id)
        self.assertEqual(followup.partner_id, ticket.partner_id)
        self.assertEqual(ticket.message_ids, messages, "nothing lands on the closed case")
        self.assertTrue(ticket.is_closed)
        self.assertTrue(followup.with_user(self.customer_a).has_access("read"))
        answer = self.post(ticket, {"body": "Y este otro"})
        self.assertEqual(self.env["case.ticket"].search([("parent_id", "=", ticket.id)]), followup)
        self.assertEqual(
            self.env["mail.message"].browse(answer["result"]["message_id"]).res_id, followup.id
        )

    def test_other_customer_or_anonymous_opens_nothing(self):
        ticket = self.ticket_a
        ticket.action_close()
        ticket.docwait_closed = True
        self.authenticate("case_cust_b", "case_cust_b")
        self.assertRpcError(self.post(ticket, {"body": "No es mío"}), "")
        self.authenticate(None, None)
        self.assertRpcError(self.post(ticket, {"body": "Sin enlace"}), "")
        self.assertRpcError(self.post(ticket, {"body": "Enlace falso"}, token="x" * 36), "")
        self.assertFalse(self.env["case.ticket"].search([("parent_id", "=", ticket.id)]))

    def test_anonymous_with_the_mail_link_opens_a_new_linked_case(self):
        ticket = self.ticket_a
        token = ticket._portal_ensure_token()  # as the closing e-mail's link
        ticket.action_close()
        ticket.docwait_closed = True
        messages = ticket.message_ids
        self.authenticate(None, None)
        answer = self.post(ticket, {"body": "Adjunto la factura"}, token=token)
        self.assertNotIn("error", answer)
        followup = self.env["case.ticket"].search([("parent_id", "=", ticket.id)])
        self.assertEqual(len(followup), 1)
        message = self.env["mail.message"].browse(answer["result"]["message_id"])
        self.assertEqual((message.model, message.res_id), ("case.ticket", followup.id))
        self.assertEqual(message.author_id, self.customer_a.partner_id)
        self.assertEqual(ticket.message_ids, messages, "nothing lands on the closed case")
        self.assertTrue(ticket.is_closed)

    def test_rating_stays_on_the_rated_case(self):
        ticket = self.ticket_a
        ticket.action_close()
        ticket.docwait_closed = True
        self.authenticate("case_cust_a", "case_cust_a")
        self._post(f"/my/cases/{ticket.id}/rate", {"rate": 5, "feedback": "Bien"})
        self.assertFalse(self.env["case.ticket"].search([("parent_id", "=", ticket.id)]))
        rating = self.env["rating.rating"].search(
            [("res_model", "=", "case.ticket"), ("res_id", "=", ticket.id), ("consumed", "=", True)]
        )
        self.assertEqual(rating.rating, 5)

    def test_direct_rpc_post_is_still_refused(self):
        ticket = self.ticket_a
        ticket.action_close()
        ticket.docwait_closed = True
        self.authenticate("case_cust_a", "case_cust_a")
        answer = self.call_kw("case.ticket", "message_post", [ticket.ids], {"body": "Hola"})
        self.assertRpcError(answer)
        self.assertFalse(self.env["case.ticket"].search([("parent_id", "=", ticket.id)]))

    def test_agent_note_stays_on_the_closed_ticket(self):
        ticket = self.ticket_a
        ticket.action_close()
        ticket.docwait_closed = True
        admin = self.env.ref("base.user_admin")  # an employee who may write on it
        ticket.with_user(admin).message_post(
            body="Cerrado sin documentos", message_type="comment", subtype_xmlid="mail.mt_note"
        )
        self.assertIn("Cerrado sin documentos", str(ticket.message_ids[0].body))
        self.assertFalse(self.env["case.ticket"].search([("parent_id", "=", ticket.id)]))
