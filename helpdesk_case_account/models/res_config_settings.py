from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    case_supervisors_decide_credit = fields.Boolean(
        string="Supervisors Decide on Credit",
        config_parameter="helpdesk_case_account.supervisors_decide_credit",
        help="Besides the credit and collections team, helpdesk supervisors may accept or deny "
        "credit requests and notes.",
    )
