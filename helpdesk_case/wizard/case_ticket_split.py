from odoo import api, fields, models


class CaseTicketSplit(models.TransientModel):
    """Take one topic out of a ticket into a new linked ticket: one topic per ticket."""

    _name = "case.ticket.split"
    _description = "Split Ticket"

    ticket_id = fields.Many2one(
        "case.ticket",
        required=True,
        readonly=True,
        default=lambda self: self.env.context.get("active_ids", [False])[0],
    )
    message_ids = fields.Many2many(
        "mail.message",
        string="Messages",
        help="Messages and notes about the topic: they move to the new ticket with their files.",
    )
    name = fields.Char(string="Subject", required=True)
    description = fields.Html(
        string="Topic", help="The topic in your words, if no message says it."
    )
    typification_id = fields.Many2one(
        "case.typification",
        compute="_compute_typification_id",
        store=True,
        readonly=False,
        domain="[('child_ids', '=', False)]",
    )

    @api.depends("ticket_id")
    def _compute_typification_id(self):
        for wizard in self:
            wizard.typification_id = wizard.ticket_id.typification_id

    def action_split(self):
        self.ensure_one()
        child = self.ticket_id._split(
            self.name,
            messages=self.message_ids,
            description=self.description,
            typification=self.typification_id,
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "case.ticket",
            "res_id": child.id,
            "view_mode": "form",
            "target": "current",
        }
