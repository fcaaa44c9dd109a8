from odoo import Command, http
from odoo.addons.helpdesk_case.tests.common import CasePortalCommon
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestConsultantOrderCases(CasePortalCommon):
    """A consultant opens cases about their own orders; their downline's orders stay theirs
    (sale's portal rules are not widened by the helpdesk)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        product = cls.env["product.product"].create({"name": "Rubor", "list_price": 15.0})
        SaleOrder = cls.env["sale.order"]
        line = [Command.create({"product_id": product.id})]
        cls.own_order = SaleOrder.create({"partner_id": cls.chain[0].id, "order_line": line})
        cls.downline_order = SaleOrder.create({"partner_id": cls.chain[5].id, "order_line": line})
        (cls.own_order | cls.downline_order).action_confirm()
        cls.ticket_bottom.sale_order_id = cls.downline_order

    def _post_case(self, order, subject):
        return self.url_open(
            "/my/cases/new",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "subject": subject,
                "typification_id": self.typ_portal.id,
                "description": "Llegó incompleto",
                "sale_order_id": order.id,
            },
        )

    def test_consultant_creates_a_case_from_their_order(self):
        self.authenticate("case_top", "case_top")
        page = self.url_open(f"/my/orders/{self.own_order.id}").text
        self.assertIn(f"/my/cases/new?sale_order_id={self.own_order.id}", page)
        form = self.url_open(f"/my/cases/new?sale_order_id={self.own_order.id}").text
        self.assertIn('name="sale_order_id"', form)
        response = self._post_case(self.own_order, "Pedido propio incompleto")
        self.assertEqual(response.status_code, 200)
        ticket = self.env["case.ticket"].search([("name", "=", "Pedido propio incompleto")])
        self.assertEqual(ticket.sale_order_id, self.own_order)
        self.assertEqual(ticket.partner_id, self.chain[0])
        self.assertEqual(ticket.channel_id.code, "order")

    def test_no_case_about_a_downline_order(self):
        self.authenticate("case_top", "case_top")
        # sale's rules: the downline's order is not the consultant's to open
        page = self.url_open(f"/my/orders/{self.downline_order.id}").text
        self.assertNotIn(self.downline_order.name, page)
        form = self.url_open(f"/my/cases/new?sale_order_id={self.downline_order.id}").text
        self.assertNotIn('name="sale_order_id"', form)
        Ticket = self.env["case.ticket"]
        before = Ticket.search_count([])
        response = self._post_case(self.downline_order, "Pedido ajeno de mi red")
        self.assertEqual(response.status_code, 400)
        self.assertIn("You cannot open a case about this order", response.text)
        self.assertEqual(Ticket.search_count([]), before, "nothing created")
        # the downline's case stays visible to the consultant, without a link to the order
        case_page = self.url_open(f"/my/cases/{self.ticket_bottom.id}").text
        self.assertIn(self.ticket_bottom.name, case_page)
        self.assertNotIn(f"/my/orders/{self.downline_order.id}", case_page)
