from odoo import fields, models


class CaseTicketReject(models.TransientModel):
    """Send incomplete tickets back to their requester with the reason."""

    _name = "case.ticket.reject"
    _description = "Reject Tickets"

    ticket_ids = fields.Many2many(
        "case.ticket",
        string="Tickets",
        default=lambda self: self.env.context.get("active_ids"),
        required=True,
    )
    reason_id = fields.Many2one("case.reject.reason", string="Reason", required=True)
    description = fields.Text(related="reason_id.description")
    note = fields.Text(help="Added to the message the requester receives.")

    def action_reject(self):
        self.ensure_one()
        self.ticket_ids._reject(self.reason_id, self.note)
        return {"type": "ir.actions.act_window_close"}
