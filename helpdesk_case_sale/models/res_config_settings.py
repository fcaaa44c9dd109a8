from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    case_block_over_credit = fields.Boolean(
        related="company_id.case_block_over_credit", readonly=False
    )
