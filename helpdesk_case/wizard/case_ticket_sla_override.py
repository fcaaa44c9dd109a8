from odoo import api, fields, models


class CaseTicketSlaOverride(models.TransientModel):
    """Supervisors set a ticket's SLA deadlines by hand, with a reason for the chatter."""

    _name = "case.ticket.sla.override"
    _description = "Override Ticket SLA"

    ticket_ids = fields.Many2many(
        "case.ticket",
        string="Tickets",
        default=lambda self: self.env.context.get("active_ids"),
        required=True,
    )
    response_deadline = fields.Datetime(string="First Response Deadline")
    resolution_deadline = fields.Datetime(string="Resolution Deadline")
    reason = fields.Text(required=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        ticket = self.env["case.ticket"].browse(self.env.context.get("active_ids") or [])[:1]
        if ticket:
            values.setdefault("response_deadline", ticket.sla_response_deadline)
            values.setdefault("resolution_deadline", ticket.sla_resolution_deadline)
        return values

    def action_override(self):
        self.ensure_one()
        self.ticket_ids._sla_override(self.response_deadline, self.resolution_deadline, self.reason)
        return {"type": "ir.actions.act_window_close"}
