from odoo import api, fields, models


class CaseWorkflow(models.Model):
    """Ordered set of stages a ticket goes through; the typification picks it."""

    _name = "case.workflow"
    _description = "Ticket Workflow"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    code = fields.Selection(
        [("generic", "Generic")],
        copy=False,
        help="What the workflow is for: the helpdesk's generic flow, or one whose actions an "
        "application adds (credit notes, backorders...). Empty for a plain set of stages.",
    )
    description = fields.Text(translate=True)
    stage_ids = fields.Many2many(
        "case.stage",
        "case_stage_workflow_rel",
        "workflow_id",
        "stage_id",
        string="Stages",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", index=True, help="Leave empty to share it with every company."
    )

    _code_company_active_uniq = models.UniqueIndex(
        "(code, COALESCE(company_id, 0)) WHERE code IS NOT NULL AND active",
        "There is already a workflow of this kind for this company (or shared).",
    )

    @api.model
    def _get_generic(self, company=None):
        """The workflow of tickets without typification: the company's own, else the shared."""
        company = company or self.env.company
        workflows = self.search_fetch(
            [("code", "=", "generic"), ("company_id", "in", [company.id, False])],
            ["company_id"],
        )
        return workflows.filtered(lambda w: w.company_id == company)[:1] or workflows[:1]

    def _first_stage(self):
        """First working stage (by sequence): neither closing nor backlog."""
        self.ensure_one()
        return self.stage_ids.filtered(lambda s: not s.is_close and not s.is_backlog).sorted()[:1]

    def _outcome_stage(self, accepted):
        """The stage a decision ends in: the workflow's first closing stage when accepted, its
        last one when rejected (Note Accepted / Note Rejected, Credit Accepted / Denied...)."""
        self.ensure_one()
        closing = self.stage_ids.filtered("is_close").sorted()
        return closing[:1] if accepted else closing[-1:]

    def _close_stage(self):
        self.ensure_one()
        return self.stage_ids.filtered("is_close").sorted()[:1]
