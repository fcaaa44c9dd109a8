from odoo.tests import HttpCase, new_test_user, tagged

from .common import CaseAccountCommon


@tagged("post_install", "-at_install")
class TestPortalInvoiceLink(CaseAccountCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal = new_test_user(
            cls.env,
            login="acct_portal",
            groups="base.group_portal",
            name="Cliente Portal",
            email="acct_portal@example.com",
        )
        cls.invoice = cls._invoice(321.0, partner=cls.portal.partner_id)
        cls.ticket = cls.env["case.ticket"].create(
            {
                "name": "Factura con error",
                "partner_id": cls.portal.partner_id.id,
                "typification_id": cls.typ_note.id,
                "invoice_id": cls.invoice.id,
            }
        )

    def test_requester_sees_the_invoice_link(self):
        self.authenticate("acct_portal", "acct_portal")
        response = self.url_open(f"/my/cases/{self.ticket.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(f"Invoice {self.invoice.name}", response.text)
        self.assertIn(self.invoice.access_url, response.text)

    def test_token_visitor_gets_the_invoice_with_its_token(self):
        token = self.ticket.sudo()._portal_ensure_token()
        response = self.url_open(f"/my/cases/{self.ticket.id}?access_token={token}")
        self.assertEqual(response.status_code, 200)
        invoice_token = self.invoice.sudo().access_token
        self.assertTrue(invoice_token)
        self.assertIn(f"access_token={invoice_token}", response.text)

    def test_no_link_without_an_invoice(self):
        self.ticket.invoice_id = False
        self.authenticate("acct_portal", "acct_portal")
        response = self.url_open(f"/my/cases/{self.ticket.id}")
        self.assertNotIn(self.invoice.name, response.text)

    def _read_ticket(self, fields):
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {
                "model": "case.ticket",
                "method": "read",
                "args": [self.ticket.ids, fields],
                "kwargs": {},
            },
        }
        return self.url_open("/web/dataset/call_kw/case.ticket/read", json=payload).json()

    def test_requester_reads_no_credit_field_of_their_ticket(self):
        """The credit figures and decision of a ticket are the service team's (call_kw)."""
        self.authenticate("acct_portal", "acct_portal")
        answer = self._read_ticket(["name"])
        self.assertEqual(answer["result"][0]["name"], "Factura con error", "their ticket")
        for login in ("acct_portal", None):
            self.authenticate(login, login)
            for field in (
                "credit_decision_due",
                "partner_credit_limit",
                "partner_balance",
                "credit_note_ids",
            ):
                with self.subTest(user=login, field=field):
                    answer = self._read_ticket([field])
                    self.assertIn("error", answer, f"{field} read: {answer}")
                    refusal = "AccessError" if login else "SessionExpired"
                    self.assertIn(refusal, answer["error"]["data"]["name"])
                    if login:  # refused for itself, not only through what it depends on
                        self.assertIn(f'field "{field}"', answer["error"]["data"]["message"])
