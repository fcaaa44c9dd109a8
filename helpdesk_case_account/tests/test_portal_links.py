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
