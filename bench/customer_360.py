"""Benchmark Consulta 360 of a customer with many orders (helpdesk_case_sale installed).

Builds (in a transaction that is rolled back) customers with 0, 100, 1,000 and 10,000 sale
orders (inserted in SQL, 80% confirmed) and half as many tickets, then times
``case_360_data`` and ``case_360_search`` by order reference as an administrator.

Usage: .venv/bin/python bench/customer_360.py [-d helpdesk_case_sale] [--repeat 5]
"""

import statistics

from _common import Counter, environment, parse_args


def main():
    args = parse_args(__doc__, repeat=(int, 5, "runs per measure"))
    with environment(args) as env:
        from odoo.addons.helpdesk_case.tools.bulk_data import insert_tickets
        from odoo.addons.helpdesk_case_sale.tools.bulk_data import insert_orders

        admin = env.ref("base.user_admin")
        Partner = env["res.partner"]
        people = {}
        for size in (0, 100, 1_000, 10_000):
            partner = Partner.create({"name": f"Bench360 orders {size}"})
            if size:
                insert_orders(env, partner, size)
                insert_tickets(env, [partner.id], size // 2)
            people[size] = partner
        env.flush_all()
        reference = env["sale.order"].search([("partner_id", "=", people[10_000].id)], limit=1)
        Partner = Partner.with_user(admin)
        print(f"{'orders':>8} {'measure':>8} {'queries':>8} {'median ms':>10} {'max ms':>8}")
        for size, partner in people.items():
            measures = {
                "screen": lambda p=partner: Partner.browse(p.id).case_360_data(),
                "search": lambda: Partner.case_360_search(reference.name),
            }
            for name, run in measures.items():
                run()  # warm the shared caches
                times = []
                for _ in range(args.repeat):
                    env.invalidate_all()
                    with Counter(env) as measure:
                        run()
                    times.append(measure.seconds * 1000)
                print(
                    f"{size:>8} {name:>8} {measure.queries:>8} "
                    f"{statistics.median(times):>10.1f} {max(times):>8.1f}"
                )


if __name__ == "__main__":
    main()
