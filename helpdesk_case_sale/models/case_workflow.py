from odoo import fields, models


class CaseWorkflow(models.Model):
    _inherit = "case.workflow"

    code = fields.Selection(
        selection_add=[("backorder", "Backorder"), ("release", "Order Release")],
        ondelete={"backorder": "set null", "release": "set null"},
    )
