"""Benchmark the SLA, red-flag, doc-wait and SLA-recompute scheduled work over many open tickets.

Inserts (in a transaction that is rolled back) --tickets open tickets in SQL, as the
performance tests do, gives them an SLA policy, deadlines, last updates and doc-wait data spread
over the past weeks, then runs each cron and prints the time and queries of each batch; last, a
public holiday on their calendar flags every ticket for recomputing, and a few recompute batches
are timed. Commits between batches are replaced by a probe (the database is left untouched).

Usage: .venv/bin/python bench/sla_cron.py [-d helpdesk_case_test] [--tickets 100000]
       [--docwait 2000] [--batch 5000]
"""

import time

from _common import Counter, environment, parse_args


class BatchProbe:
    """Stands in for ``ir.cron._commit_progress``: records time and queries per batch."""

    def __init__(self, env):
        self.env = env
        self.rows = []

    def start(self):
        self.rows = []
        self.mark = (time.perf_counter(), self.env.cr.sql_log_count)

    def __call__(self, cron, processed=0, **kwargs):
        now, queries = time.perf_counter(), self.env.cr.sql_log_count
        self.rows.append((processed, (now - self.mark[0]) * 1000, queries - self.mark[1]))
        self.mark = (now, queries)
        return float("inf")

    def report(self, name, total, measure):
        last_ms = (time.perf_counter() - self.mark[0]) * 1000
        rows = [*self.rows, (total - sum(r[0] for r in self.rows), last_ms, None)]
        full = [r for r in rows if r[2] is not None] or rows
        per_batch = sorted({r[2] for r in full if r[2] is not None})
        print(
            f"{name:<22} {total:>8} rows {len(rows):>4} batches "
            f"{measure.seconds * 1000:>9.0f} ms total "
            f"{max(r[1] for r in rows):>7.0f} ms/batch max  "
            f"queries/batch {per_batch or '-'}  queries total {measure.queries}"
        )


def main():
    args = parse_args(
        __doc__,
        tickets=(int, 100_000, "open tickets in the database"),
        docwait=(int, 2_000, "of them waiting for documents, due to close"),
        batch=(int, 5_000, "rows per batch of the SQL crons"),
        recompute_batches=(int, 4, "SLA recompute batches to time after the holiday"),
    )
    with environment(args) as env:
        from odoo.addons.helpdesk_case.tools.bulk_data import insert_tickets

        probe = BatchProbe(env)
        type(env["ir.cron"])._commit_progress = lambda self, processed=0, **kw: probe(
            self, processed, **kw
        )
        start = time.perf_counter()
        partners = [env["res.partner"].create({"name": "Cliente bench"}).id]
        calendar = env["resource.calendar"].create({"name": "Bench", "tz": "UTC"})
        env.company.resource_calendar_id = calendar
        queue = env["case.queue"].create({"name": "Bench", "resource_calendar_id": calendar.id})
        policy = env["case.sla.policy"].create(
            {"name": "Bench", "response_hours": 4, "resolution_hours": 24}
        )
        insert_tickets(env, partners, args.tickets)
        doc_stage = env.ref("helpdesk_case.stage_doc_wait")
        env.cr.execute(
            """
            UPDATE case_ticket SET queue_id = %(queue)s, sla_policy_id = %(policy)s,
                   create_date = now() - (id %% 40000) * interval '1 minute',
                   sla_start_date = now() - (id %% 40000) * interval '1 minute',
                   last_update_date = now() - (id %% 40000) * interval '1 minute',
                   sla_response_deadline = now() + (20000 - id %% 40000) * interval '1 minute',
                   sla_response_risk_date = now() + (19000 - id %% 40000) * interval '1 minute',
                   sla_resolution_deadline = now() + (30000 - id %% 40000) * interval '1 minute',
                   sla_resolution_risk_date = now() + (28000 - id %% 40000) * interval '1 minute'
             WHERE number LIKE 'PERF%%'
            """,
            {"queue": queue.id, "policy": policy.id},
        )
        env.cr.execute(
            """
            UPDATE case_ticket SET stage_id = %s, docwait_since = now() - interval '2 days',
                   docwait_followup_count = 3, sla_pause_start = now() - interval '2 days'
             WHERE id IN (SELECT id FROM case_ticket WHERE number LIKE 'PERF%%'
                          ORDER BY id LIMIT %s)
            """,
            [doc_stage.id, args.docwait],
        )
        env.cr.execute("ANALYZE case_ticket")
        env.invalidate_all()
        print(
            f"data: {args.tickets} open tickets, {args.docwait} waiting for documents "
            f"({time.perf_counter() - start:.1f}s to build)"
        )
        Ticket = env["case.ticket"]
        for size in (1, 100, 1000):
            tickets = Ticket.search([("number", "like", "PERF")], limit=size, order="id desc")
            env.invalidate_all()
            with Counter(env) as measure:
                tickets._sla_apply()
            print(
                f"{'SLA of ' + str(size) + ' tickets':<22} {measure.queries:>5} queries "
                f"{measure.seconds * 1000:>8.0f} ms"
            )
        for name, run in (
            ("SLA status cron", lambda: Ticket._cron_sla_status(batch_size=args.batch)),
            ("SLA status again", lambda: Ticket._cron_sla_status(batch_size=args.batch)),
            ("red flag cron", lambda: Ticket._cron_stale(batch_size=args.batch)),
            ("red flag again", lambda: Ticket._cron_stale(batch_size=args.batch)),
            ("doc-wait cron", lambda: Ticket._cron_docwait_close(batch_size=500)),
            ("doc-wait again", lambda: Ticket._cron_docwait_close(batch_size=500)),
        ):
            env.invalidate_all()
            with Counter(env) as measure:
                probe.start()
                total = run()
            probe.report(name, total, measure)
        bench_recompute(env, calendar, args.recompute_batches)


def bench_recompute(env, calendar, batches):
    """A holiday flags the tickets counted on its calendar in one query; batches recompute them."""
    from odoo import fields
    from odoo.addons.helpdesk_case.models.case_ticket_sla_recompute import SLA_RECOMPUTE_BATCH

    now = fields.Datetime.now()
    with Counter(env) as measure:
        env["resource.calendar.leaves"].create(
            {
                "name": "Bench holiday",
                "calendar_id": calendar.id,
                "date_from": now.replace(hour=0, minute=0, second=0),
                "date_to": now.replace(hour=23, minute=59, second=59),
            }
        )
    env.cr.execute("SELECT count(*) FROM case_ticket WHERE sla_recompute")
    flagged = env.cr.fetchone()[0]
    print(
        f"{'holiday flags':<22} {flagged:>8} rows {measure.queries:>5} queries "
        f"{measure.seconds * 1000:>8.0f} ms"
    )
    Ticket = env["case.ticket"]
    for __ in range(batches):
        env.invalidate_all()
        with Counter(env) as measure:
            count = Ticket._sla_recompute_batch(SLA_RECOMPUTE_BATCH)
        print(
            f"{'SLA recompute batch':<22} {count:>8} rows {measure.queries:>5} queries "
            f"{measure.seconds * 1000:>8.0f} ms"
        )


if __name__ == "__main__":
    main()
