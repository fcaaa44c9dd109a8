"""Benchmark the portal case list of a consultant with a large downline.

Builds (in a transaction that is rolled back) a consultant with --downline members and
--tickets tickets, then times the queries the portal list runs: count, page of 80, and the
rule-filtered search as the consultant, for the "network" and "all" scopes.

Usage: .venv/bin/python bench/portal_list.py [-d helpdesk_case_test] [--downline 10000]
       [--tickets 100000] [--repeat 5]
"""

import time

from _common import environment, measure, parse_args


def main():
    args = parse_args(
        __doc__,
        downline=(int, 10_000, "members below the consultant"),
        tickets=(int, 100_000, "tickets in the database"),
        repeat=(int, 5, "runs per measure"),
    )
    with environment(args) as env:
        from odoo.addons.helpdesk_case.tools.bulk_data import (
            insert_downline,
            insert_tickets,
        )
        from odoo.tests import new_test_user

        consultant = new_test_user(env, login="bench_consultant", groups="base.group_portal")
        consultant.partner_id.is_consultant = True
        start = time.perf_counter()
        network = insert_downline(env, consultant.partner_id, args.downline)
        outsiders = insert_downline(env, env["res.partner"].create({"name": "Otra"}), 500)
        insert_tickets(env, network, args.tickets // 2)
        insert_tickets(env, outsiders, args.tickets - args.tickets // 2)
        print(
            f"data: {args.downline} downline, {args.tickets} tickets "
            f"({time.perf_counter() - start:.1f}s to build)"
        )
        Ticket = env["case.ticket"].with_user(consultant)
        print(f"{'scope':>8} {'measure':>10} {'queries':>8} {'median ms':>10} {'max ms':>8}")
        for scope in ("network", "all"):
            domain = Ticket._portal_scope_domain(scope)
            measures = {
                "count": lambda d=domain: Ticket.search_count(d),
                "page 1": lambda d=domain: Ticket.search(d, limit=80, order="create_date desc")
                .sudo()
                .read(["number", "name", "stage_id", "partner_id", "typification_id"]),
                "page 50": lambda d=domain: Ticket.search(
                    d, limit=80, offset=80 * 49, order="create_date desc"
                ).ids,
            }
            for name, run in measures.items():
                queries, median, worst = measure(env, run, args.repeat)
                print(f"{scope:>8} {name:>10} {queries:>8} {median:>10.1f} {worst:>8.1f}")


if __name__ == "__main__":
    main()
