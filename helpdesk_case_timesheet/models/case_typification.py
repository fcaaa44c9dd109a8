from odoo import fields, models


class CaseTypification(models.Model):
    _inherit = "case.typification"

    project_id = fields.Many2one(
        "project.project",
        string="Project",
        check_company=True,
        domain="[('allow_timesheets', '=', True)]",
        help="Project of the tasks where the time spent on its tickets is logged.",
    )
    auto_create_task = fields.Boolean(
        string="Create Task Automatically",
        help="Every new ticket of this typification gets its project task at once; otherwise "
        "agents create it on demand.",
    )
