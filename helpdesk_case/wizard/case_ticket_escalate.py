from odoo import api, fields, models


class CaseTicketEscalate(models.TransientModel):
    """Ask for the reason before moving tickets to the next attention level."""

    _name = "case.ticket.escalate"
    _description = "Escalate Tickets"

    ticket_ids = fields.Many2many(
        "case.ticket",
        string="Tickets",
        default=lambda self: self.env.context.get("active_ids"),
        required=True,
    )
    target_queue_ids = fields.Many2many(
        "case.queue", string="Target Queues", compute="_compute_target_queue_ids"
    )
    reason = fields.Text(required=True)

    @api.depends("ticket_ids.queue_id.escalation_queue_id")
    def _compute_target_queue_ids(self):
        for wizard in self:
            wizard.target_queue_ids = wizard.ticket_ids.queue_id.escalation_queue_id

    def action_escalate(self):
        self.ensure_one()
        self.ticket_ids._escalate(self.reason)
        return {"type": "ir.actions.act_window_close"}
