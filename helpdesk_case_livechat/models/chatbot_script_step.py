from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ChatbotScriptStep(models.Model):
    _inherit = "chatbot.script.step"

    step_type = fields.Selection(
        selection_add=[("create_ticket", "Create Ticket")],
        ondelete={"create_ticket": "cascade"},
    )
    case_typification_id = fields.Many2one(
        "case.typification",
        string="Ticket Type",
        ondelete="set null",
        index="btree_not_null",
        domain=[("child_ids", "=", False), ("portal_visible", "=", True)],
        help="Used with the 'Create Ticket' step: the type (and so the queue, priority and "
        "workflow) of the tickets the bot creates. Customers' case types only.",
    )

    @api.constrains("case_typification_id")
    def _check_case_typification_id(self):
        for step in self.filtered("case_typification_id"):
            typification = step.case_typification_id
            if typification.child_ids or not typification.portal_visible:
                raise ValidationError(
                    _(
                        "The chatbot files tickets for customers: “%s” must be a case type "
                        "(not a category) available in the portal.",
                        typification.display_name,
                    )
                )

    def _process_step(self, discuss_channel):
        self.ensure_one()
        if self.step_type != "create_ticket":
            return super()._process_step(discuss_channel)
        ticket = self._process_step_create_ticket(discuss_channel)
        return discuss_channel._chatbot_post_message(
            self.chatbot_script_id,
            (self.message or Markup()) + self._case_ticket_reference_message(ticket),
        )

    def _process_step_create_ticket(self, discuss_channel):
        """Create a ticket with what the conversation holds: the requester (the logged-in
        visitor, else the e-mail and phone collected by earlier steps), the visitor's first
        words as subject and the transcript as description."""
        # sudo: visitors (often the public user) may not create tickets; the bot files the
        # request on their behalf, from this conversation only, as the portal form does
        return discuss_channel.sudo()._case_create_ticket_from_channel(
            case_channel="chatbot", typification=self.case_typification_id
        )

    def _case_ticket_reference_message(self, ticket):
        """What the bot tells the visitor: the reference, a link for a logged-in requester."""
        partner = ticket.partner_id
        if partner and partner == self.env.user.partner_id and not self.env.user._is_public():
            reference = Markup('<a href="%s">%s</a>') % (ticket.access_url, ticket.number)
        else:
            reference = ticket.number
        return Markup("<p>%s</p>") % _("Your ticket reference is %s.", reference)
