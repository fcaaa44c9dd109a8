from odoo import api, fields, models
from odoo.fields import Domain


class CaseTicketSlaPause(models.Model):
    """One stop of a ticket's SLA clock (the ticket waited for the customer).

    A pause is part of its ticket: whoever may read the ticket may read its pauses, nobody else
    (the ticket's own record rules decide, not a copy of them)."""

    _name = "case.ticket.sla.pause"
    _description = "Ticket SLA Pause"
    _order = "date_start desc, id desc"

    ticket_id = fields.Many2one("case.ticket", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="ticket_id.company_id", store=True, index=True)
    stage_id = fields.Many2one("case.stage", string="Stage", readonly=True)
    date_start = fields.Datetime(string="Paused", required=True, readonly=True)
    date_end = fields.Datetime(string="Resumed", readonly=True)
    hours = fields.Float(string="Working Hours", readonly=True, digits=(16, 2))

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
        # sudo: which tickets the pauses belong to; the access check is the ticket's own
        tickets = self.sudo().ticket_id.with_env(self.env)
        ticket_result = tickets._check_access("read")
        if not ticket_result:
            return None
        forbidden_tickets, make_error = ticket_result
        return self.filtered(lambda pause: pause.sudo().ticket_id in forbidden_tickets), make_error
