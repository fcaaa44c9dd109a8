"""Databases installed before 19.0.1.2.0 counted deflection with a ``submitted`` flag and no
opening date: a suggestion followed by a case becomes "not deflected"; the others stay "opened"
and the deflection cron settles them (deflected once the window has passed)."""

from odoo.tools import SQL


def migrate(cr, version):
    cr.execute(
        """SELECT 1 FROM information_schema.columns
            WHERE table_name = 'case_kb_deflection' AND column_name = 'submitted'"""
    )
    if not cr.fetchone():
        return
    # the new opening date was filled with the upgrade's time: the row's creation is the opening
    cr.execute(SQL("UPDATE case_kb_deflection SET opened_date = create_date"))
    cr.execute(SQL("UPDATE case_kb_deflection SET state = 'not_deflected' WHERE submitted"))
    cr.execute(
        SQL(
            """UPDATE case_kb_deflection
                  SET deflection_rate = CASE WHEN state = 'deflected' THEN 100.0 ELSE 0.0 END"""
        )
    )
    cr.execute(SQL("ALTER TABLE case_kb_deflection DROP COLUMN submitted"))
