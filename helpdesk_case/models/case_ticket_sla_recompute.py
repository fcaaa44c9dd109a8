from odoo import api, fields, models
from odoo.tools import SQL

# Tickets recomputed at the end of the request that changed a policy or a calendar; the cron
# takes the rest, batch by batch.
SLA_RECOMPUTE_BATCH = 500
# The tickets' calendar, as ``_sla_calendar``: the policy's, else the queue's, else the company's.
SLA_CALENDAR_SQL = (
    "COALESCE(p.resource_calendar_id, q.resource_calendar_id, c.resource_calendar_id)"
)
SLA_HAS_DEADLINE_SQL = (
    "(t.sla_response_deadline IS NOT NULL OR t.sla_resolution_deadline IS NOT NULL)"
    " AND NOT COALESCE(t.sla_overridden, FALSE)"
)


class CaseTicketSlaRecompute(models.Model):
    """Deadlines follow what they were computed from: when a policy, a working calendar or a
    public holiday changes, the open tickets it concerns are flagged in one query and recomputed
    by batches (one batch before the change commits, the rest by a cron), never one by one."""

    _inherit = "case.ticket"

    sla_recompute = fields.Boolean(
        string="SLA to Recompute",
        readonly=True,
        copy=False,
        index="btree_not_null",  # TRUE or NULL: the index holds only the pending tickets
        groups="base.group_user",
    )

    @api.model
    def _sla_flag(self, condition):
        """Flag the open tickets meeting ``condition`` (SQL over ``t`` the ticket, ``p`` its
        policy, ``q`` its queue, ``c`` its company) for recomputing; one query. The tickets
        flagged by this transaction are recomputed before it commits, a batch at most (a
        savepoint runs the hook as it opens: rolling it back loses nothing flagged before it)."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                UPDATE case_ticket u SET sla_recompute = TRUE
                  FROM case_ticket t
                  JOIN res_company c ON c.id = t.company_id
                  LEFT JOIN case_queue q ON q.id = t.queue_id
                  LEFT JOIN case_sla_policy p ON p.id = t.sla_policy_id
                 WHERE u.id = t.id AND u.sla_recompute IS NOT TRUE
                   AND NOT t.is_closed AND t.active AND (%s)
             RETURNING u.id
                """,
                condition,
            )
        )
        flagged_ids = [row[0] for row in self.env.cr.fetchall()]
        if flagged_ids:
            self.env["case.ticket"].invalidate_model(["sla_recompute"])
            precommit = self.env.cr.precommit
            if "case_sla_recompute" not in precommit.data:
                pending_ids = precommit.data["case_sla_recompute"] = set()
                Ticket = self.env(context={}, su=True)["case.ticket"]
                precommit.add(lambda: Ticket._sla_recompute_pending(ids=pending_ids))
            precommit.data["case_sla_recompute"].update(flagged_ids)
        return len(flagged_ids)

    @api.model
    def _sla_calendar_condition(self, calendars=None, date_from=None, date_to=None):
        """SQL for ``_sla_flag``: tickets with deadlines counted on ``calendars`` (on any calendar
        when None) whose SLA window meets ``date_from``–``date_to`` when given."""
        condition = SQL(SLA_HAS_DEADLINE_SQL)
        if calendars is not None:
            condition = SQL("%s AND %s = ANY(%s)", condition, SQL(SLA_CALENDAR_SQL), calendars.ids)
        if date_to:
            condition = SQL("%s AND t.sla_start_date < %s", condition, date_to)
        if date_from:
            condition = SQL(
                "%s AND GREATEST(t.sla_response_deadline, t.sla_resolution_deadline) > %s",
                condition,
                date_from,
            )
        return SQL("(%s)", condition)

    @api.model
    def _sla_flag_calendars(self, calendars):
        """Flag the tickets whose deadlines are counted on ``calendars``."""
        return self._sla_flag(self._sla_calendar_condition(calendars)) if calendars else 0

    @api.model
    def _sla_recompute_pending(self, batch_size=SLA_RECOMPUTE_BATCH, ids=None):
        """Recompute one batch of flagged tickets (among ``ids`` when given); the cron takes
        what is left."""
        count = self._sla_recompute_batch(batch_size, ids=ids)
        more = count >= batch_size if ids is None else count < len(ids)
        if more:
            self.env.ref("helpdesk_case.ir_cron_case_sla_recompute")._trigger()
        return count

    @api.model
    def _sla_recompute_batch(self, batch_size, ids=None):
        """Match the policy and recompute the deadlines of ``batch_size`` flagged tickets (among
        ``ids`` when given) no other worker holds: a constant number of queries whatever the
        batch size."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT id FROM case_ticket WHERE sla_recompute%s ORDER BY id LIMIT %s"
                " FOR UPDATE SKIP LOCKED",
                SQL(" AND id = ANY(%s)", list(ids)) if ids is not None else SQL(),
                batch_size,
            )
        )
        tickets = self.sudo().browse([row[0] for row in self.env.cr.fetchall()])
        if not tickets:
            return 0
        tickets._sla_apply()
        self.env.flush_all()
        self.env.cr.execute(
            SQL("UPDATE case_ticket SET sla_recompute = NULL WHERE id = ANY(%s)", tickets.ids)
        )
        tickets.invalidate_recordset(["sla_recompute"])
        return len(tickets)

    @api.model
    def _cron_sla_recompute(self, batch_size=SLA_RECOMPUTE_BATCH):
        """Recompute every flagged ticket, committing batch by batch; when the cron's time is
        up, it triggers itself again for the rest."""
        done = 0
        while True:
            count = self._sla_recompute_batch(batch_size)
            done += count
            if count < batch_size:
                break
            if not self.env["ir.cron"]._commit_progress(count):
                self.env.ref("helpdesk_case.ir_cron_case_sla_recompute")._trigger()
                break
        return done
