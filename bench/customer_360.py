"""Benchmark Consulta 360 of a customer with many orders (helpdesk_case_sale installed).

Builds (in a transaction that is rolled back) customers with 0, 100, 1,000 and 10,000 sale
orders (inserted in SQL, 80% confirmed), half as many tickets and, when Invoicing is installed
with a chart of accounts, twice as many posted invoices (one made by the ORM, copied in SQL),
then times ``case_360_data`` and ``case_360_search`` by order reference as an administrator.

Usage: .venv/bin/python bench/customer_360.py [-d helpdesk_case_sale] [--repeat 5]
"""

from _common import environment, parse_args, report_360

from odoo import Command


def insert_invoices(env, partner, journal, count):
    """``count`` posted invoices of ``partner``: one through the ORM, the rest copied in SQL."""
    from odoo.addons.helpdesk_case_account.tools.bulk_data import clone_posted_moves

    invoice = env["account.move"].create(
        {
            "move_type": "out_invoice",
            "partner_id": partner.id,
            "journal_id": journal.id,
            "invoice_line_ids": [Command.create({"name": "Bench360", "price_unit": 100.0})],
        }
    )
    invoice.action_post()
    clone_posted_moves(env, invoice, count - 1, prefix=f"BENCH{partner.id}")


def main():
    args = parse_args(__doc__, repeat=(int, 5, "runs per measure"))
    with environment(args) as env:
        from odoo.addons.helpdesk_case.tools.bulk_data import insert_tickets
        from odoo.addons.helpdesk_case_sale.tools.bulk_data import insert_orders

        admin = env.ref("base.user_admin")
        Partner = env["res.partner"]
        journal = "account.move" in env and env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", env.company.id)], limit=1
        )
        people = {}
        for size in (0, 100, 1_000, 10_000):
            partner = Partner.create({"name": f"Bench360 orders {size}"})
            if size:
                insert_orders(env, partner, size)
                insert_tickets(env, [partner.id], size // 2)
                if journal:
                    insert_invoices(env, partner, journal, size * 2)
            people[size] = partner
        if journal:
            print("invoices: twice the orders (20,000 for the last customer)")
        env.flush_all()
        reference = env["sale.order"].search([("partner_id", "=", people[10_000].id)], limit=1)
        Partner = Partner.with_user(admin)
        people = {size: (p, reference.name) for size, p in people.items()}
        report_360(env, Partner, people, args.repeat, "orders")


if __name__ == "__main__":
    main()
