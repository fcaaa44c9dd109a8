from odoo import fields, models


class CaseWorkflow(models.Model):
    _inherit = "case.workflow"

    code = fields.Selection(
        selection_add=[
            ("credit_note", "Credit / Debit Note"),
            ("credit_request", "Credit Request"),
        ],
        ondelete={"credit_note": "set null", "credit_request": "set null"},
    )
