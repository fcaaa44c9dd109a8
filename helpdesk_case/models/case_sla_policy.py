from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .case_ticket import PRIORITIES


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

    def _specificity(self):
        """More criteria set: more specific. Deeper typifications win over their categories."""
        self.ensure_one()
        depth = max((len(t.parent_path.split("/")) for t in self.typification_ids), default=0)
        return (
            bool(self.typification_ids),
            depth,
            bool(self.priority),
            bool(self.queue_ids),
            bool(self.partner_category_ids),
            -self.sequence,
            -self.id,
        )

    def _matches(self, ticket):
        self.ensure_one()
        if self.company_id and self.company_id != ticket.company_id:
            return False
        if self.priority and self.priority != ticket.priority:
            return False
        if self.queue_ids and ticket.queue_id not in self.queue_ids:
            return False
        if self.partner_category_ids and not (
            self.partner_category_ids & ticket.partner_id.category_id
        ):
            return False
        if self.typification_ids:
            path = ticket.typification_id.parent_path or ""
            return any(path.startswith(t.parent_path) for t in self.typification_ids)
        return True

    def _match_tickets(self, tickets):
        """The most specific policy of each ticket, ``{ticket: policy}``; one search for all."""
        policies = self.sudo().search([("company_id", "in", [False, *tickets.company_id.ids])])
        ordered = policies.sorted(lambda p: p._specificity(), reverse=True)
        return {
            ticket: next((p for p in ordered if p._matches(ticket)), self.browse())
            for ticket in tickets
        }
