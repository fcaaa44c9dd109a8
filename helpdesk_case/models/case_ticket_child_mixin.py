from odoo import api, models
from odoo.fields import Domain


class CaseTicketChildMixin(models.AbstractModel):
    """Records that are part of a ticket (``ticket_id``): whoever may read the ticket may read
    them, nobody else. The ticket's own record rules decide, not a copy of them."""

    _name = "case.ticket.child.mixin"
    _description = "Part of a Ticket"

    @api.model
    def _search(self, domain, *args, **kwargs):
        if not self.env.su:
            tickets = self.env["case.ticket"]._search([])
            domain = Domain(domain) & Domain("ticket_id", "in", tickets)
        return super()._search(domain, *args, **kwargs)

    def _check_access(self, operation):
        result = super()._check_access(operation)
        if result or self.env.su or not self._ids:
            return result
        # sudo: which tickets the records belong to; the access check is the ticket's own
        tickets = self.sudo().ticket_id.with_env(self.env)
        ticket_result = tickets._check_access("read")
        if not ticket_result:
            return None
        forbidden_tickets, make_error = ticket_result
        return self.filtered(lambda rec: rec.sudo().ticket_id in forbidden_tickets), make_error
