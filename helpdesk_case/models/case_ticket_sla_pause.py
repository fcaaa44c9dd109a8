from odoo import fields, models


class CaseTicketSlaPause(models.Model):
    """One stop of a ticket's SLA clock (the ticket waited for the customer); read by whoever
    may read the ticket (``case_sla_security.xml``)."""

    _name = "case.ticket.sla.pause"
    _description = "Ticket SLA Pause"
    _order = "date_start desc, id desc"

    ticket_id = fields.Many2one("case.ticket", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="ticket_id.company_id", store=True, index=True)
    stage_id = fields.Many2one("case.stage", string="Stage", readonly=True)
    date_start = fields.Datetime(string="Paused", required=True, readonly=True)
    date_end = fields.Datetime(string="Resumed", readonly=True)
    hours = fields.Float(string="Working Hours", readonly=True, digits=(16, 2))
