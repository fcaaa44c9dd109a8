from pathlib import Path

import polib

from odoo.tests import TransactionCase, tagged

I18N = Path(__file__).resolve().parent.parent / "i18n"


@tagged("post_install", "-at_install")
class TestSpanishIsComplete(TransactionCase):
    """Every string of the .pot has its Spanish translation (run ``make i18n`` first)."""

    def test_every_term_is_translated(self):
        pot = polib.pofile(str(I18N / "helpdesk_case_livechat.pot"))
        spanish = {entry.msgid: entry for entry in polib.pofile(str(I18N / "es.po"))}
        missing = [
            entry.msgid
            for entry in pot
            if entry.msgid not in spanish or not spanish[entry.msgid].msgstr.strip()
        ]
        self.assertFalse(missing, f"{len(missing)} terms without Spanish: {missing[:5]}")
        fuzzy = [entry.msgid for entry in spanish.values() if "fuzzy" in entry.flags]
        self.assertFalse(fuzzy, f"fuzzy translations: {fuzzy[:5]}")

    def test_the_bot_speaks_spanish(self):
        self.env["res.lang"]._activate_lang("es_ES")
        self.env["ir.module.module"]._load_module_terms(
            ["helpdesk_case_livechat"], ["es_ES"], overwrite=True
        )
        env = self.env(context={"lang": "es_ES"})
        self.assertEqual(env.ref("helpdesk_case_livechat.channel_livechat").name, "Chat en vivo")
        step_types = dict(
            env["chatbot.script.step"]._fields["step_type"]._description_selection(env)
        )
        self.assertEqual(step_types["create_ticket"], "Crear ticket")
