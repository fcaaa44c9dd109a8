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
        tickets = self.ticket_ids
        tickets._escalate(self.reason)
        if tickets._filtered_access("read") == tickets:
            return {"type": "ir.actions.act_window_close"}
        # the tickets left the agent's queues: back to the list they can still see
        return self.env["ir.actions.act_window"]._for_xml_id("helpdesk_case.case_ticket_action")
