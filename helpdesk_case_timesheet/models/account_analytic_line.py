from odoo import _, api, fields, models
from odoo.exceptions import UserError


class AccountAnalyticLine(models.Model):
    _inherit = "account.analytic.line"

    case_ticket_id = fields.Many2one(
        "case.ticket", string="Ticket", index="btree_not_null", ondelete="set null"
    )

    @api.model_create_multi
    def create(self, vals_list):
        # time logged from a ticket goes on the ticket's task
        Ticket = self.env["case.ticket"]
        # the task is found with sudo below: only time on a ticket the user may write to
        # (rather than any ticket id sent) may land on that ticket's task
        Ticket.browse(
            {vals["case_ticket_id"] for vals in vals_list if vals.get("case_ticket_id")}
        ).check_access("write")
        for vals in vals_list:
            if vals.get("case_ticket_id") and not vals.get("task_id"):
                task = Ticket.browse(vals["case_ticket_id"]).sudo().task_id
                if not task:
                    raise UserError(_("Create the ticket's task before logging time on it."))
                vals["task_id"] = task.id
                vals["project_id"] = task.project_id.id
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("case_ticket_id"):
            # moved onto a ticket: as on create, only one the user may write to, and onto its
            # task (found with sudo after that check)
            ticket = self.env["case.ticket"].browse(vals["case_ticket_id"])
            ticket.check_access("write")
            if "task_id" not in vals:
                task = ticket.sudo().task_id
                if not task:
                    raise UserError(_("Create the ticket's task before logging time on it."))
                vals = {**vals, "task_id": task.id, "project_id": task.project_id.id}
        return super().write(vals)
