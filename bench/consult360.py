"""Benchmark Consulta 360: the search box and one contact's screen, as the history grows.

Builds (in a transaction that is rolled back) consultants with 0, 100, 1,000 and 10,000
tickets and as many recruits, then times ``case_360_search`` and ``case_360_data`` as an
administrator of the helpdesk.

Usage: .venv/bin/python bench/consult360.py [-d helpdesk_case_test] [--repeat 5]
"""

from _common import environment, parse_args, report_360


def main():
    args = parse_args(__doc__, repeat=(int, 5, "runs per measure"))
    with environment(args) as env:
        from odoo.addons.helpdesk_case.tools.bulk_data import insert_downline, insert_tickets

        admin = env.ref("base.user_admin")
        Partner = env["res.partner"]
        people = {}
        for size in (0, 100, 1_000, 10_000):
            partner = Partner.create(
                {"name": f"Bench360 {size}", "email": f"bench360.{size}@example.com"}
            )
            partner.is_consultant = True
            if size:
                recruits = insert_downline(env, partner, size)
                insert_tickets(env, [partner.id], size)
                del recruits
            people[size] = (partner, partner.email)
        Partner = Partner.with_user(admin)
        report_360(env, Partner, people, args.repeat, "history")


if __name__ == "__main__":
    main()
