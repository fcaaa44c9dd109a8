from odoo import models
from odoo.tools import SQL

from .case_ticket_sla_recompute import SLA_HAS_DEADLINE_SQL


class ResCompany(models.Model):
    _inherit = "res.company"

    def write(self, vals):
        result = super().write(vals)
        if "resource_calendar_id" in vals:
            # deadlines counted on the company's calendar (neither policy nor queue sets one)
            self.env["case.ticket"]._sla_flag(
                SQL(
                    "%s AND t.company_id = ANY(%s) AND p.resource_calendar_id IS NULL"
                    " AND q.resource_calendar_id IS NULL",
                    SQL(SLA_HAS_DEADLINE_SQL),
                    self.ids,
                )
            )
        return result
