from odoo import _, api, fields, models, tools
from odoo.exceptions import ValidationError
from odoo.fields import Domain
from odoo.tools import SQL

from .case_ticket import PRIORITIES

# A change of these may give open tickets another policy or other deadlines.
SLA_POLICY_FIELDS = frozenset(
    {
        "active",
        "sequence",
        "company_id",
        "typification_ids",
        "priority",
        "queue_ids",
        "partner_category_ids",
        "response_hours",
        "resolution_hours",
        "resource_calendar_id",
    }
)


class CaseSlaPolicy(models.Model):
    """Response and resolution targets, in working hours, for the tickets it matches."""

    _name = "case.sla.policy"
    _description = "Ticket SLA Policy"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", index=True, help="Leave empty to share it with every company."
    )
    typification_ids = fields.Many2many(
        "case.typification",
        string="Typifications",
        help="Tickets of these typifications or of their subtypes; empty for any.",
    )
    priority = fields.Selection(PRIORITIES, help="Tickets of this priority; empty for any.")
    queue_ids = fields.Many2many(
        "case.queue", string="Queues", help="Tickets in these queues; empty for any."
    )
    partner_category_ids = fields.Many2many(
        "res.partner.category",
        string="Requester Tags",
        help="Requesters with one of these tags; empty for any.",
    )
    response_hours = fields.Float(
        string="First Response (working hours)",
        help="Working hours for the first public answer of an agent; 0 for no target.",
    )
    resolution_hours = fields.Float(
        string="Resolution (working hours)",
        help="Working hours to close the ticket; 0 for no target.",
    )
    resource_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Hours",
        help="Calendar the targets are counted on; empty: the queue's, else the company's.",
    )

    @api.constrains("response_hours", "resolution_hours")
    def _check_hours(self):
        if any(p.response_hours < 0 or p.resolution_hours < 0 for p in self):
            raise ValidationError(_("SLA targets cannot be negative."))

    @api.model_create_multi
    def create(self, vals_list):
        self.env.registry.clear_cache()  # _sla_rules
        policies = super().create(vals_list)
        policies._flag_open_tickets()
        return policies

    def write(self, vals):
        self.env.registry.clear_cache()  # _sla_rules
        result = super().write(vals)
        if SLA_POLICY_FIELDS & vals.keys():
            self._flag_open_tickets()
        return result

    def unlink(self):
        self.env.registry.clear_cache()  # _sla_rules
        self._flag_open_tickets()
        return super().unlink()

    def _flag_open_tickets(self):
        """Flag for recomputing the open tickets these policies may now gain or lose: those on
        them and those matching their criteria (one query)."""
        Ticket = self.env["case.ticket"].sudo().with_context(active_test=False)
        domain = Domain("sla_policy_id", "in", self.ids)
        for policy in self.with_context(active_test=False):
            criteria = Domain.TRUE
            if policy.company_id:
                criteria &= Domain("company_id", "=", policy.company_id.id)
            if policy.typification_ids:
                criteria &= Domain("typification_id", "child_of", policy.typification_ids.ids)
            if policy.priority:
                criteria &= Domain("priority", "=", policy.priority)
            if policy.queue_ids:
                criteria &= Domain("queue_id", "in", policy.queue_ids.ids)
            if policy.partner_category_ids:
                criteria &= Domain("partner_id.category_id", "in", policy.partner_category_ids.ids)
            domain |= criteria
        query = Ticket._search(domain & Ticket._closed_domain(False))
        return Ticket._sla_flag(SQL("t.id IN %s", query.subselect()))

    @api.model
    @tools.ormcache()
    def _sla_rules(self):
        """Every active policy as plain data, most specific first; cached until a policy (or
        the typification tree) changes, so matching tickets costs no query."""
        rules = []
        for policy in self.sudo().with_context(active_test=True).search([]):
            depth = max((len(t.parent_path.split("/")) for t in policy.typification_ids), default=0)
            specificity = (
                bool(policy.typification_ids),
                depth,
                bool(policy.priority),
                bool(policy.queue_ids),
                bool(policy.partner_category_ids),
                -policy.sequence,
                -policy.id,
            )
            rules.append(
                (
                    specificity,
                    policy.id,
                    policy.company_id.id,
                    policy.priority,
                    frozenset(policy.queue_ids.ids),
                    frozenset(policy.partner_category_ids.ids),
                    frozenset(policy.typification_ids.ids),
                )
            )
        return tuple(sorted(rules, reverse=True))

    @api.model
    def _match_tickets(self, tickets):
        """The most specific policy of each ticket, ``{ticket: policy}``."""
        rules = self._sla_rules()
        result = {}
        for ticket in tickets:
            result[ticket] = self.browse()
            for __, policy_id, company, priority, queues, categories, types in rules:
                if company and company != ticket.company_id.id:
                    continue
                if priority and priority != ticket.priority:
                    continue
                if queues and ticket.queue_id.id not in queues:
                    continue
                if categories and not categories.intersection(ticket.partner_id.category_id.ids):
                    continue
                if types:
                    path = ticket.typification_id.parent_path or ""
                    if not types.intersection(int(i) for i in path.split("/") if i):
                        continue
                result[ticket] = self.browse(policy_id)
                break
        return result
