"""Bulk sale orders in SQL for the benchmarks (customers with thousands of orders)."""

from odoo.addons.helpdesk_case.tools.bulk_data import _required_defaults
from odoo.tools import SQL


def insert_orders(env, partner, count, confirmed_ratio=0.8):
    """Insert ``count`` orders (without lines) of ``partner``, most of them confirmed."""
    given = {"name", "partner_id", "partner_invoice_id", "partner_shipping_id", "company_id"}
    given |= {"date_order", "state", "currency_id", "amount_total", "amount_untaxed"}
    extra = _required_defaults(env, "sale.order", given)
    confirmed = int(count * confirmed_ratio)
    env.cr.execute(
        SQL(
            """
        INSERT INTO sale_order (name, partner_id, partner_invoice_id, partner_shipping_id,
                                company_id, currency_id, date_order, state, amount_total,
                                amount_untaxed, create_date, write_date%s)
        SELECT 'BULK' || lpad(g::text, 7, '0'), %s, %s, %s, %s, %s,
               now() - g * interval '1 hour', CASE WHEN g <= %s THEN 'sale' ELSE 'draft' END,
               100 + g %% 50, 100 + g %% 50, now(), now()%s
          FROM generate_series(1, %s) g
        """,
            SQL("").join(SQL(", %s", SQL.identifier(name)) for name in extra),
            partner.id,
            partner.id,
            partner.id,
            env.company.id,
            env.company.currency_id.id,
            confirmed,
            SQL("").join(SQL(", %s", value) for value in extra.values()),
            count,
        )
    )
    env["sale.order"].invalidate_model()
    env.cr.execute("ANALYZE sale_order")
