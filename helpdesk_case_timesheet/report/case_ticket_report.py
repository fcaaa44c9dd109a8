from odoo import fields, models
from odoo.tools import SQL


class CaseTicketReport(models.Model):
    _inherit = "case.ticket.report"

    hours_spent = fields.Float(
        string="Hours Spent",
        readonly=True,
        aggregator="sum",
        help="Hours logged on the tickets, by everyone who worked on them.",
    )

    def _select(self):
        # the ticket's stored total of its time entries
        return SQL("%s, COALESCE(t.timesheet_hours, 0.0) AS hours_spent", super()._select())
