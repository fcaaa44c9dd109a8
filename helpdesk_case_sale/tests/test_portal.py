from odoo import Command, http
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestPortalOrderCases(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.user_a = new_test_user(
            env,
            login="sale_portal_a",
            name="Ana Portal",
            email="a@example.com",
            groups="base.group_portal",
        )
        cls.user_b = new_test_user(
            env,
            login="sale_portal_b",
            name="Beto Portal",
            email="b@example.com",
            groups="base.group_portal",
        )
        product = env["product.product"].create({"name": "Sombra", "list_price": 10.0})
        cls.order_a = env["sale.order"].create(
            {
                "partner_id": cls.user_a.partner_id.id,
                "order_line": [Command.create({"product_id": product.id})],
            }
        )
        cls.order_a.action_confirm()
        category = env["case.typification"].create({"name": "Pedidos", "portal_visible": True})
        cls.typification = env["case.typification"].create(
            {
                "name": "Problema con mi pedido",
                "parent_id": category.id,
                "portal_visible": True,
                "workflow_id": env.ref("helpdesk_case.workflow_generic").id,
            }
        )
        cls.ticket_a = env["case.ticket"].create(
            {
                "name": "Mi pedido",
                "partner_id": cls.user_a.partner_id.id,
                "sale_order_id": cls.order_a.id,
            }
        )
        cls.ticket_a.message_post(
            body="Ya enviamos el reemplazo", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        cls.ticket_b = env["case.ticket"].create(
            {
                "name": "Pedido ajeno",
                "partner_id": cls.user_b.partner_id.id,
                "sale_order_id": cls.order_a.id,
            }
        )

    def test_case_page_links_to_the_order_it_may_open(self):
        self.authenticate("sale_portal_a", "sale_portal_a")
        page = self.url_open(f"/my/cases/{self.ticket_a.id}").text
        self.assertIn(f"/my/orders/{self.order_a.id}", page)
        self.authenticate("sale_portal_b", "sale_portal_b")
        page = self.url_open(f"/my/cases/{self.ticket_b.id}").text
        self.assertIn("Pedido ajeno", page)
        self.assertNotIn(f"/my/orders/{self.order_a.id}", page, "not B's order")

    def test_order_page_lists_cases_and_public_replies(self):
        self.authenticate("sale_portal_a", "sale_portal_a")
        page = self.url_open(f"/my/orders/{self.order_a.id}").text
        self.assertIn(self.ticket_a.number, page)
        self.assertIn("Ya enviamos el reemplazo", page)
        self.assertNotIn(self.ticket_b.number, page, "another customer's case")
        self.assertIn(f"/my/cases/new?sale_order_id={self.order_a.id}", page)

    def _reply(self, ticket, body, note=False):
        return ticket.message_post(
            body=body,
            message_type="comment",
            subtype_xmlid="mail.mt_note" if note else "mail.mt_comment",
        )

    def _order_page(self):
        return self.url_open(f"/my/orders/{self.order_a.id}").text

    def test_order_page_shows_the_latest_public_replies_of_each_case(self):
        for number in range(1, 4):
            self._reply(self.ticket_a, f"Respuesta pública {number}")
        self._reply(self.ticket_a, "Nota interna: cliente difícil", note=True)
        self.ticket_a.message_post(
            author_id=self.user_a.partner_id.id,
            body="Mensaje propio del cliente",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        other = self.env["case.ticket"].create(
            {
                "name": "Factura del pedido",
                "partner_id": self.user_a.partner_id.id,
                "sale_order_id": self.order_a.id,
            }
        )
        self._reply(other, "Revisamos la factura")
        self.authenticate("sale_portal_a", "sale_portal_a")
        page = self._order_page()
        for body in ("Respuesta pública 1", "Respuesta pública 2", "Respuesta pública 3"):
            self.assertIn(body, page)
        self.assertNotIn("Ya enviamos el reemplazo", page, "the 3 latest replies of a case only")
        self.assertIn("Revisamos la factura", page, "each case its own replies")
        self.assertNotIn("Nota interna", page, "internal notes never")
        self.assertNotIn("Mensaje propio del cliente", page, "not the visitor's own messages")
        self.assertIn(other.access_url, page, "see the case")
        self.assertIn("See the case", page)

    def test_order_page_queries_do_not_grow_with_cases(self):
        self.authenticate("sale_portal_a", "sale_portal_a")
        self._order_page()  # warm the caches

        def page_queries():
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            self._order_page()
            return self.cr.sql_log_count - before

        one_case = page_queries()
        for number in range(5):
            ticket = self.env["case.ticket"].create(
                {
                    "name": f"Caso {number}",
                    "partner_id": self.user_a.partner_id.id,
                    "sale_order_id": self.order_a.id,
                }
            )
            for reply in range(4):
                self._reply(ticket, f"Caso {number}, respuesta {reply}")
        self._order_page()
        self.assertEqual(page_queries(), one_case)

    def test_create_a_case_from_the_order(self):
        self.authenticate("sale_portal_a", "sale_portal_a")
        page = self.url_open(f"/my/cases/new?sale_order_id={self.order_a.id}").text
        self.assertIn('name="sale_order_id"', page)
        self.assertIn(f"Order {self.order_a.name}", page)
        response = self.url_open(
            "/my/cases/new",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "subject": f"Order {self.order_a.name}",
                "typification_id": self.typification.id,
                "description": "Falta una pieza",
                "sale_order_id": self.order_a.id,
            },
        )
        self.assertEqual(response.status_code, 200)
        ticket = self.env["case.ticket"].search([("name", "=", f"Order {self.order_a.name}")])
        self.assertEqual(ticket.sale_order_id, self.order_a)
        self.assertEqual(ticket.channel_id.code, "order")
        self.assertEqual(ticket.partner_id, self.user_a.partner_id)

    def test_no_case_about_someone_elses_order(self):
        self.authenticate("sale_portal_b", "sale_portal_b")
        page = self.url_open(f"/my/cases/new?sale_order_id={self.order_a.id}").text
        self.assertNotIn('name="sale_order_id"', page)
        Ticket = self.env["case.ticket"]
        before = Ticket.search_count([])
        response = self.url_open(
            "/my/cases/new",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "subject": "Intento",
                "typification_id": self.typification.id,
                "sale_order_id": self.order_a.id,
            },
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("You cannot open a case about this order", response.text)
        self.assertEqual(Ticket.search_count([]), before)

    def _read_order(self, fields):
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {
                "model": "sale.order",
                "method": "read",
                "args": [self.order_a.ids, fields],
                "kwargs": {},
            },
        }
        return self.url_open("/web/dataset/call_kw/sale.order/read", json=payload).json()

    def test_release_of_an_order_is_not_readable_by_its_customer(self):
        """The credit release (who, when, for how much) is the company's, not the customer's."""
        self.order_a.sudo().write(
            {
                "case_release_ticket_id": self.ticket_a.id,
                "case_released_by_id": self.env.ref("base.user_admin").id,
                "case_release_amount": 5000.0,
            }
        )
        self.authenticate("sale_portal_a", "sale_portal_a")
        answer = self._read_order(["name"])
        self.assertEqual(answer["result"][0]["name"], self.order_a.name, "A reads her order")
        for field in (
            "case_release_ticket_id",
            "case_released_by_id",
            "case_release_date",
            "case_release_amount",
        ):
            answer = self._read_order([field])
            self.assertIn("error", answer, f"{field} read by the customer: {answer}")
            self.assertIn("AccessError", answer["error"]["data"]["name"])
        self.authenticate(None, None)
        answer = self._read_order(["case_release_amount"])
        self.assertIn("error", answer, "nor by an anonymous visitor")

    def test_order_page_by_token_shows_no_cases_to_an_anonymous_visitor(self):
        """The order's link (access token) opens the order, never its cases."""
        self.authenticate(None, None)
        url = self.order_a.get_portal_url()
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.order_a.name, response.text)
        self.assertNotIn("Mi pedido", response.text)
        self.assertNotIn("Ya enviamos el reemplazo", response.text)
        self.assertNotIn("Pedido ajeno", response.text)
