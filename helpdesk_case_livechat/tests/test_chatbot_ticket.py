from markupsafe import escape

from odoo.addons.im_livechat.tests import chatbot_common
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import create_case_fixtures


@tagged("post_install", "-at_install")
class TestChatbotCreateTicket(chatbot_common.ChatbotCase):
    """The chatbot's "Create Ticket" step, played through the visitor's HTTP routes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        create_case_fixtures(cls)
        cls.answer_ticket = cls.env["chatbot.script.answer"].create(
            {"name": "Open a support ticket", "script_step_id": cls.step_dispatch.id}
        )
        Step = cls.env["chatbot.script.step"]
        cls.step_problem, cls.step_ticket_email, cls.step_ticket_phone, cls.step_ticket = (
            Step.create(
                [
                    {
                        "step_type": "free_input_multi",
                        "message": "Tell us what happened.",
                        "sequence": 20,
                        "triggering_answer_ids": [(4, cls.answer_ticket.id)],
                        "chatbot_script_id": cls.chatbot_script.id,
                    },
                    {
                        "step_type": "question_email",
                        "message": "Your e-mail, please?",
                        "sequence": 21,
                        "triggering_answer_ids": [(4, cls.answer_ticket.id)],
                        "chatbot_script_id": cls.chatbot_script.id,
                    },
                    {
                        "step_type": "question_phone",
                        "message": "And a phone number?",
                        "sequence": 22,
                        "triggering_answer_ids": [(4, cls.answer_ticket.id)],
                        "chatbot_script_id": cls.chatbot_script.id,
                    },
                    {
                        "step_type": "create_ticket",
                        "message": "Thank you! Our team will get back to you.",
                        "sequence": 23,
                        "triggering_answer_ids": [(4, cls.answer_ticket.id)],
                        "case_typification_id": cls.typ_chat.id,
                        "chatbot_script_id": cls.chatbot_script.id,
                    },
                ]
            )
        )

    def _play_ticket_script(self, problem, email="visitor@example.com", phone="555 0101"):
        data = self.make_jsonrpc_request(
            "/im_livechat/get_session",
            {"channel_id": self.livechat_channel.id, "chatbot_script_id": self.chatbot_script.id},
        )
        channel = self.env["discuss.channel"].sudo().browse(data["channel_id"])
        self._post_answer_and_trigger_next_step(channel, chatbot_script_answer=self.answer_ticket)
        self.assertEqual(channel.chatbot_current_step_id, self.step_problem)
        # the visitor's composer sends text as HTML
        self._post_answer_and_trigger_next_step(channel, str(escape(problem)))
        self.assertEqual(channel.chatbot_current_step_id, self.step_ticket_email)
        self._post_answer_and_trigger_next_step(channel, email=email)
        self.assertEqual(channel.chatbot_current_step_id, self.step_ticket_phone)
        self._post_answer_and_trigger_next_step(channel, phone)
        self.assertEqual(channel.chatbot_current_step_id, self.step_ticket)
        ticket = self.env["case.ticket"].sudo().search([("origin_channel_id", "=", channel.id)])
        self.assertEqual(len(ticket), 1)
        return channel, ticket

    def _last_bot_message(self, channel):
        bot = self.chatbot_script.operator_partner_id
        return channel.message_ids.filtered(lambda m: m.author_id == bot).sorted("id")[-1]

    def test_anonymous_visitor_gets_a_ticket_with_the_transcript(self):
        channel, ticket = self._play_ticket_script("Mi pedido <b>S0042</b> no llegó")

        self.assertEqual(ticket.channel_id, self.case_channel_chatbot)
        self.assertEqual(ticket.name, "Mi pedido <b>S0042</b> no llegó")
        # requester: what the visitor told the bot, no contact attached on a typed e-mail
        self.assertFalse(ticket.partner_id)
        self.assertEqual(ticket.partner_email, "visitor@example.com")
        self.assertEqual(ticket.partner_phone, "555 0101")
        self.assertTrue(ticket.partner_name)
        # typification of the step, and the queue it defaults to
        self.assertEqual(ticket.typification_id, self.typ_chat)
        self.assertEqual(ticket.queue_id, self.queue)
        # description: the whole conversation so far, the visitor's words escaped
        description = str(ticket.description)
        for text in ("How can I help you?", "Tell us what happened.", "visitor@example.com"):
            self.assertIn(text, description)
        self.assertIn("&lt;b&gt;S0042&lt;/b&gt;", description)
        self.assertNotIn("<b>S0042</b>", description)
        # the bot gives the visitor the reference, after the step's own message
        reply = self._last_bot_message(channel)
        self.assertIn("Thank you! Our team will get back to you.", reply.body)
        self.assertIn(ticket.number, reply.body)
        self.assertNotIn(ticket.access_url, reply.body)

    def test_logged_in_visitor_is_the_requester(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        channel, ticket = self._play_ticket_script("Quiero cambiar un producto")

        self.assertEqual(ticket.partner_id, self.portal_user.partner_id)
        # the contact's own e-mail wins over a typed one; the phone it lacked is kept
        self.assertEqual(ticket.partner_email, "paula@example.com")
        self.assertEqual(ticket.partner_phone, "555 0101")
        self.assertEqual(ticket.channel_id, self.case_channel_chatbot)
        reply = self._last_bot_message(channel)
        self.assertIn(ticket.number, reply.body)
        self.assertIn(ticket.access_url, reply.body)  # their case in the portal
        # and the customer finds it there
        self.assertEqual(self.env["case.ticket"].with_user(self.portal_user).search([]), ticket)

    def test_long_first_answer_is_truncated_not_refused(self):
        problem = "Mi pedido no llegó " + "y sigo esperando " * 20
        channel, ticket = self._play_ticket_script(problem)

        self.assertEqual(len(ticket.name), 200)
        self.assertTrue(ticket.name.endswith("…"))
        self.assertTrue(problem.startswith(ticket.name[:-1]))
        self.assertIn(" ".join(problem.split()), str(ticket.description))
        self.assertIn(ticket.number, self._last_bot_message(channel).body)

    def test_step_takes_only_customer_case_types(self):
        with self.assertRaises(ValidationError):
            self.step_ticket.case_typification_id = self.typ_category
        internal = self.typ_chat.copy({"portal_visible": False, "parent_id": False})
        with self.assertRaises(ValidationError):
            self.step_ticket.case_typification_id = internal
