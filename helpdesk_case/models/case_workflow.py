from odoo import api, fields, models


class CaseWorkflow(models.Model):
    """Ordered set of stages a ticket goes through; the typification picks it."""

    _name = "case.workflow"
    _description = "Ticket Workflow"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    code = fields.Selection(
        [
            ("generic", "Generic"),
            ("credit_note", "Credit Note"),
            ("backorder", "Backorder"),
            ("credit_request", "Credit Request"),
            ("return", "Change and Return"),
        ],
        required=True,
        default="generic",
        help="Drives the actions available on the ticket (credit notes, backorders...).",
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

    @api.model
    def _get_generic(self):
        """The workflow of tickets without typification."""
        return self.search([("code", "=", "generic")], limit=1)

    def _first_stage(self):
        """First working stage (by sequence): not done, not closing, not backlog."""
        self.ensure_one()
        return self.stage_ids.filtered(
            lambda s: s.state_group != "done" and not s.is_close and not s.is_backlog
        ).sorted()[:1]

    def _close_stage(self):
        self.ensure_one()
        return self.stage_ids.filtered("is_close").sorted()[:1]
