from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    case_available = fields.Boolean(
        string="Available for Assignment",
        default=True,
        help="Queues assign new tickets to this agent only while this is on (turn it off when "
        "away).",
    )

    @property
    def SELF_READABLE_FIELDS(self):
        return [*super().SELF_READABLE_FIELDS, "case_available"]

    @property
    def SELF_WRITEABLE_FIELDS(self):
        return [*super().SELF_WRITEABLE_FIELDS, "case_available"]
