"""Benchmark ticket creation: one ticket, then batches, with queries and timings.

Usage: .venv/bin/python bench/ticket_create.py [-d helpdesk_case_test] [--batch 1000]
Nothing is kept: the transaction is rolled back.
"""

from _common import Counter, environment, parse_args


def main():
    args = parse_args(__doc__, batch=(int, 1000, "size of the large batch"))
    with environment(args) as env:
        agent = env.ref("base.user_admin")
        env = env(user=agent)
        typification = env["case.typification"].search(
            [("child_ids", "=", False), ("queue_id", "!=", False)], limit=1
        )
        partner = env["res.partner"].search([], limit=1)
        Ticket = env["case.ticket"]

        def vals(count):
            return [
                {"name": f"Bench {i}", "partner_id": partner.id, "typification_id": typification.id}
                for i in range(count)
            ]

        Ticket.create(vals(1))  # warm caches
        print(f"{'tickets':>8} {'queries':>8} {'q/ticket':>9} {'seconds':>8} {'ms/ticket':>10}")
        for count in (1, 10, 100, args.batch):
            env.invalidate_all()
            with Counter(env) as measure:
                Ticket.create(vals(count))
            print(
                f"{count:>8} {measure.queries:>8} {measure.queries / count:>9.1f} "
                f"{measure.seconds:>8.3f} {1000 * measure.seconds / count:>10.2f}"
            )


if __name__ == "__main__":
    main()
