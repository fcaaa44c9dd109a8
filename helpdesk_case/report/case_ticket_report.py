from odoo import fields, models
from odoo.tools import SQL

from ..models.case_ticket import PRIORITIES, SLA_STATUSES

AGE_BUCKETS = [
    ("0_1", "< 1 day"),
    ("1_3", "1-3 days"),
    ("3_7", "3-7 days"),
    ("7_30", "1-4 weeks"),
    ("30", "> 4 weeks"),
]


class CaseTicketReport(models.Model):
    """Tickets for the supervisors' pivot and graph views: typification, SLA compliance,
    working times, backlog aging and workload per agent. A view over ``case_ticket``."""

    _name = "case.ticket.report"
    _description = "Helpdesk Ticket Analysis"
    _auto = False
    _rec_name = "number"
    _order = "create_date desc"

    ticket_id = fields.Many2one("case.ticket", string="Ticket", readonly=True)
    number = fields.Char(string="Reference", readonly=True)
    create_date = fields.Datetime(string="Created on", readonly=True)
    close_date = fields.Datetime(string="Closed on", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    typification_id = fields.Many2one("case.typification", readonly=True)
    queue_id = fields.Many2one("case.queue", readonly=True)
    user_id = fields.Many2one("res.users", string="Assigned To", readonly=True)
    channel_id = fields.Many2one("case.channel", readonly=True)
    stage_id = fields.Many2one("case.stage", readonly=True)
    request_type_id = fields.Many2one("case.request.type", readonly=True)
    priority = fields.Selection(PRIORITIES, readonly=True)
    is_closed = fields.Boolean(string="Closed", readonly=True)
    sla_policy_id = fields.Many2one("case.sla.policy", string="SLA Policy", readonly=True)
    sla_status = fields.Selection(SLA_STATUSES, string="SLA Status", readonly=True)
    stale = fields.Boolean(string="Red Flag", readonly=True)
    ticket_count = fields.Integer(string="Tickets", readonly=True, aggregator="sum")
    sla_compliance = fields.Float(
        string="SLA Compliance (%)",
        readonly=True,
        aggregator="avg",
        help="Share of tickets with a finished SLA (met or failed) that met it.",
    )
    sla_failed_count = fields.Integer(string="SLA Failed", readonly=True, aggregator="sum")
    first_response_hours = fields.Float(
        string="First Response (working hours)", readonly=True, aggregator="avg"
    )
    resolution_hours = fields.Float(
        string="Resolution (working hours)", readonly=True, aggregator="avg"
    )
    age_days = fields.Float(string="Age (days)", readonly=True, aggregator="avg")
    age_bucket = fields.Selection(AGE_BUCKETS, string="Backlog Age", readonly=True)
    followup_count = fields.Integer(string="Follow-ups", readonly=True, aggregator="sum")

    @property
    def _table_query(self):
        return SQL("SELECT %s FROM %s WHERE %s", self._select(), self._from(), self._where())

    def _select(self):
        """The report's columns, one row per ticket: bridges add theirs with ``super()``
        (``t`` is the ticket)."""
        return SQL(
            """
            t.id, t.id AS ticket_id, t.number, t.create_date, t.close_date, t.company_id,
            t.typification_id, t.queue_id, t.user_id, t.channel_id, t.stage_id,
            t.request_type_id, t.priority, t.is_closed, t.sla_policy_id, t.sla_status,
            COALESCE(t.stale, FALSE) AS stale, 1 AS ticket_count,
            CASE t.sla_status WHEN 'met' THEN 100.0 WHEN 'failed' THEN 0.0 END
                AS sla_compliance,
            CASE WHEN t.sla_status = 'failed' THEN 1 ELSE 0 END AS sla_failed_count,
            t.first_response_hours, t.resolution_hours,
            EXTRACT(EPOCH FROM COALESCE(t.close_date, now() AT TIME ZONE 'UTC')
                               - t.create_date) / 86400.0 AS age_days,
            CASE WHEN t.is_closed THEN NULL
                 WHEN t.create_date > (now() AT TIME ZONE 'UTC') - interval '1 day'
                     THEN '0_1'
                 WHEN t.create_date > (now() AT TIME ZONE 'UTC') - interval '3 days'
                     THEN '1_3'
                 WHEN t.create_date > (now() AT TIME ZONE 'UTC') - interval '7 days'
                     THEN '3_7'
                 WHEN t.create_date > (now() AT TIME ZONE 'UTC') - interval '30 days'
                     THEN '7_30'
                 ELSE '30' END AS age_bucket,
            COALESCE(t.docwait_followup_count, 0) AS followup_count
            """
        )

    def _from(self):
        """The tables read: bridges join theirs (one row per ticket)."""
        return SQL("case_ticket t")

    def _where(self):
        return SQL("t.active")
