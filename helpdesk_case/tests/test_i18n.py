from odoo.addons.helpdesk_case.tests.common import spanish_gaps
from odoo.modules import get_module_path
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestSpanishIsComplete(TransactionCase):
    """Every string of the .pot has its Spanish translation (run ``make i18n`` first)."""

    def test_every_term_is_translated(self):
        """For this addon and every installed bridge of the project (one check for all)."""
        addons = self.env["ir.module.module"].search(
            [("name", "=like", "helpdesk_case%"), ("state", "=", "installed")]
        )
        self.assertIn("helpdesk_case", addons.mapped("name"))
        for name in addons.mapped("name"):
            with self.subTest(addon=name):
                missing, fuzzy = spanish_gaps(get_module_path(name))
                self.assertFalse(missing, f"{len(missing)} terms without Spanish: {missing[:5]}")
                self.assertFalse(fuzzy, f"fuzzy translations: {fuzzy[:5]}")

    def test_the_interface_speaks_spanish(self):
        self.env["res.lang"]._activate_lang("es_ES")
        self.env["ir.module.module"]._load_module_terms(
            ["helpdesk_case"], ["es_ES"], overwrite=True
        )
        env = self.env(context={"lang": "es_ES"})
        self.assertEqual(env.ref("helpdesk_case.stage_closed").name, "Cerrado")
        self.assertEqual(env.ref("helpdesk_case.mt_ticket_new").name, "Ticket creado")
