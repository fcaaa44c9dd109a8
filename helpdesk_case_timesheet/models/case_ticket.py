from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class CaseTicket(models.Model):
    _inherit = "case.ticket"

    project_id = fields.Many2one(
        "project.project",
        string="Project",
        check_company=True,
        domain="[('allow_timesheets', '=', True)]",
        help="Project of the ticket's task; the typification proposes it.",
        groups="base.group_user",
    )
    task_id = fields.Many2one(
        "project.task",
        string="Task",
        readonly=True,
        copy=False,
        index="btree_not_null",
        groups="base.group_user",
    )
    timesheet_ids = fields.One2many(
        "account.analytic.line",
        "case_ticket_id",
        string="Time Entries",
        groups="base.group_user",
    )
    timesheet_hours = fields.Float(
        string="Time Spent",
        compute="_compute_timesheet_hours",
        store=True,
        groups="base.group_user",
        help="Hours logged on the ticket, by everyone who worked on it.",
    )

    @api.depends("timesheet_ids.unit_amount")
    def _compute_timesheet_hours(self):
        for ticket in self:
            ticket.timesheet_hours = sum(ticket.timesheet_ids.mapped("unit_amount"))

    @api.model
    def _typification_default_fields(self):
        return [*super()._typification_default_fields(), "project_id"]

    @api.model_create_multi
    def create(self, vals_list):
        tickets = super().create(vals_list)
        tickets.filtered(
            lambda t: t.typification_id.auto_create_task and t.project_id
        )._case_create_task()
        return tickets

    def action_create_task(self):
        self.check_access("write")
        for ticket in self:
            if ticket.task_id:
                raise UserError(_("Ticket %s already has its task.", ticket.number))
            if not ticket.project_id:
                raise UserError(_("Choose the project of the ticket's task first."))
            if not ticket.project_id.allow_timesheets:
                raise UserError(
                    _("Project “%s” does not record timesheets.", ticket.project_id.name)
                )
        self._case_create_task()
        return True

    def _case_create_task(self):
        """One task per ticket, named "[number] subject" (sudo: agents need not manage
        projects; the ticket's own rules were checked)."""
        Task = self.env["project.task"].sudo()
        for ticket in self:
            task = Task.create(
                {
                    "name": f"[{ticket.number}] {ticket.name}",
                    "project_id": ticket.project_id.id,
                    "partner_id": ticket.partner_id.id,
                    "company_id": ticket.company_id.id,
                    "description": ticket.description,
                }
            )
            ticket.sudo().task_id = task
            ticket.message_post(
                body=Markup(_("Task %s created to log the time spent."))
                % task._get_html_link(title=task.name),
                subtype_xmlid="mail.mt_note",
            )

    def action_open_task(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "project.task",
            "res_id": self.task_id.id,
            "view_mode": "form",
        }

    def action_open_timesheets(self):
        """The time entries of the tickets, grouped by ticket when there are several."""
        return {
            "type": "ir.actions.act_window",
            "name": _("Time Entries"),
            "res_model": "account.analytic.line",
            "view_mode": "list,form",
            "views": [
                (self.env.ref("hr_timesheet.hr_timesheet_line_tree").id, "list"),
                (False, "form"),
            ],
            "search_view_id": [self.env.ref("hr_timesheet.hr_timesheet_line_search").id],
            "domain": [("case_ticket_id", "in", self.ids)],
            "context": {"create": False, "search_default_groupby_case_ticket": len(self) > 1},
        }
