from random import randint

from odoo import fields, models


class CaseTag(models.Model):
    _name = "case.tag"
    _description = "Ticket Tag"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    color = fields.Integer(default=lambda self: randint(1, 11))
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", index=True, help="Leave empty to share it with every company."
    )

    _name_uniq = models.Constraint("UNIQUE(name)", "A tag with the same name already exists.")
