from odoo import Command
from odoo.tests import tagged, users

from .common import CaseAccountCommon

# whole 360 screen (core + accounting sections) of an agent, whatever the number of invoices
QUERIES_360_ACCOUNT = 27  # 25 without a credit note: less than the limit


@tagged("post_install", "-at_install")
class TestConsult360Account(CaseAccountCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoices = cls._invoice(100.0) | cls._invoice(250.0) | cls._invoice(80.0)
        cls.env["account.move.reversal"].with_context(
            active_model="account.move", active_ids=cls.invoices[0].ids
        ).create(
            {
                "reason": "Precio",
                "move_ids": cls.invoices[0].ids,
                "journal_id": cls.invoices[0].journal_id.id,
            }
        ).refund_moves()
        cls.refund = cls.invoices[0].reversal_move_ids
        cls.refund.action_post()
        cls.customer.sudo().with_company(cls.env.company).credit_limit = 1000.0

    def _sections(self, partner, user=None):
        data = partner.with_user(user or self.agent).case_360_data()
        return {section["key"]: section for section in data["sections"]}, data

    def _figures(self, section):
        return {f["label"]: f["value"] for f in section["figures"]}

    def test_sections(self):
        sections, data = self._sections(self.customer)
        keys = [s["key"] for s in data["sections"]]
        self.assertEqual(keys[:3], ["contact", "network", "tickets"], "the core's come first")
        self.assertLess(keys.index("invoices"), keys.index("credit"))
        invoices = sections["invoices"]
        self.assertEqual(self._figures(invoices)["Invoices"], 3)
        self.assertEqual({line["model"] for line in invoices["lines"]}, {"account.move"})
        self.assertEqual(len(invoices["lines"]), 3)
        self.assertEqual(invoices["action"]["res_model"], "account.move")
        notes = sections["credit_notes"]
        self.assertEqual(self._figures(notes)["Credit notes"], 1)
        self.assertEqual(notes["lines"][0]["id"], self.refund.id)
        self.assertTrue(sections["statement"]["lines"])
        self.assertEqual(sections["statement"]["lines"][0]["model"], "account.move.line")
        currency = self.env.company.currency_id
        # beside each line: the payment state's label, the movement's amount in its currency
        self.assertEqual({line["detail"] for line in invoices["lines"]}, {"Reversed", "Not Paid"})
        statement_amounts = {line["detail"] for line in sections["statement"]["lines"]}
        self.assertIn(currency.format(self.invoices[1].amount_total), statement_amounts)
        credit = self._figures(sections["credit"])
        balance = sum(self.invoices.mapped("amount_total")) - self.refund.amount_total
        self.assertEqual(credit["Balance"], currency.format(balance))
        self.assertEqual(credit["Credit limit"], currency.format(1000.0))
        self.assertEqual(credit["Available credit"], currency.format(1000.0 - balance))

    def test_empty_customer(self):
        quiet = self.env["res.partner"].create({"name": "Sin facturas"})
        sections, __ = self._sections(quiet)
        self.assertEqual(sections["invoices"]["lines"], [])
        self.assertEqual(sections["invoices"]["figures"], [])
        self.assertTrue(sections["invoices"]["empty"])
        self.assertEqual(self._figures(sections["credit"])["Credit limit"], "None")

    def test_search_by_invoice_reference(self):
        Partner = self.env["res.partner"].with_user(self.agent)
        for move in (self.invoices[1], self.refund):
            with self.subTest(ref=move.name):
                found = [match["id"] for match in Partner.case_360_search(move.name)]
                self.assertIn(self.customer.id, found)

    @users("case_agent")
    def test_query_count_does_not_grow_with_invoices(self):
        busier = self.env["res.partner"].sudo().create({"name": "Cliente grande"})
        for __ in range(30):
            self._invoice(10.0, partner=busier.sudo())
        Partner = self.env["res.partner"]
        for partner in (self.customer, busier):
            Partner.browse(partner.id).case_360_data()  # warm the shared caches
        for partner in (self.customer, busier):
            self.env.invalidate_all()
            with self.subTest(partner=partner.name), self.assertQueryCount(QUERIES_360_ACCOUNT):
                Partner.browse(partner.id).case_360_data()

    def test_totals_of_the_current_company_only(self):
        """The same customer invoiced by another company of the user: not added to this one's."""
        other = self.setup_other_company(name="Otra Compañía")["company"]
        self.agent.company_ids = [Command.link(other.id)]
        foreign = (
            self.env["account.move"]
            .with_company(other)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.customer.id,
                    "invoice_line_ids": [
                        Command.create({"name": "Otra", "price_unit": 5000.0, "tax_ids": []})
                    ],
                }
            )
        )
        foreign.action_post()
        both = [self.env.company.id, other.id]
        sections, __ = self._sections(self.customer.with_context(allowed_company_ids=both))
        figures = self._figures(sections["invoices"])
        self.assertEqual(figures["Invoices"], 3)
        currency = self.env.company.currency_id
        self.assertEqual(
            figures["Invoiced"], currency.format(sum(self.invoices.mapped("amount_total")))
        )
        self.assertNotIn(foreign.id, [line["id"] for line in sections["invoices"]["lines"]])
        # seen from the other company: its invoice only
        sections, __ = self._sections(
            self.customer.with_context(allowed_company_ids=[other.id, self.env.company.id])
        )
        self.assertEqual(self._figures(sections["invoices"])["Invoices"], 1)
        self.assertEqual(sections["invoices"]["lines"][0]["id"], foreign.id)
