from odoo import Command
from odoo.tests import tagged, users

from .common import CaseSaleCommon

# whole screen of a customer with its orders section (one aggregate, the latest orders), the
# same with 3 orders or 300: 16, or 17 when it follows another contact's screen (the agent's
# record is read again after the cache invalidation)
QUERIES_360_ORDERS = 17
# helpdesk_case_stock, installed with sale_stock, adds the delivery state (one aggregate) and
# the returns section (one aggregate, the latest returns)
QUERIES_360_STOCK = 3
# helpdesk_case_account's sections (invoices, credit notes, statement, credit), when installed:
# 6 or 7 (one of the two contacts costs one query more; not investigated yet)
QUERIES_360_ACCOUNT = 7


@tagged("post_install", "-at_install")
class TestConsult360Orders(CaseSaleCommon):
    def _sections(self, partner, user=None):
        data = partner.with_user(user or self.agent).case_360_data()
        return {section["key"]: section for section in data["sections"]}

    def test_orders_section(self):
        draft = self._order(self.customer, [(self.product_a, 1)])
        cancelled = self._order(self.customer, [(self.product_a, 1)])
        cancelled._action_cancel()
        orders = self._sections(self.customer)["orders"]
        figures = {f["label"]: f["value"] for f in orders["figures"]}
        self.assertEqual(figures["Quotations"], 1)
        self.assertEqual(figures["Confirmed"], 1)
        self.assertEqual(figures["Cancelled"], 1)
        self.assertIn(f"{self.order.amount_total:,.2f}", figures["Ordered"])
        self.assertEqual(
            {line["id"] for line in orders["lines"]}, {self.order.id, draft.id, cancelled.id}
        )
        self.assertEqual(orders["lines"][0]["model"], "sale.order")
        details = {line["id"]: line["detail"] for line in orders["lines"]}
        self.assertEqual(details[self.order.id], "Sales Order", "the state's label")
        self.assertEqual(details[cancelled.id], "Cancelled")
        self.assertEqual(orders["action"]["res_model"], "sale.order")
        self.assertEqual(
            self.env["sale.order"].search(orders["action"]["domain"]),
            self.order | draft | cancelled,
        )

    def test_orders_section_of_a_company_lists_its_contacts_orders(self):
        company = self.env["res.partner"].create({"name": "Distribuidora", "is_company": True})
        contact = self.env["res.partner"].create({"name": "Compras", "parent_id": company.id})
        order = self._order(contact, [(self.product_a, 1)])
        for partner in (company, contact):
            orders = self._sections(partner)["orders"]
            self.assertEqual([line["id"] for line in orders["lines"]], order.ids)
            self.assertEqual(self.env["sale.order"].search(orders["action"]["domain"]), order)
        # a contact's screen never shows the orders of another contact of the company
        orders = self._sections(
            self.env["res.partner"].create({"name": "Ventas", "parent_id": company.id})
        )
        self.assertEqual(orders["orders"]["lines"], [])

    def test_no_orders_section_without_sales_rights(self):
        sections = self._sections(self.customer, self.plain_agent)
        self.assertNotIn("orders", sections)
        self.assertIn("tickets", sections)

    def test_empty_section(self):
        quiet = self.env["res.partner"].create({"name": "Sin pedidos"})
        orders = self._sections(quiet)["orders"]
        self.assertEqual(orders["figures"], [])
        self.assertEqual(orders["lines"], [])
        self.assertTrue(orders["empty"])

    def test_search_by_order_reference(self):
        Partner = self.env["res.partner"].with_user(self.agent)
        found = Partner.case_360_search(self.order.name)
        self.assertEqual([row["id"] for row in found], [self.customer.id])
        self.assertFalse(
            self.env["res.partner"].with_user(self.plain_agent).case_360_search(self.order.name)
        )

    @users("case_agent")
    def test_query_count_does_not_grow_with_orders(self):
        Partner = self.env["res.partner"]
        busy = Partner.sudo().create({"name": "Cliente con historia"})
        line = {"product_id": self.product_a.id, "product_uom_qty": 1}
        orders = (
            self.env["sale.order"]
            .sudo()
            .create(
                [{"partner_id": busy.id, "order_line": [Command.create(line)]} for __ in range(300)]
            )
        )
        orders[:200].action_confirm()
        expected = QUERIES_360_ORDERS
        Module = self.env["ir.module.module"]
        if Module._get("helpdesk_case_stock").state == "installed":
            expected += QUERIES_360_STOCK
        if Module._get("helpdesk_case_account").state == "installed":
            expected += QUERIES_360_ACCOUNT
        for partner in (self.customer, busy):
            Partner.browse(partner.id).case_360_data()  # warm the shared caches (rules, views)
            self.env.invalidate_all()
            with self.subTest(partner=partner.name), self.assertQueryCount(expected):
                Partner.browse(partner.id).case_360_data()
