from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged, users

from .common import CaseCommon

# whole screen of one contact, whatever their number of tickets; 21 with the core's sections
# alone, 30 with helpdesk_case_account installed (its invoices, notes, statement, credit sections)
QUERIES_360 = 30


@tagged("post_install", "-at_install")
class TestConsult360(CaseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.consultant = Partner.create(
            {
                "name": "Carla Consultora",
                "email": "carla@example.com",
                "phone": "+52 55 1234 5678",
                "vat": "CACX7605101P8",
                "is_consultant": True,
            }
        )
        cls.recruits = Partner.create(
            [{"name": f"Recluta {i}", "sponsor_id": cls.consultant.id} for i in range(7)]
        )
        cls.quiet = Partner.create({"name": "Sin historia"})
        Ticket = cls.env["case.ticket"]
        cls.tickets = Ticket.create(
            [
                {"name": f"Caso {i}", "partner_id": cls.consultant.id, "queue_id": cls.queue_n1.id}
                for i in range(8)
            ]
        )
        cls.tickets[:3].action_close()

    def _sections(self, partner, user=None):
        data = partner.with_user(user or self.agent).case_360_data()
        return {section["key"]: section for section in data["sections"]}, data

    def test_core_sections_in_order(self):
        sections, data = self._sections(self.consultant)
        # the core's sections come first; installed bridges append theirs
        self.assertEqual(
            [s["key"] for s in data["sections"]][:3], ["contact", "network", "tickets"]
        )
        contact = {f["label"]: f["value"] for f in sections["contact"]["figures"]}
        self.assertEqual(contact["E-mail"], "carla@example.com")
        self.assertEqual(contact["Tax ID"], "CACX7605101P8")
        network = {f["label"]: f["value"] for f in sections["network"]["figures"]}
        self.assertEqual(network["People below"], 7)
        self.assertEqual(len(sections["network"]["lines"]), 5, "a few, then open all")
        self.assertTrue(sections["network"]["action"])
        tickets = sections["tickets"]
        self.assertEqual(
            {f["label"]: f["value"] for f in tickets["figures"]}, {"Open": 5, "Closed": 3}
        )
        self.assertEqual(len(tickets["lines"]), 5)
        self.assertEqual(tickets["lines"][0]["model"], "case.ticket")
        self.assertTrue(tickets["lines"][0]["detail"], "the stage beside each ticket")
        self.assertEqual(tickets["action"]["res_model"], "case.ticket")

    def test_empty_sections_say_so(self):
        sections, __ = self._sections(self.quiet)
        self.assertEqual(sections["network"]["figures"], [])
        self.assertEqual(sections["network"]["lines"], [])
        self.assertTrue(sections["network"]["empty"])
        self.assertFalse(sections["network"]["action"])

    def test_tickets_follow_the_agents_rules(self):
        hidden = self.env["case.ticket"].create(
            {"name": "Otra cola", "partner_id": self.consultant.id, "queue_id": self.queue_n3.id}
        )
        sections, __ = self._sections(self.consultant)
        open_count = {f["label"]: f["value"] for f in sections["tickets"]["figures"]}["Open"]
        self.assertEqual(open_count, 5, "the agent does not see N3's ticket")
        admin = new_test_user(self.env, login="c360_admin", groups="helpdesk_case.group_case_admin")
        sections, __ = self._sections(self.consultant, admin)
        open_count = {f["label"]: f["value"] for f in sections["tickets"]["figures"]}["Open"]
        self.assertEqual(open_count, 6)
        self.assertIn(hidden.display_name, [line["name"] for line in sections["tickets"]["lines"]])

    def test_search_box(self):
        Partner = self.env["res.partner"].with_user(self.agent)
        for term in ("carla cons", "CACX 7605101P8", "carla@example", "1234 5678"):
            with self.subTest(term=term):
                found = [match["id"] for match in Partner.case_360_search(term)]
                self.assertIn(self.consultant.id, found)
        self.assertEqual(Partner.case_360_search("   "), [])
        self.assertEqual(Partner.case_360_search("zzz-nobody-zzz"), [])

    def test_only_the_service_team(self):
        portal = new_test_user(self.env, login="c360_portal", groups="base.group_portal")
        employee = new_test_user(self.env, login="c360_employee", groups="base.group_user")
        for user in (portal, employee):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.consultant.with_user(user).case_360_data()
            with self.assertRaises(AccessError):
                self.env["res.partner"].with_user(user).case_360_search("carla")

    def test_ticket_and_contact_open_it(self):
        action = self.tickets[0].with_user(self.agent).action_open_case_360()
        self.assertEqual(action["tag"], "helpdesk_case.consult360")
        self.assertEqual(action["params"]["partner_id"], self.consultant.id)
        self.assertEqual(self.consultant.action_open_case_360()["params"], action["params"])

    @users("case_agent")
    def test_query_count_does_not_grow_with_history(self):
        # a consultant with ten times the recruits and tickets costs the same queries
        busier = (
            self.env["res.partner"]
            .sudo()
            .create({"name": "Muy ocupada", "email": "b@example.com", "is_consultant": True})
        )
        self.env["res.partner"].sudo().create(
            [{"name": f"Recluta B{i}", "sponsor_id": busier.id} for i in range(70)]
        )
        self.env["case.ticket"].sudo().create(
            [
                {"name": f"Caso B{i}", "partner_id": busier.id, "queue_id": self.queue_n1.id}
                for i in range(80)
            ]
        )
        Partner = self.env["res.partner"]
        for partner in (self.consultant, busier):
            Partner.browse(partner.id).case_360_data()  # warm the shared caches (rules, views)
        for partner in (self.consultant, busier):
            self.env.invalidate_all()
            with self.subTest(partner=partner.name), self.assertQueryCount(QUERIES_360):
                Partner.browse(partner.id).case_360_data()


@tagged("post_install", "-at_install")
class TestConsult360Tour(HttpCase):
    def test_agent_looks_up_a_consultant(self):
        Partner = self.env["res.partner"]
        consultant = Partner.create(
            {
                "name": "Tour360 Consultant",
                "email": "tour360@example.com",
                "vat": "TOUR360VAT",
                "is_consultant": True,
            }
        )
        Partner.create({"name": "Tour360 Recruit", "sponsor_id": consultant.id})
        self.env["case.ticket"].create(
            [
                {"name": "Tour360 first", "partner_id": consultant.id},
                {"name": "Tour360 second", "partner_id": consultant.id},
            ]
        )
        new_test_user(self.env, login="tour360_agent", groups="helpdesk_case.group_case_admin")
        self.start_tour("/odoo/consulta-360", "helpdesk_case_consult360", login="tour360_agent")
