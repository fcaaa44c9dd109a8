from odoo import api, models

# A change of these moves the working hours (a renamed or reordered line does not).
ATTENDANCE_TIME_FIELDS = frozenset(
    {
        "calendar_id",
        "dayofweek",
        "hour_from",
        "hour_to",
        "duration_hours",
        "week_type",
        "day_period",
        "display_type",
    }
)


class ResourceCalendarAttendance(models.Model):
    """Changing working hours moves the SLA deadlines counted on them."""

    _inherit = "resource.calendar.attendance"

    @api.model_create_multi
    def create(self, vals_list):
        attendances = super().create(vals_list)
        self.env["case.ticket"]._sla_flag_calendars(attendances.calendar_id)
        return attendances

    def write(self, vals):
        if not ATTENDANCE_TIME_FIELDS & vals.keys():
            return super().write(vals)
        calendars = self.calendar_id
        result = super().write(vals)
        self.env["case.ticket"]._sla_flag_calendars(calendars | self.calendar_id)
        return result

    def unlink(self):
        self.env["case.ticket"]._sla_flag_calendars(self.calendar_id)
        return super().unlink()
