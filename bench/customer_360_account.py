"""Benchmark Consulta 360 with the accounting sections, as a customer's invoices grow.

Builds (in a transaction that is rolled back) customers with 0, 20, 200 and 600 posted invoices
(one product line each, every tenth one credited by a posted credit note), then times
``case_360_search`` by invoice number and ``case_360_data`` as a helpdesk agent of
``helpdesk_case_account`` (needs a chart of accounts on the main company).

Usage: .venv/bin/python bench/customer_360_account.py [-d helpdesk_case_test] [--repeat 5]
"""

from _common import environment, parse_args, report_360

from odoo import Command

SIZES = (0, 20, 200, 600)


def make_invoices(env, partner, count, journal, product):
    Move = env["account.move"]
    invoices = Move.browse()
    for start in range(0, count, 100):
        batch = Move.create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "journal_id": journal.id,
                    "invoice_line_ids": [
                        Command.create(
                            {"product_id": product.id, "quantity": 1, "price_unit": 10.0 + i}
                        )
                    ],
                }
                for i in range(start, min(count, start + 100))
            ]
        )
        batch.action_post()
        invoices |= batch
    refunds = invoices[::10]._reverse_moves()
    if refunds:
        refunds.action_post()
    return invoices


def main():
    args = parse_args(__doc__, repeat=(int, 5, "runs per measure"))
    with environment(args) as env:
        journal = env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", env.company.id)], limit=1
        )
        if not journal:
            raise SystemExit("No sales journal: install a chart of accounts first.")
        product = env["product.product"].create({"name": "Bench360 product", "list_price": 10})
        agent = env["res.users"].create(
            {
                "name": "Bench360 agent",
                "login": "bench360_account_agent",
                "group_ids": [(4, env.ref("helpdesk_case.group_case_admin").id)],
            }
        )
        people = {}
        for size in SIZES:
            partner = env["res.partner"].create({"name": f"Bench360 customer {size}"})
            invoices = make_invoices(env, partner, size, journal, product)
            people[size] = (partner, invoices[-1:].name or partner.name)
        env.flush_all()
        Partner = env["res.partner"].with_user(agent)
        report_360(env, Partner, people, args.repeat, "invoices")


if __name__ == "__main__":
    main()
