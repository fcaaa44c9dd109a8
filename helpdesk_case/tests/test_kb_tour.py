from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestKbTour(HttpCase):
    """In Chromium: suggestions while a visitor types on the public form, and deflection; an
    agent inserts a suggested article into a reply from the ticket form."""

    def test_suggestion_while_typing(self):
        article = self.env["case.kb.article"].create(
            {
                "name": "Tour zafirotour: errores de facturación",
                "body": "<p>Cómo corregir la facturación zafirotour.</p>",
                "visibility": "public",
                "state": "published",
            }
        )
        self.start_tour("/support/new", "helpdesk_case_kb_suggest")
        deflection = self.env["case.kb.deflection"].search([("article_id", "=", article.id)])
        self.assertEqual(len(deflection), 1)
        self.assertEqual((deflection.origin, deflection.state), ("public", "opened"))

    def test_send_link_from_the_ticket(self):
        agent = new_test_user(
            self.env, login="kb_tour_agent", groups="helpdesk_case.group_case_service"
        )
        typification = self.env["case.typification"].create({"name": "Tour rubitour type"})
        article = self.env["case.kb.article"].create(
            {
                "name": "Tour rubitour: cómo seguir un pedido",
                "body": "<p>Siga su pedido desde el portal.</p>",
                "visibility": "portal",
                "state": "published",
                "typification_ids": [typification.id],
            }
        )
        ticket = self.env["case.ticket"].create(
            {
                "name": "¿Dónde está mi pedido?",
                "typification_id": typification.id,
                "user_id": agent.id,
                "partner_id": self.env["res.partner"]
                .create({"name": "Tour Cliente", "email": "tour.cliente@example.org"})
                .id,
            }
        )
        self.start_tour(
            f"/odoo/action-helpdesk_case.case_ticket_action/{ticket.id}",
            "helpdesk_case_kb_ticket",
            login="kb_tour_agent",
        )
        message = ticket.message_ids[0]
        self.assertIn(article.portal_url, str(message.body))
        self.assertIn("Hola rubitour", str(message.body), "the agent's edit was sent")
        self.assertEqual(message.message_type, "comment")
        self.assertIn(ticket.partner_id, message.partner_ids)
        self.assertEqual(article.use_count, 1)
