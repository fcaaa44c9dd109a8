from odoo import fields, models


class CaseRequestType(models.Model):
    """Kind of request (Soporte, Cambio, Consultoría, Duda, Error).

    Support requests must be worked at once: they may not sit in a backlog stage.
    """

    _name = "case.request.type"
    _description = "Ticket Request Type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    backlog_allowed = fields.Boolean(
        default=True,
        help="If unchecked, tickets of this type cannot be moved to a backlog stage.",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", index=True, help="Leave empty to share it with every company."
    )
