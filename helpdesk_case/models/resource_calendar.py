from odoo import models

# A change of these moves the working hours the SLA deadlines are counted on.
CALENDAR_TIME_FIELDS = frozenset({"tz", "two_weeks_calendar", "flexible_hours"})


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    def write(self, vals):
        result = super().write(vals)
        if CALENDAR_TIME_FIELDS & vals.keys():
            self.env["case.ticket"]._sla_flag_calendars(self)
        return result
