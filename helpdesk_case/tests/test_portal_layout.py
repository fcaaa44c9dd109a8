"""What a new user sees first: aligned portal rows, a channel on every ticket, honest status,
and the portal hooks the bridges extend (scopes, link sections)."""

from unittest.mock import patch

from lxml import html

from odoo.exceptions import UserError
from odoo.tests import Form, HttpCase, tagged

from ..controllers.portal import CaseCustomerPortal
from .common import CasePortalCommon


@tagged("post_install", "-at_install")
class TestPortalRows(CasePortalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # created in the back office, without typification
        Ticket = cls.env["case.ticket"]
        cls.untyped_a = Ticket.create(
            {"name": "No type A", "partner_id": cls.customer_a.partner_id.id}
        )
        cls.untyped_bottom = Ticket.create(
            {"name": "No type bottom", "partner_id": cls.chain[5].id}
        )

    def assertRowsAligned(self, login, expected_rows):
        self.authenticate(login, login)
        response = self.url_open("/my/cases")
        self.assertEqual(response.status_code, 200)
        tree = html.fromstring(response.text)
        headers = tree.xpath("//table[.//tr[contains(@class, 'o_case_row')]]/thead/tr/th")
        rows = tree.xpath("//tr[contains(@class, 'o_case_row')]")
        self.assertGreaterEqual(len(rows), expected_rows)
        for row in rows:
            self.assertEqual(
                len(row.xpath("./td")), len(headers), html.tostring(row, encoding="unicode")
            )
        return rows

    def test_customer_rows_with_and_without_typification(self):
        rows = self.assertRowsAligned("case_cust_a", 2)
        text = " ".join(row.text_content() for row in rows)
        self.assertIn(self.untyped_a.number, text)
        self.assertIn(self.ticket_a.number, text)

    def test_consultant_rows_with_and_without_typification(self):
        rows = self.assertRowsAligned("case_top", 2)
        text = " ".join(row.text_content() for row in rows)
        self.assertIn(self.untyped_bottom.number, text)
        self.assertIn(self.ticket_bottom.number, text)


@tagged("post_install", "-at_install")
class TestChannelByEntryPoint(CasePortalCommon):
    def test_back_office_form(self):
        agent = self.env["res.users"].create(
            {
                "name": "Agent Channel",
                "login": "case_channel_agent",
                "group_ids": [(4, self.env.ref("helpdesk_case.group_case_service").id)],
            }
        )
        with Form(self.env["case.ticket"].with_user(agent)) as form:
            form.name = "Llamada"
            self.assertEqual(form.channel_id, self.env.ref("helpdesk_case.channel_back_office"))
        with Form(self.env["case.ticket"].with_user(agent)) as form:
            form.name = "Llamada telefónica"
            form.channel_id = self.env.ref("helpdesk_case.channel_phone")
        self.assertEqual(form.record.channel_id.code, "phone", "still editable for calls")
        ticket = self.env["case.ticket"].with_user(agent).create({"name": "RPC"})
        self.assertEqual(ticket.channel_id.code, "back_office")

    def test_portal_form(self):
        self.authenticate("case_cust_a", "case_cust_a")
        self._post(
            "/my/cases/new",
            {"subject": "Desde el portal", "typification_id": str(self.typ_portal.id)},
            files={"attachments": ("", b"")},
        )
        ticket = self.env["case.ticket"].search([("name", "=", "Desde el portal")])
        self.assertEqual(ticket.channel_id.code, "portal")


@tagged("post_install", "-at_install")
class TestClosedLooksClosed(CasePortalCommon):
    def test_agent_cannot_reopen_by_writing_the_status(self):
        self.ticket_a.action_close()
        agent = self.env["res.users"].create(
            {
                "name": "Agent Status",
                "login": "case_status_agent",
                "group_ids": [(4, self.env.ref("helpdesk_case.group_case_service").id)],
            }
        )
        self.ticket_a.user_id = agent
        with self.assertRaises(UserError):
            self.ticket_a.with_user(agent).write({"state_group": "todo"})
        self.authenticate("case_cust_a", "case_cust_a")
        response = self.url_open("/my/cases?filterby=open")
        self.assertNotIn(self.ticket_a.number, response.text)
        response = self.url_open("/my/cases?filterby=closed")
        self.assertIn(self.ticket_a.number, response.text)


@tagged("post_install", "-at_install")
class TestPortalHooks(CasePortalCommon):
    def test_link_sections(self):
        self.authenticate("case_cust_a", "case_cust_a")
        page = self.url_open(f"/my/cases/{self.ticket_a.id}").text
        self.assertNotIn('id="case_links"', page)

        def links(controller, ticket_sudo, access_token=None):
            return [{"title": "Order S00042", "access_url": "/my/orders/42"}]

        with patch.object(CaseCustomerPortal, "_case_link_sections", links):
            page = self.url_open(f"/my/cases/{self.ticket_a.id}").text
        tree = html.fromstring(page)
        link = tree.xpath("//div[@id='case_links']//a[contains(@class, 'o_case_link')]")
        self.assertEqual(
            [(a.text_content(), a.get("href")) for a in link], [("Order S00042", "/my/orders/42")]
        )

    def test_scopes_come_from_one_place(self):
        original = CaseCustomerPortal._case_searchbar_scopes
        upper = self.env["case.ticket"].create(
            {"name": "Upper level", "partner_id": self.chain[1].id}
        )

        def scopes(controller):
            return {
                **original(controller),
                "bottom": {
                    "label": "Bottom only",
                    "domain": [("partner_id", "=", self.chain[5].id)],
                },
            }

        def chosen_scope(page):
            return html.fromstring(page).xpath("//button[@id='portal_searchbar_scope']")[0]

        self.authenticate("case_top", "case_top")
        with patch.object(CaseCustomerPortal, "_case_searchbar_scopes", scopes):
            page = self.url_open("/my/cases?scope=bottom").text
        self.assertEqual(chosen_scope(page).text_content().strip(), "Bottom only")
        self.assertIn(self.ticket_bottom.number, page)
        self.assertNotIn(upper.number, page, "the scope's domain filters the list")
        # without the hook the scope is unknown: back to the first one, which lists both
        page = self.url_open("/my/cases?scope=bottom").text
        self.assertEqual(chosen_scope(page).text_content().strip(), "Mine and my network")
        self.assertIn(upper.number, page)
        self.assertIn(self.ticket_bottom.number, page)

    def test_portal_rules_live_on_the_model(self):
        ticket = self.ticket_a
        customer = self.customer_a.partner_id
        self.assertTrue(ticket._portal_can_close())
        self.assertFalse(ticket._portal_can_rate(customer))
        ticket.action_close()
        self.assertFalse(ticket._portal_can_close())
        self.assertTrue(ticket._portal_can_rate(customer))
        self.assertFalse(ticket._portal_can_rate(self.customer_b.partner_id))
        self.assertFalse(ticket._portal_can_rate(self.env["res.partner"]))


@tagged("post_install", "-at_install")
class TestPortalDemoLogins(HttpCase):
    """The logins `make run` prints work and show what a newcomer expects."""

    def test_customer_demo(self):
        self.authenticate("case_customer_demo", "case_customer_demo")
        page = self.url_open("/my/cases").text
        maria = self.env.ref("helpdesk_case.partner_demo_maria_lopez")
        for ticket in self.env["case.ticket"].search([("partner_id", "=", maria.id)]):
            self.assertIn(ticket.number, page)

    def test_consultant_demo_sees_the_downline(self):
        self.authenticate("case_consultant_demo", "case_consultant_demo")
        page = self.url_open("/my/cases?scope=network").text
        julian = self.env.ref("helpdesk_case.partner_demo_julian_herrera")
        tickets = self.env["case.ticket"].search([("partner_id", "=", julian.id)])
        self.assertTrue(tickets)
        for ticket in tickets:
            self.assertIn(ticket.number, page)
