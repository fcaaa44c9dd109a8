from odoo import api, fields, models

DONE = "done"
STATE_GROUPS = [("todo", "To Do"), ("doing", "Doing"), (DONE, "Done")]


class CaseStage(models.Model):
    """Kanban column of a workflow; grouped into to do / doing / done."""

    _name = "case.stage"
    _description = "Ticket Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    state_group = fields.Selection(STATE_GROUPS, required=True, default="todo")
    fold = fields.Boolean(string="Folded in Kanban")
    is_close = fields.Boolean(
        string="Closing Stage",
        compute="_compute_is_close",
        store=True,
        help="Stages of the Done group close their tickets: one rule for every closed count.",
    )
    is_backlog = fields.Boolean(
        string="Backlog Stage",
        help="Tickets waiting to be planned. Request types that do not allow a backlog "
        "cannot enter it.",
    )
    waits_customer = fields.Boolean(
        string="Waiting for Customer",
        help="Tickets here wait for the requester: their reply (e-mail or portal) moves the "
        "ticket back to work.",
    )
    portal_closable = fields.Boolean(
        string="Closable from Portal",
        help="Customers may close their own tickets from the portal while they are in this stage.",
    )
    template_id = fields.Many2one(
        "mail.template",
        string="E-mail Template",
        domain=[("model", "=", "case.ticket")],
        help="E-mail sent to the requester when a ticket enters this stage.",
    )
    workflow_ids = fields.Many2many(
        "case.workflow",
        "case_stage_workflow_rel",
        "stage_id",
        "workflow_id",
        string="Workflows",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", index=True, help="Leave empty to share it with every company."
    )

    @api.depends("state_group")
    def _compute_is_close(self):
        for stage in self:
            stage.is_close = stage.state_group == DONE
