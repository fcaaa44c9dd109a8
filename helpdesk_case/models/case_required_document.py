from odoo import fields, models


class CaseRequiredDocument(models.Model):
    """A document a typification needs from the requester before the ticket can be worked."""

    _name = "case.required.document"
    _description = "Required Document"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    description = fields.Text(translate=True, help="What the requester must send, told to them.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", index=True, help="Leave empty to share it with every company."
    )
