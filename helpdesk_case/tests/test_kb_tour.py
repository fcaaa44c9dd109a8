from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestKbTour(HttpCase):
    """In Chromium: suggestions while a visitor types on the public form, and deflection."""

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
        self.assertEqual((deflection.origin, deflection.submitted), ("public", False))
