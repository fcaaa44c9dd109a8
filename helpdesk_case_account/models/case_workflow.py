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

    def _outcome_stage(self, accepted):
        """The stage a decision ends in: the workflow's first closing stage when accepted, its
        last one when rejected (e.g. Credit Accepted / Credit Denied)."""
        self.ensure_one()
        closing = self.stage_ids.filtered("is_close").sorted()
        return closing[:1] if accepted else closing[-1:]
