from odoo import fields, models


class CaseRejectReason(models.Model):
    """Why an incomplete ticket goes back to its requester, and what they must send."""

    _name = "case.reject.reason"
    _description = "Ticket Rejection Reason"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(
        string="What to Send",
        translate=True,
        help="Sent to the requester with the reason: what the case needs to be worked.",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", index=True, help="Leave empty to share it with every company."
    )
