from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestSpanishIsComplete(TransactionCase):
    """The addon's own terms in Spanish (completeness: helpdesk_case's test_i18n)."""

    def test_reasons_speak_spanish(self):
        self.env["res.lang"]._activate_lang("es_ES")
        self.env["ir.module.module"]._load_module_terms(
            ["helpdesk_case_account"], ["es_ES"], overwrite=True
        )
        env = self.env(context={"lang": "es_ES"})
        reason = env.ref("helpdesk_case_account.note_reason_price_error")
        self.assertEqual(reason.name, "Error de precio en la factura")
