from datetime import timedelta

from odoo import fields
from odoo.sql_db import db_connect
from odoo.tests import TransactionCase, freeze_time, tagged


@tagged("post_install", "-at_install")
class TestCronConcurrency(TransactionCase):
    """Another worker holds a ticket: the crons skip it instead of waiting, and do the rest."""

    def test_stale_and_status_crons_skip_rows_another_worker_holds(self):
        held = self.env.ref("helpdesk_case.ticket_demo_order_not_received")
        others = self.env.ref("helpdesk_case.ticket_demo_petition_right")
        self.assertFalse(held.is_closed or others.is_closed)
        self.assertFalse(held.stage_id.is_backlog or others.stage_id.is_backlog)
        later = fields.Datetime.now() + timedelta(days=400)
        other_worker = db_connect(self.env.cr.dbname).cursor()
        try:
            other_worker.execute("SELECT id FROM case_ticket WHERE id = %s FOR UPDATE", [held.id])
            # a cron that waited for the lock would fail here instead of hanging the suite
            self.env.cr.execute("SET LOCAL lock_timeout = '5s'")
            with freeze_time(later):
                self.env["case.ticket"]._cron_stale()
                self.env["case.ticket"]._cron_sla_status()
            self.assertTrue(others.stale)
            self.assertFalse(held.stale, "held by the other worker: left for the next run")
        finally:
            other_worker.rollback()
            other_worker.close()
        with freeze_time(later):
            self.env["case.ticket"]._cron_stale()
        self.assertTrue(held.stale)
