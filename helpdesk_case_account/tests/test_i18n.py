from pathlib import Path

import polib

from odoo.tests import TransactionCase, tagged

I18N = Path(__file__).resolve().parent.parent / "i18n"


@tagged("post_install", "-at_install")
class TestSpanishIsComplete(TransactionCase):
    """Every string of the .pot has its Spanish translation."""

    def test_every_term_is_translated(self):
        pot = polib.pofile(str(I18N / "helpdesk_case_account.pot"))
        spanish = {entry.msgid: entry for entry in polib.pofile(str(I18N / "es.po"))}
        missing = [
            entry.msgid
            for entry in pot
            if entry.msgid not in spanish or not spanish[entry.msgid].msgstr.strip()
        ]
        self.assertFalse(missing, f"{len(missing)} terms without Spanish: {missing[:5]}")
        fuzzy = [entry.msgid for entry in spanish.values() if "fuzzy" in entry.flags]
        self.assertFalse(fuzzy, f"fuzzy translations: {fuzzy[:5]}")

    def test_reasons_speak_spanish(self):
        self.env["res.lang"]._activate_lang("es_ES")
        self.env["ir.module.module"]._load_module_terms(
            ["helpdesk_case_account"], ["es_ES"], overwrite=True
        )
        env = self.env(context={"lang": "es_ES"})
        reason = env.ref("helpdesk_case_account.note_reason_price_error")
        self.assertEqual(reason.name, "Error de precio en la factura")
