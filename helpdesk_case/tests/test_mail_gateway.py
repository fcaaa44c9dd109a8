"""E-mail intake through Odoo's real mail gateway (``message_process``), with .eml fixtures
shaped like what Outlook, Gmail, Apple Mail and phones send."""

import base64
from email.message import EmailMessage
from pathlib import Path

from odoo.tests import tagged, users
from odoo.tools import mute_logger

from .common import CaseCommon

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "mail"
ALIAS_DOMAIN = "helpdesk.example"
HELPDESK = f"helpdesk@{ALIAS_DOMAIN}"
QUEUE_N1 = f"nivel1@{ALIAS_DOMAIN}"
# with the netiquette check of the customer's text (+2 for a new ticket, +1 for a reply)
# +5 for a new ticket: the 4-working-hour first answer to an e-mail planned on the company
# calendar (attendances, holidays), the SLA status, the doc-wait check (issue 9)
QUERIES_NEW_TICKET = 63
# +1 for a reply: is the ticket closed for missing documents (doc-wait routing, issue 9)
QUERIES_REPLY = 52


class MailGatewayCommon(CaseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        domain = cls.env["mail.alias.domain"].create({"name": ALIAS_DOMAIN})
        cls.env.company.alias_domain_id = domain
        cls.helpdesk_alias = cls.env.ref("helpdesk_case.mail_alias_helpdesk")
        cls.helpdesk_alias.alias_domain_id = domain
        cls.queue_n1.write({"alias_name": "nivel1", "alias_domain_id": domain.id})
        cls.maria = cls.env["res.partner"].create(
            {"name": "María Pérez", "email": "maria.perez@example.com"}
        )
        cls.counter = 0

    def eml(self, fixture, **values):
        """The fixture's bytes with its placeholders filled (``{to}``, ``{message_id}``...)."""
        type(self).counter += 1
        values = {
            "from": "maria.perez@example.com",
            "to": HELPDESK,
            "message_id": f"fixture-{type(self).counter}-{fixture}@client.example",
            **values,
        }
        raw = (FIXTURES / fixture).read_bytes()
        for key, value in values.items():
            raw = raw.replace(b"{%s}" % key.encode(), str(value).encode())
        return raw

    def process(self, raw):
        return self.env["mail.thread"].message_process(False, raw)

    def tickets(self):
        return self.env["case.ticket"].with_context(active_test=False).search([])

    def outgoing(self, ticket):
        return self.env["mail.mail"].search(
            [("model", "=", "case.ticket"), ("res_id", "=", ticket.id)]
        )

    def new_ticket(self, fixture="outlook_new.eml", **values):
        before = self.tickets()
        self.process(self.eml(fixture, **values))
        created = self.tickets() - before
        self.assertEqual(len(created), 1, f"{fixture} should open exactly one ticket")
        return created


@tagged("post_install", "-at_install")
class TestNewTickets(MailGatewayCommon):
    def test_outlook_message_opens_a_ticket_for_the_known_contact(self):
        ticket = self.new_ticket("outlook_new.eml")
        self.assertEqual(ticket.name, "No llegó mi pedido de la semana pasada")
        self.assertEqual(ticket.partner_id, self.maria, "matched on the normalised address")
        self.assertEqual(ticket.channel_id, self.env.ref("helpdesk_case.channel_email"))
        self.assertFalse(ticket.queue_id, "the helpdesk's own address: triage decides")
        self.assertIn("12345", str(ticket.description))
        first = ticket.message_ids.filtered(lambda m: m.message_type == "email")
        self.assertEqual(first.author_id, self.maria)
        self.assertEqual(first.subtype_id, self.env.ref("helpdesk_case.mt_ticket_new"))

    def test_acknowledgement_carries_the_reference(self):
        ticket = self.new_ticket("outlook_new.eml")
        ack = self.outgoing(ticket).filtered(lambda m: ticket.number in (m.subject or ""))
        self.assertEqual(len(ack), 1)
        self.assertEqual(ack.recipient_ids, self.maria)
        self.assertIn(ticket.number, str(ack.body_html))
        self.assertIn("reply to this e-mail", str(ack.body_html))
        self.assertIn(f"/my/cases/{ticket.id}?access_token=", str(ack.body_html))

    def test_acknowledgement_in_the_requesters_language(self):
        self.env["res.lang"]._activate_lang("es_ES")
        self.env["ir.module.module"]._load_module_terms(
            ["helpdesk_case"], ["es_ES"], overwrite=True
        )
        self.maria.lang = "es_ES"
        ticket = self.new_ticket("outlook_new.eml")
        ack = self.outgoing(ticket).filtered(lambda m: ticket.number in (m.subject or ""))
        self.assertIn("ha sido recibida", str(ack.body_html))
        self.assertIn(ticket.number, str(ack.body_html))

    def test_queue_address_files_the_ticket_in_its_queue(self):
        ticket = self.new_ticket("outlook_new.eml", to=QUEUE_N1)
        self.assertEqual(ticket.queue_id, self.queue_n1)
        self.assertTrue(not ticket.user_id or ticket.user_id in self.queue_n1.member_ids)

    def test_unknown_sender_stays_a_name_and_an_address(self):
        partners = self.env["res.partner"].search_count([])
        ticket = self.new_ticket("gmail_html_only.eml")
        self.assertFalse(ticket.partner_id)
        self.assertEqual(ticket.partner_email, "nuevo.cliente@gmail.example")
        self.assertEqual(ticket.partner_name, "Nuevo Cliente")
        self.assertIn("F-9876", str(ticket.description))
        self.assertEqual(self.env["res.partner"].search_count([]), partners, "no contact made")
        ack = self.outgoing(ticket)
        self.assertEqual(ack.email_to, "nuevo.cliente@gmail.example")

    def test_cc_is_kept(self):
        ticket = self.new_ticket("with_cc.eml")
        self.assertIn("jefa@empresa.example", ticket.email_cc)
        self.assertIn("contador@empresa.example", ticket.email_cc)

    def test_no_subject_and_iso_8859_1(self):
        ticket = self.new_ticket("mobile_no_subject.eml")
        self.assertEqual(ticket.name, "E-mail without subject")
        self.assertIn("teléfono", str(ticket.description))

    def test_malformed_headers_do_not_break_intake(self):
        ticket = self.new_ticket("malformed_headers.eml")
        self.assertTrue(ticket.name)

    def test_same_message_id_twice_gives_one_ticket(self):
        raw = self.eml("outlook_new.eml", message_id="twice@client.example")
        before = self.tickets()
        self.process(raw)
        with mute_logger("odoo.addons.mail.models.mail_thread"):
            self.process(raw)
        self.assertEqual(len(self.tickets() - before), 1)

    def test_long_subject_is_cut_not_refused(self):
        message = EmailMessage()
        message["From"] = "maria.perez@example.com"
        message["To"] = HELPDESK
        message["Subject"] = "Pedido " + "muy " * 200
        message["Message-ID"] = "<long-subject@client.example>"
        message.set_content("Texto " * 200_000)  # a huge body too
        before = self.tickets()
        self.process(message.as_bytes())
        ticket = self.tickets() - before
        self.assertEqual(len(ticket.name), 200)


@tagged("post_install", "-at_install")
class TestAutomaticMail(MailGatewayCommon):
    def test_auto_replies_and_bounces_open_nothing(self):
        before = self.tickets()
        with mute_logger("odoo.addons.mail.models.mail_thread"):
            for fixture in ("auto_reply.eml", "out_of_office_subject_only.eml", "bounce.eml"):
                self.process(self.eml(fixture, subject="Su caso"))
        self.assertFalse(self.tickets() - before)

    def test_auto_reply_to_a_ticket_is_not_posted(self):
        ticket = self.new_ticket("outlook_new.eml")
        messages = len(ticket.message_ids)
        first = ticket.message_ids.filtered(lambda m: m.message_type == "email")
        raw = self.eml("auto_reply.eml", subject=ticket.name).replace(
            b"Date:", b"In-Reply-To: <%s>\nDate:" % first.message_id.strip("<>").encode()
        )
        self.process(raw)
        ticket.invalidate_recordset()
        self.assertEqual(len(ticket.message_ids), messages)


@tagged("post_install", "-at_install")
class TestReplies(MailGatewayCommon):
    def test_reply_by_headers_keeps_the_quoted_history_out_of_the_way(self):
        ticket = self.new_ticket("outlook_new.eml")
        first = ticket.message_ids.filtered(lambda m: m.message_type == "email")
        before = self.tickets()
        self.process(
            self.eml(
                "apple_reply.eml", in_reply_to=first.message_id.strip("<>"), subject=ticket.name
            )
        )
        self.assertFalse(self.tickets() - before, "a reply opens no ticket")
        reply = ticket.message_ids.filtered(lambda m: "comprobante" in str(m.body))[:1]
        self.assertTrue(reply)
        body = str(reply.body)
        self.assertIn("Historia citada", body, "the original stays available")
        self.assertIn("data-o-mail-quote", body, "quoted history is marked to be folded")

    def test_reply_by_reference_in_the_subject(self):
        ticket = self.new_ticket("outlook_new.eml")
        before = self.tickets()
        self.process(self.eml("reply_by_subject.eml", number=ticket.number))
        self.assertFalse(self.tickets() - before)
        self.assertTrue(ticket.message_ids.filtered(lambda m: "perdí el correo" in str(m.body)))

    def test_a_reference_alone_does_not_open_someone_elses_case(self):
        ticket = self.new_ticket("outlook_new.eml")
        raw = self.eml("reply_by_subject.eml", number=ticket.number).replace(
            b"From: maria.perez@example.com", b"From: intruso@example.com"
        )
        stranger = self.new_ticket_from(raw)
        self.assertNotEqual(stranger, ticket)
        self.assertFalse(ticket.message_ids.filtered(lambda m: "perdí el correo" in str(m.body)))

    def new_ticket_from(self, raw):
        before = self.tickets()
        self.process(raw)
        created = self.tickets() - before
        self.assertEqual(len(created), 1)
        return created

    def test_customer_reply_brings_a_waiting_ticket_back(self):
        ticket = self.new_ticket("outlook_new.eml")
        waiting = self.env.ref("helpdesk_case.stage_waiting_customer")
        ticket.stage_id = waiting
        self.assertTrue(self.outgoing(ticket).filtered(lambda m: "We need your reply" in m.subject))
        first = ticket.message_ids.filtered(lambda m: m.message_type == "email")
        self.process(
            self.eml(
                "apple_reply.eml", in_reply_to=first.message_id.strip("<>"), subject=ticket.name
            )
        )
        self.assertNotEqual(ticket.stage_id, waiting)
        self.assertFalse(ticket.is_closed)
        self.assertEqual(ticket.stage_id.state_group, "doing")


@tagged("post_install", "-at_install")
class TestEmailedFiles(MailGatewayCommon):
    def test_forbidden_file_is_dropped_and_explained(self):
        ticket = self.new_ticket("forbidden_attachment.eml", to=QUEUE_N1)
        names = (
            self.env["ir.attachment"]
            .search([("res_model", "=", "case.ticket"), ("res_id", "=", ticket.id)])
            .mapped("name")
        )
        self.assertIn("comprobante.pdf", names)
        self.assertNotIn("instalador.exe", names)
        note = ticket.message_ids.filtered(lambda m: "were not accepted" in str(m.body))
        self.assertTrue(note.is_internal or note.subtype_id.internal)
        told = self.outgoing(ticket).filtered(lambda m: "Files not accepted" in (m.subject or ""))
        self.assertEqual(len(told), 1)
        self.assertIn("instalador.exe", str(told.body_html))

    def test_oversize_and_many_files(self):
        self.env["ir.config_parameter"].set_param("helpdesk_case.attachment_max_size_mb", "1")
        message = EmailMessage()
        message["From"] = "andres.ramirez@example.com"
        message["To"] = HELPDESK
        message["Subject"] = "Muchos archivos"
        message["Message-ID"] = "<many-files@client.example>"
        message.set_content("Van los archivos")
        for index in range(30):
            message.add_attachment(
                b"%PDF-1.4 small", maintype="application", subtype="pdf", filename=f"f{index}.pdf"
            )
        message.add_attachment(
            b"%PDF-1.4" + b"0" * (2 * 1024 * 1024),
            maintype="application",
            subtype="pdf",
            filename="grande.pdf",
        )
        before = self.tickets()
        self.process(message.as_bytes())
        ticket = self.tickets() - before
        names = set(
            self.env["ir.attachment"]
            .search([("res_model", "=", "case.ticket"), ("res_id", "=", ticket.id)])
            .mapped("name")
        )
        self.assertEqual(len(names), 30)
        self.assertNotIn("grande.pdf", names)
        told = self.outgoing(ticket).filtered(lambda m: "Files not accepted" in (m.subject or ""))
        self.assertIn("grande.pdf", str(told.body_html))

    def test_agents_files_are_not_filtered(self):
        ticket = self.new_ticket("outlook_new.eml")
        ticket.message_post(
            body="Adjunto el instalador",
            message_type="email",
            author_id=self.agent.partner_id.id,
            attachments=[("herramienta.exe", base64.b64decode("TVqQAAMAAAAEAAAA//8AAA=="))],
        )
        names = (
            self.env["ir.attachment"]
            .search([("res_model", "=", "case.ticket"), ("res_id", "=", ticket.id)])
            .mapped("name")
        )
        self.assertIn("herramienta.exe", names)


@tagged("post_install", "-at_install")
class TestLifecycleMail(MailGatewayCommon):
    def test_anonymous_requester_gets_the_closing_mail_with_a_link(self):
        ticket = self.new_ticket("gmail_html_only.eml")
        ticket.action_close()
        closing = self.outgoing(ticket).filtered(lambda m: "Closed" in (m.subject or ""))
        self.assertEqual(len(closing), 1)
        self.assertEqual(closing.email_to, "nuevo.cliente@gmail.example")
        self.assertIn(
            f"/my/cases/{ticket.id}?access_token={ticket.access_token}", closing.body_html
        )


@tagged("post_install", "-at_install")
class TestMailPerformance(MailGatewayCommon):
    @users("__system__")
    def test_query_counts(self):
        self.process(self.eml("outlook_new.eml"))  # warm the caches
        self.env.invalidate_all()
        before = self.tickets()
        with self.assertQueryCount(__system__=QUERIES_NEW_TICKET):
            self.process(self.eml("outlook_new.eml"))
        ticket = self.tickets() - before
        first = ticket.message_ids.filtered(lambda m: m.message_type == "email")
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=QUERIES_REPLY):
            self.process(
                self.eml(
                    "apple_reply.eml",
                    in_reply_to=first.message_id.strip("<>"),
                    subject=ticket.name,
                )
            )


@tagged("post_install", "-at_install")
class TestAgentRepliesByEmail(MailGatewayCommon):
    def test_agent_reply_from_their_mailbox_answers_the_ticket(self):
        ticket = self.new_ticket()
        self.assertFalse(ticket.first_response_date)
        self.agent.email = "ana.agente@example.com"
        ticket.message_subscribe(self.agent.partner_id.ids)  # she follows it, as its assignee
        self.process(
            self.eml("reply_by_subject.eml", number=ticket.number, **{"from": self.agent.email})
        )
        message = ticket.message_ids[0]
        self.assertEqual(message.message_type, "email")
        self.assertEqual(message.author_id, self.agent.partner_id)
        self.assertTrue(ticket.first_response_date, "an e-mail from an agent answers too")
        self.assertEqual(ticket.last_update_date, ticket.first_response_date)

    def test_requester_reply_is_no_answer(self):
        ticket = self.new_ticket()
        self.process(self.eml("reply_by_subject.eml", number=ticket.number))
        self.assertEqual(ticket.message_ids[0].author_id, self.maria)
        self.assertFalse(ticket.first_response_date)
