"""Netiquette (MDG): shouting and abusive language are flagged for the agent, never refused."""

import json

from odoo.exceptions import AccessError, UserError
from odoo.tests import BaseCase, new_test_user, tagged
from odoo.tools import mute_logger

from ..tools.netiquette import find_words, is_shouting, message_text, parse_words
from .common import CaseCommon
from .test_security_portal import SecurityHttpCommon

RAW_EMAIL = """From: Cliente Anónimo <anonimo@example.com>
To: soporte@example.com
Subject: Mi pedido
Message-ID: <netiquette-{tag}@example.com>
Content-Type: text/plain; charset=utf-8

{body}
"""


@tagged("post_install", "-at_install")
class TestNetiquetteRules(BaseCase):
    def test_capitals(self):
        self.assertTrue(is_shouting("NECESITO MI PEDIDO"), "four words in capitals")
        self.assertTrue(is_shouting("Hola, NO HE RECIBIDO NADA todavía"), "a run inside a text")
        self.assertTrue(is_shouting("URGENTE POR FAVOR"), "mostly capitals")
        self.assertTrue(is_shouting("ÚLTIMO AVISO: ÑANDÚ ÉPICO"), "accented capitals too")
        self.assertFalse(is_shouting("Hola, necesito ayuda con mi pedido"))
        self.assertFalse(is_shouting("AYUDA"), "a word is not a tone")
        self.assertFalse(is_shouting("Error en el XML del CFDI, RFC KAHO641101B39, UUID y SAT"))
        self.assertFalse(is_shouting("El RFC XAXX SAT"), "acronyms are not shouting")
        self.assertFalse(is_shouting(""))

    def test_runs_of_signs(self):
        for text in ("¿Dónde está???", "¡¡¡Urgente", "Ya!!!", "¿¿¿Qué", "¡!!!", "¿???", "?!?"):
            self.assertTrue(is_shouting(text), text)
        for text in ("¿Dónde está mi pedido?", "¡Gracias!", "¿¿Qué??", "Bien..."):
            self.assertFalse(is_shouting(text), text)

    def test_words_ignore_case_and_accents_but_not_word_boundaries(self):
        words = parse_words(" Idiota, imbécil,, hijo de  puta, coño ")
        self.assertEqual(words, ["coño", "hijo de puta", "idiota", "imbecil"])
        self.assertEqual(find_words("Es usted un IMBECIL", words), ["imbecil"])
        self.assertEqual(find_words("qué imbécil", words), ["imbecil"])
        self.assertEqual(find_words("HIJO   DE PUTA!", words), ["hijo de puta"])
        self.assertEqual(find_words("¡Idiota!", words), ["idiota"])
        self.assertEqual(find_words("la idiotez de los imbéciles", words), [], "whole words")
        self.assertEqual(find_words("un cono de helado", words), [], "ñ is a letter, not an accent")
        self.assertEqual(find_words("anything", []), [])

    def test_message_text_leaves_quotes_out(self):
        body = "<p>Gracias</p><blockquote>NECESITO RESPUESTA YA</blockquote>"
        self.assertEqual(message_text(body).strip(), "Gracias")
        quoted = '<p>Hola</p><div data-o-mail-quote="1">ERES UN IDIOTA</div>'
        self.assertEqual(message_text(quoted).strip(), "Hola")
        self.assertEqual(message_text("<p><br></p>"), "")


@tagged("post_install", "-at_install")
class TestNetiquetteFlags(CaseCommon):
    """Incoming messages set the flags; the agent ends an abusive attention courteously."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].set_param(
            "helpdesk_case.abusive_words", "idiota, imbécil, hijo de puta"
        )
        cls.ticket = cls.env["case.ticket"].create(
            {"name": "Pedido", "partner_id": cls.partner.id, "queue_id": cls.queue_n1.id}
        )
        cls.anonymous = cls.env["case.ticket"].create(
            {
                "name": "Sin cuenta",
                "partner_name": "Ana Anónima",
                "partner_email": "ana.anonima@example.com",
                "queue_id": cls.queue_n1.id,
            }
        )

    def _customer_post(self, ticket, body, **kwargs):
        return ticket.message_post(
            body=body,
            author_id=kwargs.pop("author_id", self.partner.id),
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            **kwargs,
        )

    def test_requester_shouting_sets_and_clears_the_flag(self):
        self._customer_post(self.ticket, "NECESITO MI PEDIDO YA")
        self.assertTrue(self.ticket.customer_shouting)
        self.assertFalse(self.ticket.abusive)
        self._customer_post(self.ticket, "Gracias por la ayuda.")
        self.assertFalse(self.ticket.customer_shouting, "the last message counts")

    def test_abusive_words_flag_and_track(self):
        self.flush_tracking()  # the ticket's creation, in this same transaction
        self._customer_post(self.ticket, "<p>Es usted un IMBECIL</p>")
        self._customer_post(self.ticket, "<p>¡idiota!</p>")
        self.flush_tracking()
        self.assertTrue(self.ticket.abusive)
        self.assertEqual(self.ticket.abusive_words, "idiota, imbecil")
        tracked = self.env["mail.tracking.value"].search(
            [
                ("mail_message_id.model", "=", "case.ticket"),
                ("mail_message_id.res_id", "=", self.ticket.id),
                ("field_id.name", "=", "abusive"),
            ]
        )
        self.assertTrue(tracked, "the flag is tracked in the chatter")
        self.ticket.with_user(self.agent).action_clear_abusive()
        self.assertFalse(self.ticket.abusive)

    def test_whole_words_only(self):
        self._customer_post(self.ticket, "La idiotez del sistema: imbéciles los formularios")
        self.assertFalse(self.ticket.abusive)

    def test_agents_messages_and_notes_do_not_flag(self):
        self.ticket.with_user(self.agent).message_post(
            body="NOTA INTERNA: CLIENTE IDIOTA", subtype_xmlid="mail.mt_note"
        )
        self.ticket.with_user(self.agent).message_post(
            body="Le escribimos en mayúsculas?!?", message_type="comment"
        )
        self.assertFalse(self.ticket.abusive)
        self.assertFalse(self.ticket.customer_shouting)

    def test_the_word_list_is_configurable(self):
        self.env["ir.config_parameter"].set_param("helpdesk_case.abusive_words", "tarado")
        self._customer_post(self.ticket, "Es usted un idiota")
        self.assertFalse(self.ticket.abusive)
        self._customer_post(self.ticket, "y un TARADO")
        self.assertEqual(self.ticket.abusive_words, "tarado")
        self.env["ir.config_parameter"].set_param("helpdesk_case.abusive_words", "")
        self._customer_post(self.anonymous, "y un tarado", author_id=False)
        self.assertFalse(self.anonymous.abusive, "an empty list flags nothing")

    def test_spanish_default_list(self):
        words = self.env.ref("helpdesk_case.config_abusive_words").value
        self.assertIn("imbécil", words)
        self.assertIn("hijo de puta", words)

    def test_incoming_e_mail(self):
        raw = RAW_EMAIL.format(tag="new", body="¿¿¿DÓNDE ESTÁ MI PEDIDO??? Son unos idiotas")
        ticket_id = self.env["mail.thread"].message_process("case.ticket", raw)
        ticket = self.env["case.ticket"].browse(ticket_id)
        self.assertTrue(ticket.customer_shouting)
        self.assertFalse(ticket.abusive, "“idiotas” is not “idiota”")
        raw = RAW_EMAIL.format(tag="reply", body="Eres un idiota").replace(
            "Subject: Mi pedido",
            "Subject: Re: Mi pedido\nIn-Reply-To: <netiquette-new@example.com>",
        )
        self.env["mail.thread"].message_process("case.ticket", raw)
        self.assertTrue(ticket.abusive)
        self.assertFalse(ticket.customer_shouting)

    def test_intake_values_carry_the_flags(self):
        vals = self.env["case.ticket"]._prepare_intake_values(
            "portal",
            partner=self.partner,
            name="AYUDA",
            description="<p>NO ME HAN ENTREGADO NADA, hijo de puta</p>",
        )
        ticket = self.env["case.ticket"].create(vals)
        self.assertTrue(ticket.customer_shouting)
        self.assertTrue(ticket.abusive)
        self.assertEqual(ticket.abusive_words, "hijo de puta")

    def test_end_attention_mails_the_partner_and_closes(self):
        self._customer_post(self.ticket, "idiota")
        self.ticket.with_user(self.agent).action_end_attention()
        self.assertTrue(self.ticket.is_closed)
        message = self.ticket.message_ids.filtered(
            lambda m: m.subject and "end of attention" in m.subject
        )
        self.assertEqual(len(message), 1)
        self.assertEqual(message.message_type, "comment", "public: the portal shows it too")
        self.assertEqual(message.author_id, self.agent.partner_id)
        self.assertIn(self.partner, message.notification_ids.res_partner_id)
        self.assertIn("respectful conversation", str(message.body))

    def test_end_attention_mails_the_anonymous_requester(self):
        self._customer_post(self.anonymous, "imbécil", author_id=False)
        self.anonymous.with_user(self.agent).action_end_attention()
        self.assertTrue(self.anonymous.is_closed)
        message = self.anonymous.message_ids.filtered(
            lambda m: m.subject and "end of attention" in m.subject
        )
        recipients = message.notification_ids.res_partner_id
        self.assertEqual(recipients.mapped("email"), ["ana.anonima@example.com"])
        self.assertIn("Ana Anónima", str(message.body))

    def test_end_attention_is_for_abusive_tickets_and_agents(self):
        with self.assertRaises(UserError):
            self.ticket.with_user(self.agent).action_end_attention()
        self._customer_post(self.ticket, "idiota")
        employee = new_test_user(self.env, login="netiquette_employee", groups="base.group_user")
        with self.assertRaises(AccessError):
            self.ticket.with_user(employee).action_end_attention()
        self.assertFalse(self.ticket.is_closed)


@tagged("post_install", "-at_install")
class TestNetiquettePortal(SecurityHttpCommon):
    """Customers post whatever they write, and never see the flags."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].set_param("helpdesk_case.abusive_words", "idiota")

    def test_customer_post_is_never_refused(self):
        self.authenticate("case_cust_a", "case_cust_a")
        answer = self.post(self.ticket_a, {"body": "SON UNOS IDIOTAS!!! ERES UN IDIOTA"})
        self.assertNotIn("error", answer)
        message = self.env["mail.message"].browse(answer["result"]["message_id"])
        self.assertIn("ERES UN IDIOTA", str(message.body), "posted as written")
        self.assertTrue(self.ticket_a.customer_shouting)
        self.assertTrue(self.ticket_a.abusive)

    def test_customer_post_with_the_reply_context_is_not_checked(self):
        self.authenticate("case_cust_a", "case_cust_a")
        params = {
            "thread_model": "case.ticket",
            "thread_id": self.ticket_a.id,
            "post_data": {"body": "¿¿¿RESPONDAN???"},
            "context": {"case_seen_message_id": 1},
        }
        self.assertNotIn("error", self.jsonrpc("/mail/message/post", params))

    def _thread_messages(self, ticket):
        params = {"thread_model": "case.ticket", "thread_id": ticket.id}
        answer = self.jsonrpc("/mail/thread/messages", params)
        self.assertNotIn("error", answer)
        return json.dumps(answer["result"])

    def test_portal_users_never_read_the_flags(self):
        self.ticket_a.message_subscribe(self.customer_a.partner_id.ids)
        self.env.flush_all()
        self.cr.flush()
        self.ticket_a.sudo().write({"abusive": True, "abusive_words": "idiota"})
        self.env.flush_all()
        self.cr.flush()
        self.authenticate("admin", "admin")
        self.assertIn("Abusive Language", self._thread_messages(self.ticket_a), "tracked")
        self.authenticate("case_cust_a", "case_cust_a")
        self.assertNotIn("Abusive Language", self._thread_messages(self.ticket_a))
        for field in ("abusive", "abusive_words", "customer_shouting"):
            with self.subTest(field=field):
                self.assertRpcError(
                    self.call_kw("case.ticket", "read", [[self.ticket_a.id], [field]])
                )
                self.assertRpcError(
                    self.call_kw("case.ticket", "search_count", [[(field, "!=", False)]])
                )
        page = self.url_open(f"/my/cases/{self.ticket_a.id}")
        self.assertEqual(page.status_code, 200)
        self.assertNotIn("abusive", page.text.lower())
        self.assertNotIn("idiota", page.text)
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self.ticket_a.with_user(self.customer_a).read(["abusive"])

    def test_agents_read_the_flags(self):
        agent = new_test_user(
            self.env, login="netiquette_agent", groups="helpdesk_case.group_case_service"
        )
        self.ticket_a.user_id = agent
        self.ticket_a.sudo().abusive = True
        self.assertTrue(self.ticket_a.with_user(agent).abusive)
        self.assertEqual(
            self.env["case.ticket"].with_user(agent).search([("abusive", "=", True)]), self.ticket_a
        )
