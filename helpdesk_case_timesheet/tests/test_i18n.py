from pathlib import Path

import polib

from odoo.tests import TransactionCase, tagged

I18N = Path(__file__).resolve().parent.parent / "i18n"


@tagged("post_install", "-at_install")
class TestSpanishIsComplete(TransactionCase):
    """Every string of the .pot has its Spanish translation."""

    def test_every_term_is_translated(self):
        pot = polib.pofile(str(I18N / "helpdesk_case_timesheet.pot"))
        spanish = {entry.msgid: entry for entry in polib.pofile(str(I18N / "es.po"))}
        missing = [
            entry.msgid
            for entry in pot
            if entry.msgid not in spanish or not spanish[entry.msgid].msgstr.strip()
        ]
        self.assertFalse(missing, f"{len(missing)} terms without Spanish: {missing[:5]}")
        fuzzy = [entry.msgid for entry in spanish.values() if "fuzzy" in entry.flags]
        self.assertFalse(fuzzy, f"fuzzy translations: {fuzzy[:5]}")
