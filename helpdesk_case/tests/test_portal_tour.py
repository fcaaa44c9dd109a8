from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestPortalTour(HttpCase):
    """In Chromium: a consultant opens a case with a file; their sponsor sees it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        sponsor = Partner.create(
            {"name": "Tour Sponsor", "email": "tour.sponsor@example.com", "is_consultant": True}
        )
        recruit = Partner.create(
            {
                "name": "Tour Recruit",
                "email": "tour.recruit@example.com",
                "is_consultant": True,
                "sponsor_id": sponsor.id,
            }
        )
        cls.recruit = recruit
        for login, partner in (("tour_sponsor", sponsor), ("tour_recruit", recruit)):
            new_test_user(
                cls.env,
                login=login,
                groups="base.group_portal",
                partner_id=partner.id,
                name=partner.name,
            )
        category = cls.env["case.typification"].create(
            {"name": "Tour category", "portal_visible": True}
        )
        cls.typification = cls.env["case.typification"].create(
            {
                "name": "Tour order never arrived",
                "parent_id": category.id,
                "portal_visible": True,
            }
        )

    def test_consultant_creates_case_and_sponsor_sees_it(self):
        self.start_tour("/my/cases/new", "helpdesk_case_portal_create", login="tour_recruit")
        ticket = self.env["case.ticket"].search([("name", "=", "Tour: my order never arrived")])
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.partner_id, self.recruit)
        self.assertEqual(ticket.typification_id, self.typification)
        self.assertEqual(ticket.channel_id, self.env.ref("helpdesk_case.channel_portal"))
        attachments = self.env["ir.attachment"].search(
            [("res_model", "=", "case.ticket"), ("res_id", "=", ticket.id)]
        )
        self.assertEqual(attachments.mapped("name"), ["tour_proof.png"])
        self.start_tour("/my/cases", "helpdesk_case_portal_network", login="tour_sponsor")
