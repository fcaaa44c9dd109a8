from odoo import api, models
from odoo.tools import SQL

# A change of these moves the hours a public holiday takes off (a renamed one does not).
LEAVE_TIME_FIELDS = frozenset({"calendar_id", "date_from", "date_to", "resource_id", "time_type"})


class ResourceCalendarLeaves(models.Model):
    """Public holidays (time off of no one resource) move the SLA deadlines of the tickets whose
    window they meet; a leave without calendar counts for every calendar."""

    _inherit = "resource.calendar.leaves"

    @api.model_create_multi
    def create(self, vals_list):
        leaves = super().create(vals_list)
        leaves._flag_sla_tickets()
        return leaves

    def write(self, vals):
        if not LEAVE_TIME_FIELDS & vals.keys():
            return super().write(vals)
        self._flag_sla_tickets()  # the window before the change, then after it
        result = super().write(vals)
        self._flag_sla_tickets()
        return result

    def unlink(self):
        self._flag_sla_tickets()
        return super().unlink()

    def _flag_sla_tickets(self):
        """One query for every public holiday of ``self``."""
        Ticket = self.env["case.ticket"]
        conditions = [
            Ticket._sla_calendar_condition(
                leave.calendar_id or None, leave.date_from, leave.date_to
            )
            for leave in self
            if not leave.resource_id and leave.time_type == "leave"
        ]
        if conditions:
            Ticket._sla_flag(SQL(" OR ").join(conditions))
