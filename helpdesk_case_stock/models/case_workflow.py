from odoo import fields, models


class CaseWorkflow(models.Model):
    _inherit = "case.workflow"

    code = fields.Selection(
        selection_add=[("return", "Change and Return")], ondelete={"return": "set null"}
    )
