import ast

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain
from odoo.tools import SQL

from .case_ticket import PRIORITY_DO


class CaseQueue(models.Model):
    """Attention level ("cola", "nivel"): a team of agents and where to escalate."""

    _name = "case.queue"
    _description = "Ticket Queue"
    _inherit = ["mail.thread", "mail.alias.mixin.optional"]
    _order = "level, sequence, id"

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    level = fields.Integer(default=1, required=True, help="Attention level: 1, 2, 3...")
    description = fields.Html(translate=True)
    color = fields.Integer()
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    leader_id = fields.Many2one(
        "res.users",
        string="Supervisor",
        tracking=True,
        domain=[("share", "=", False)],
        help="Supervisor who assigns and follows the tickets of this queue.",
    )
    member_ids = fields.Many2many(
        "res.users",
        "case_queue_member_rel",
        "queue_id",
        "user_id",
        string="Agents",
        domain=[("share", "=", False)],
    )
    escalation_queue_id = fields.Many2one(
        "case.queue",
        string="Escalate To",
        tracking=True,
        check_company=True,
        help="Queue that receives the tickets escalated from this one.",
    )
    assign_method = fields.Selection(
        [
            ("manual", "Manual"),
            ("round_robin", "Round Robin"),
            ("balanced", "Balanced Workload"),
        ],
        default="manual",
        required=True,
        tracking=True,
        help="Manual: a supervisor assigns. Round robin: members in turn. "
        "Balanced: the member with the fewest open tickets.",
    )
    resource_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Hours",
        default=lambda self: self.env.company.resource_calendar_id,
        check_company=True,
    )
    ticket_ids = fields.One2many("case.ticket", "queue_id", string="Tickets")
    open_ticket_count = fields.Integer(compute="_compute_ticket_counts")
    unassigned_ticket_count = fields.Integer(compute="_compute_ticket_counts")
    urgent_ticket_count = fields.Integer(compute="_compute_ticket_counts")

    @api.constrains("escalation_queue_id")
    def _check_escalation_cycle(self):
        if self._has_cycle("escalation_queue_id"):
            raise ValidationError(_("A queue cannot escalate to itself, directly or not."))

    @api.depends_context("uid", "allowed_company_ids")  # counted under the user's rules
    def _compute_ticket_counts(self):
        Ticket = self.env["case.ticket"]
        base = Domain("queue_id", "in", self.ids) & Ticket._closed_domain(False)
        open_counts = dict(Ticket._read_group(base, ["queue_id"], ["__count"]))
        unassigned = dict(
            Ticket._read_group(base & Domain("user_id", "=", False), ["queue_id"], ["__count"])
        )
        urgent = dict(
            Ticket._read_group(
                base & Domain("priority", "=", PRIORITY_DO), ["queue_id"], ["__count"]
            )
        )
        for queue in self:
            queue.open_ticket_count = open_counts.get(queue, 0)
            queue.unassigned_ticket_count = unassigned.get(queue, 0)
            queue.urgent_ticket_count = urgent.get(queue, 0)

    def _assignees_for(self, count):
        """Return ``count`` users to assign new tickets to, following the queue's method.

        Workload is read once per queue and updated in memory, so assigning a batch
        costs a constant number of queries.
        """
        self.ensure_one()
        if self.assign_method == "manual" or not count:
            return [self.env["res.users"]] * count
        members = self._assignable_members()  # extensions may query (time off...)
        if not members:
            return [self.env["res.users"]] * count
        Ticket = self.env["case.ticket"].sudo()
        domain = Domain("queue_id", "=", self.id) & Domain("user_id", "in", members.ids)
        if self.assign_method == "balanced":
            domain &= Ticket._closed_domain(False)
            load = dict(Ticket._read_group(domain, ["user_id"], ["__count"]))
            score = {user: (load.get(user, 0), user.id) for user in members}
        else:
            last = dict(Ticket._read_group(domain, ["user_id"], ["id:max"]))
            score = {user: (last.get(user, 0), user.id) for user in members}
        result = []
        for __ in range(count):
            user = min(members, key=lambda u: score[u])
            result.append(user)
            load_or_last, uid = score[user]
            if self.assign_method == "balanced":
                score[user] = (load_or_last + 1, uid)
            else:
                score[user] = (max(v[0] for v in score.values()) + 1, uid)
        return result

    def _lock_for_assignment(self):
        """Serialize automatic assignment per queue, one query for every queue of the batch.

        Two workers creating tickets in one queue would read the same workload and pick the
        same agent. Odoo's transactions are REPEATABLE READ: a mere ``FOR UPDATE`` would make the
        second one wait, then read its old snapshot all the same. A row *update* (a no-op) makes
        the second one fail with a serialization error instead, which Odoo retries with a fresh
        snapshot that sees the first one's tickets. Rows are taken in id order (no deadlock).
        """
        self.flush_model(["assign_method"])
        self.env.cr.execute(
            SQL(
                """
                UPDATE case_queue SET assign_method = assign_method
                 WHERE id IN (SELECT id FROM case_queue
                               WHERE id = ANY(%s) AND assign_method != 'manual'
                               ORDER BY id FOR NO KEY UPDATE)
                """,
                self.ids,
            )
        )

    def _assignable_members(self):
        """Members new tickets may go to: active ones; extensions skip absent users."""
        return self.member_ids.filtered("active")

    def _alias_get_creation_values(self):
        """E-mails to the queue's address open tickets in that queue."""
        values = super()._alias_get_creation_values()
        values["alias_model_id"] = self.env["ir.model"]._get_id("case.ticket")
        if self.id:
            defaults = ast.literal_eval(self.alias_defaults or "{}")
            values["alias_defaults"] = repr({**defaults, "queue_id": self.id})
        return values

    def action_open_tickets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("helpdesk_case.case_ticket_action")
        action["domain"] = [("queue_id", "=", self.id)]
        action["context"] = {"default_queue_id": self.id, "search_default_open": 1}
        action["display_name"] = self.display_name
        return action
