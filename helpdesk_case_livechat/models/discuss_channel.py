from markupsafe import Markup

from odoo import _, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import html2plaintext

TICKET_COMMAND = "/ticket"
FREE_INPUT_STEPS = ("free_input_single", "free_input_multi")


class DiscussChannel(models.Model):
    _inherit = "discuss.channel"

    case_ticket_ids = fields.One2many(
        "case.ticket",
        "origin_channel_id",
        string="Tickets",
        groups="helpdesk_case.group_case_service",
    )

    # ------------------------------------------------------------ operator command

    def execute_command_ticket(self, **kwargs):
        """``/ticket [subject]``: turn the conversation into a ticket with its transcript.

        Like ``/lead``, the link to the new ticket is shown to the operator only.
        """
        self.ensure_one()
        self._case_check_ticket_command()
        body = (kwargs.get("body") or "").strip()
        if body.startswith(TICKET_COMMAND):
            body = body[len(TICKET_COMMAND) :]
        ticket = self._case_create_ticket_from_channel(subject=body, case_channel="livechat")
        self.env.user._bus_send_transient_message(
            self, _("Created a new ticket: %s", ticket._get_html_link(title=ticket.display_name))
        )

    def _case_check_ticket_command(self):
        """Operators of the conversation who are helpdesk agents create its tickets."""
        if self.channel_type != "livechat" or not self.is_member:
            raise UserError(_("Create tickets from a live-chat conversation you take part in."))
        if not self.env.user.has_group("helpdesk_case.group_case_service"):
            raise AccessError(_("Only helpdesk agents can create tickets from a conversation."))

    # --------------------------------------------------------------------- intake

    def _case_create_ticket_from_channel(
        self, subject=None, case_channel="livechat", typification=None
    ):
        """Create a ticket from this conversation: requester, subject and transcript.

        The one place the chatbot's "Create Ticket" step (as the visitor, in sudo) and the
        operator's ``/ticket`` command (as the agent) take the conversation in.

        :param subject: the ticket's subject; by default the visitor's first words
        :param case_channel: code of the ``case.channel`` the ticket is filed under
        :param typification: the ``case.typification`` to give the ticket, if any
        :return: the new ``case.ticket``, in the environment of ``self``
        """
        self.ensure_one()
        Ticket = self.env["case.ticket"]
        partner, collected = self._case_requester()
        vals = Ticket._prepare_intake_values(
            case_channel,
            partner=partner,
            typification=typification,
            name=self._case_ticket_subject(subject),
            description=self._case_ticket_description(),
            origin_channel_id=self.id,
            **({} if partner else collected),
        )
        ticket = Ticket.create(vals)
        if partner:
            # the contact's own data wins; the bot's answers fill what it lacks (after the
            # create: giving one requester field would keep the others from the contact's)
            blanks = {field: value for field, value in collected.items() if not ticket[field]}
            if blanks:
                ticket.write(blanks)
        return ticket

    def _case_visitor(self):
        """The visitor of the conversation: ``(partner, guest)``, either may be empty."""
        # sudo: whoever calls this takes part in the conversation (its visitor, its bot or
        # operator); who the visitor is belongs to the conversation
        channel_sudo = self.sudo()
        partner = channel_sudo.livechat_customer_partner_ids.filtered(lambda p: not p.is_public)
        guest = channel_sudo.livechat_customer_guest_ids
        return partner[:1], guest[:1]

    def _case_requester(self):
        """``(partner, values)``: the logged-in visitor, and what the visitor told the bot.

        ``values`` holds ``partner_email``/``partner_phone`` from the bot's e-mail and phone
        questions, and a ``partner_name`` when the visitor is anonymous. A typed e-mail address
        is not verified: it never links the ticket to an existing contact.
        """
        partner, guest = self._case_visitor()
        # sudo: the answers the visitor gave the bot in this conversation (see _case_visitor)
        collected = self.sudo()._chatbot_find_customer_values_in_messages(
            {"question_email": "partner_email", "question_phone": "partner_phone"}
        )
        values = {field: value.strip() for field, value in collected.items() if value.strip()}
        if not partner:
            values["partner_name"] = guest.name or values.get("partner_email") or _("Visitor")
        return partner, values

    def _case_ticket_subject(self, subject=None):
        """``subject``, else the visitor's first words, on one line and within the limit."""
        subject = " ".join((subject or "").split()) or " ".join(
            self._case_visitor_first_words().split()
        )
        if not subject:
            partner, guest = self._case_visitor()
            subject = _("Live chat with %s", partner.name or guest.name or _("a visitor"))
        return self.env["case.ticket"]._intake_subject(subject)

    def _case_visitor_first_words(self):
        """The visitor's first free answer to the bot, else their first message."""
        # sudo: messages of the conversation the caller takes part in (see _case_visitor)
        channel_sudo = self.sudo()
        for chatbot_message in channel_sudo.chatbot_message_ids.sorted("id"):
            if (
                chatbot_message.script_step_id.step_type
                in ("free_input_single", "free_input_multi")
                and chatbot_message.user_raw_answer
            ):
                return html2plaintext(chatbot_message.user_raw_answer)
        partner, guest = self._case_visitor()
        for message in channel_sudo.message_ids.sorted("id"):
            from_visitor = (partner and message.author_id == partner) or (
                guest and message.author_guest_id == guest
            )
            text = from_visitor and html2plaintext(message.body or "").strip()
            if text:
                return text
        return ""

    def _case_ticket_description(self):
        """The transcript so far, as Odoo writes it for leads (escaped, one line a message)."""
        # sudo: the transcript of the conversation the caller takes part in (see _case_visitor)
        return Markup("<p>%s</p>%s") % (
            _("Transcript of the live-chat conversation “%s”:", self.sudo().name),
            self.sudo()._get_channel_history(),
        )
