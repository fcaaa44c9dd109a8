from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    case_block_over_credit = fields.Boolean(
        string="Block Orders over Credit Limit",
        help="Confirming an order that takes the customer over their credit limit is refused "
        "until a supervisor releases it from an order-release ticket.",
    )
