from odoo import fields, models


class CaseTicketReassign(models.TransientModel):
    """Supervisors give many tickets to another agent at once."""

    _name = "case.ticket.reassign"
    _description = "Re-assign Tickets"

    ticket_ids = fields.Many2many(
        "case.ticket",
        string="Tickets",
        default=lambda self: self.env.context.get("active_ids"),
        required=True,
    )
    user_id = fields.Many2one(
        "res.users", string="Assign To", domain=[("share", "=", False)], required=False
    )
    note = fields.Char(help="Logged on each ticket.")

    def action_reassign(self):
        self.ensure_one()
        self.ticket_ids._reassign(self.user_id, self.note)
        return {"type": "ir.actions.act_window_close"}
