from odoo import api, fields, models


class CaseTicketMerge(models.TransientModel):
    """Merge duplicate tickets into the one the agent keeps."""

    _name = "case.ticket.merge"
    _description = "Merge Tickets"

    ticket_ids = fields.Many2many(
        "case.ticket",
        string="Tickets",
        default=lambda self: self.env.context.get("active_ids"),
        required=True,
    )
    target_id = fields.Many2one(
        "case.ticket",
        string="Keep",
        compute="_compute_target_id",
        store=True,
        readonly=False,
        required=True,
        domain="[('id', 'in', ticket_ids)]",
        help="The ticket that stays open; the others are archived and point to it.",
    )

    @api.depends("ticket_ids")
    def _compute_target_id(self):
        for wizard in self:
            # the oldest ticket: the one the requester already knows
            if wizard.target_id not in wizard.ticket_ids:
                wizard.target_id = wizard.ticket_ids.sorted("id")[:1]

    def action_merge(self):
        self.ensure_one()
        self.ticket_ids._merge_into(self.target_id)
        return {
            "type": "ir.actions.act_window",
            "res_model": "case.ticket",
            "res_id": self.target_id.id,
            "view_mode": "form",
            "target": "current",
        }
