from odoo import api, models


class MailThreadDocWait(models.AbstractModel):
    _inherit = "mail.thread"

    @api.model
    def _routing_check_route(self, message, message_dict, route, raise_exception=True):
        """A reply to a ticket closed for missing documents opens a new ticket linked to it
        (or goes to the one an earlier reply opened, while open) instead of landing on, or
        reopening, the closed one."""
        route = super()._routing_check_route(message, message_dict, route, raise_exception)
        if not route or route[0] != "case.ticket" or not route[1]:
            return route
        model, thread_id, custom_values, user_id, alias = route
        ticket = self.env["case.ticket"].sudo().browse(thread_id).exists()
        if ticket and ticket.docwait_closed and ticket.is_closed:
            followup = ticket._docwait_open_followup()
            if followup:  # a late message opened it already: the next ones thread there
                return (model, followup.id, custom_values, user_id, alias)
            values = {**(custom_values or {}), **ticket._docwait_followup_values()}
            return (model, False, values, user_id, alias)
        return route
