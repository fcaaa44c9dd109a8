from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

IMPORTANCE = [("high", "Important"), ("low", "Not important")]
URGENCY = [("high", "Urgent"), ("low", "Not urgent")]


class CaseTypification(models.Model):
    """Case type in a category tree; it drives workflow, queue, priority and roles."""

    _name = "case.typification"
    _description = "Ticket Typification"
    _parent_store = True
    _rec_name = "complete_name"
    _order = "complete_name"

    name = fields.Char(required=True, translate=True)
    complete_name = fields.Char(compute="_compute_complete_name", store=True, recursive=True)
    description = fields.Text(translate=True, help="When to use this typification.")
    parent_id = fields.Many2one(
        "case.typification", string="Category", index=True, ondelete="restrict"
    )
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("case.typification", "parent_id", string="Subtypes")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", index=True)
    portal_visible = fields.Boolean(
        string="Available in Portal",
        help="Customers and consultants may pick this typification when they open a case.",
    )
    workflow_id = fields.Many2one(
        "case.workflow",
        default=lambda self: self.env["case.workflow"]._get_generic(),
        help="Stages the tickets of this type go through.",
    )
    queue_id = fields.Many2one(
        "case.queue", string="Default Queue", check_company=True, ondelete="set null"
    )
    request_type_id = fields.Many2one("case.request.type", string="Default Request Type")
    importance = fields.Selection(IMPORTANCE, string="Default Importance", default="low")
    urgency = fields.Selection(URGENCY, string="Default Urgency", default="low")
    group_ids = fields.Many2many(
        "res.groups",
        string="Handling Roles",
        help="Members of these groups see and work the tickets of this typification.",
    )
    template_id = fields.Many2one(
        "mail.template",
        string="Acknowledgement Template",
        domain=[("model", "=", "case.ticket")],
    )
    ticket_ids = fields.One2many("case.ticket", "typification_id")
    ticket_count = fields.Integer(compute="_compute_ticket_count")

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for typification in self:
            if typification.parent_id:
                typification.complete_name = (
                    f"{typification.parent_id.complete_name} / {typification.name}"
                )
            else:
                typification.complete_name = typification.name

    @api.depends_context("uid", "allowed_company_ids")  # counted under the user's rules
    def _compute_ticket_count(self):
        counts = dict(
            self.env["case.ticket"]._read_group(
                [("typification_id", "child_of", self.ids)], ["typification_id"], ["__count"]
            )
        )
        for typification in self:
            typification.ticket_count = sum(
                count
                for typ, count in counts.items()
                if typ.parent_path.startswith(typification.parent_path)
            )

    def write(self, vals):
        if "parent_id" in vals:
            self.env.registry.clear_cache()  # case.sla.policy._sla_rules: specificity by depth
        if "workflow_id" not in vals:
            result = super().write(vals)
        else:
            # its tickets move to the new workflow's stages: the stage hook must hear about it
            tickets = (
                self.env["case.ticket"]
                .sudo()
                .with_context(active_test=False)
                .search([("typification_id", "in", self.ids)])
            )
            previous_stages = {ticket.id: ticket.stage_id for ticket in tickets}
            result = super().write(vals)
            tickets._stage_changed_since(previous_stages)
        if "parent_id" in vals:
            self._flag_subtree_sla()
        return result

    def _flag_subtree_sla(self):
        """A moved branch may match other SLA policies: flag its open tickets (one query)."""
        self.flush_recordset(["parent_path"])
        self.env["case.ticket"]._sla_flag(
            SQL(
                "t.typification_id IN (SELECT id FROM case_typification"
                " WHERE parent_path LIKE ANY(%s))",
                [f"{typification.parent_path}%" for typification in self],
            )
        )

    @api.constrains("parent_id")
    def _check_parent_cycle(self):
        if self._has_cycle():
            raise ValidationError(_("A typification cannot be its own category."))

    def action_open_tickets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("helpdesk_case.case_ticket_action")
        action["domain"] = [("typification_id", "child_of", self.id)]
        action["context"] = {"default_typification_id": self.id}
        return action
