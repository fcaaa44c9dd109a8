from odoo import _, api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL

from .case_ticket_sla_recompute import SLA_HAS_DEADLINE_SQL


class CaseQueueSla(models.Model):
    """SLA counters of the queue overview: at risk, failed and red-flagged open tickets."""

    _inherit = "case.queue"

    at_risk_ticket_count = fields.Integer(compute="_compute_sla_ticket_counts")
    failed_ticket_count = fields.Integer(compute="_compute_sla_ticket_counts")
    stale_ticket_count = fields.Integer(compute="_compute_sla_ticket_counts")

    @api.depends_context("uid", "allowed_company_ids")  # counted under the user's rules
    def _compute_sla_ticket_counts(self):
        Ticket = self.env["case.ticket"]
        base = Domain("queue_id", "in", self.ids) & Ticket._closed_domain(False)
        by_status = {
            (queue, status): count
            for queue, status, count in Ticket._read_group(
                base & Domain("sla_status", "in", ["at_risk", "failed"]),
                ["queue_id", "sla_status"],
                ["__count"],
            )
        }
        stale = dict(
            Ticket._read_group(base & Domain("stale", "=", True), ["queue_id"], ["__count"])
        )
        for queue in self:
            queue.at_risk_ticket_count = by_status.get((queue, "at_risk"), 0)
            queue.failed_ticket_count = by_status.get((queue, "failed"), 0)
            queue.stale_ticket_count = stale.get(queue, 0)

    def write(self, vals):
        result = super().write(vals)
        if "resource_calendar_id" in vals:
            # deadlines counted on the queue's calendar (the policy sets none) move with it
            self.env["case.ticket"]._sla_flag(
                SQL(
                    "%s AND t.queue_id = ANY(%s) AND p.resource_calendar_id IS NULL",
                    SQL(SLA_HAS_DEADLINE_SQL),
                    self.ids,
                )
            )
        return result

    def _action_open_sla_tickets(self, domain, name):
        action = self.action_open_tickets()
        action["domain"] = [("queue_id", "=", self.id), *domain]
        action["display_name"] = _("%(queue)s: %(what)s", queue=self.display_name, what=name)
        return action

    def action_open_at_risk_tickets(self):
        self.ensure_one()
        return self._action_open_sla_tickets([("sla_status", "=", "at_risk")], _("At Risk"))

    def action_open_failed_tickets(self):
        self.ensure_one()
        return self._action_open_sla_tickets([("sla_status", "=", "failed")], _("SLA Failed"))

    def action_open_stale_tickets(self):
        self.ensure_one()
        return self._action_open_sla_tickets([("stale", "=", True)], _("Red Flag"))
