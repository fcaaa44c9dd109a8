from markupsafe import escape

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import create_case_fixtures, transient_messages


@tagged("post_install", "-at_install")
class TestTicketCommand(HttpCase):
    """``/ticket`` in a live-chat conversation, as crm_livechat tests ``/lead``."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        create_case_fixtures(cls)
        cls.operator = new_test_user(
            cls.env,
            login="chat_agent",
            name="Olga Operator",
            groups="im_livechat.im_livechat_group_user,helpdesk_case.group_case_service",
        )
        cls.operator_not_agent = new_test_user(
            cls.env,
            login="chat_sales",
            name="Nico Not-An-Agent",
            groups="im_livechat.im_livechat_group_user",
        )
        cls.agent_off_chat = new_test_user(
            cls.env,
            login="chat_agent_off",
            name="Ana Off-Chat",
            groups="helpdesk_case.group_case_service",
        )
        cls.livechat_channel = cls.env["im_livechat.channel"].create(
            {"name": "Support chat", "user_ids": [Command.link(cls.operator.id)]}
        )
        cls.livechat_channel_other = cls.env["im_livechat.channel"].create(
            {"name": "Sales chat", "user_ids": [Command.link(cls.operator_not_agent.id)]}
        )
        cls.env["mail.presence"]._update_presence(cls.operator)
        cls.env["mail.presence"]._update_presence(cls.operator_not_agent)

    def _start_conversation(self, livechat_channel=None, visitor_text="Mi factura está mal"):
        data = self.make_jsonrpc_request(
            "/im_livechat/get_session",
            {"channel_id": (livechat_channel or self.livechat_channel).id, "persisted": True},
        )
        channel = self.env["discuss.channel"].browse(data["channel_id"])
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "discuss.channel",
                "thread_id": channel.id,
                "post_data": {"body": str(escape(visitor_text))},
            },
        )
        operator = channel.livechat_operator_id.user_ids
        channel.with_user(operator).message_post(
            body="Lo reviso enseguida", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        return channel

    def _ticket_of(self, channel):
        return self.env["case.ticket"].search([("origin_channel_id", "=", channel.id)])

    def test_operator_creates_ticket_with_transcript(self):
        channel = self._start_conversation()
        channel.with_user(self.operator).execute_command_ticket(
            body="/ticket Factura S0042 con IVA erróneo"
        )

        ticket = self._ticket_of(channel)
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.name, "Factura S0042 con IVA erróneo")
        self.assertEqual(ticket.channel_id, self.case_channel_livechat)
        self.assertFalse(ticket.partner_id)  # an anonymous visitor
        self.assertTrue(ticket.partner_name)
        self.assertEqual(ticket.user_id, self.operator)  # the creator owns the follow-up
        description = str(ticket.description)
        self.assertIn("Mi factura está mal", description)
        self.assertIn("Lo reviso enseguida", description)
        self.assertEqual(channel.case_ticket_ids, ticket)
        # the link goes to the operator only, nothing is posted in the conversation
        bodies = transient_messages(self.env, self.operator.partner_id)
        self.assertEqual(len(bodies), 1)
        self.assertIn(ticket.number, bodies[0])
        self.assertIn(f"data-oe-model='case.ticket' data-oe-id='{ticket.id}'", bodies[0])
        self.assertFalse(channel.message_ids.filtered(lambda m: ticket.number in (m.body or "")))
        # the agent reads the ticket they created and opens the conversation from it
        ticket_as_operator = ticket.with_user(self.operator)
        self.assertEqual(ticket_as_operator.name, "Factura S0042 con IVA erróneo")
        ticket_as_operator.action_open_livechat()

    def test_without_subject_the_visitor_first_words(self):
        channel = self._start_conversation(visitor_text="No me llegó el pedido S0050")
        channel.with_user(self.operator).execute_command_ticket(body="/ticket")
        self.assertEqual(self._ticket_of(channel).name, "No me llegó el pedido S0050")

    def test_logged_in_visitor_is_the_requester(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        channel = self._start_conversation()
        channel.with_user(self.operator).execute_command_ticket(body="/ticket Factura")
        ticket = self._ticket_of(channel)
        self.assertEqual(ticket.partner_id, self.portal_user.partner_id)
        self.assertEqual(ticket.partner_email, "paula@example.com")

    def test_long_subject_is_truncated_not_refused(self):
        channel = self._start_conversation()
        subject = "Factura " + "con un importe que no corresponde " * 10
        channel.with_user(self.operator).execute_command_ticket(body=f"/ticket {subject}")
        ticket = self._ticket_of(channel)
        self.assertEqual(len(ticket.name), 200)
        self.assertTrue(ticket.name.endswith("…"))
        self.assertTrue(subject.startswith(ticket.name[:-1]))

    def test_operator_who_is_not_an_agent_cannot(self):
        channel = self._start_conversation(livechat_channel=self.livechat_channel_other)
        self.assertEqual(channel.livechat_operator_id, self.operator_not_agent.partner_id)
        with self.assertRaises(AccessError):
            channel.with_user(self.operator_not_agent).execute_command_ticket(body="/ticket X")
        self.assertFalse(self._ticket_of(channel))

    def test_only_in_a_conversation_one_takes_part_in(self):
        channel = self._start_conversation(livechat_channel=self.livechat_channel_other)
        agent_outside = self.agent_off_chat  # a helpdesk agent, not in this conversation
        with self.assertRaises(UserError):
            channel.with_user(agent_outside).execute_command_ticket(body="/ticket X")
        with self.assertRaises(AccessError):
            self.env["case.ticket"].with_user(agent_outside).create(
                {"name": "Spy", "origin_channel_id": channel.id, "user_id": agent_outside.id}
            )
        self.assertFalse(self._ticket_of(channel))
