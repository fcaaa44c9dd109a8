from odoo.exceptions import AccessError
from odoo.tests import freeze_time, new_test_user, tagged

from .test_sla import TestSlaCommon, at


@tagged("post_install", "-at_install")
class TestSlaReport(TestSlaCommon):
    def _answered_and_closed(self):
        with freeze_time(at(0, 8)):
            ticket = self._ticket()
        with freeze_time(at(0, 10)):
            ticket.with_user(self.agent).message_post(
                body="Lo vemos", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        with freeze_time(at(0, 11)):
            ticket.stage_id = self.stage_waiting
        with freeze_time(at(0, 14)):  # 11-12 and 13-14: 2 working hours paused
            ticket.stage_id = self.stage_progress
        with freeze_time(at(1, 9)):
            ticket.stage_id = self.stage_closed
        return ticket

    def test_working_times_exclude_nights_lunch_and_pauses(self):
        ticket = self._answered_and_closed()
        self.assertEqual(ticket.first_response_hours, 2)
        # Monday 8-17 (8 h) + Tuesday 8-9 (1 h) - 2 h paused
        self.assertEqual(ticket.resolution_hours, 7)
        self.assertEqual(ticket.sla_status, "met")

    def test_report_by_typification_and_compliance(self):
        met = self._answered_and_closed()
        with freeze_time(at(0, 8)):
            late = self._ticket()
        with freeze_time(at(0, 13)):
            self.env["case.ticket"]._cron_sla_status()
            late.stage_id = self.stage_closed
        self.env.flush_all()
        Report = self.env["case.ticket.report"]
        rows = Report._read_group(
            [("ticket_id", "in", (met | late).ids)],
            ["typification_id"],
            ["ticket_count:sum", "sla_compliance:avg", "first_response_hours:avg"],
        )
        self.assertEqual(rows, [(self.typ_not_received, 2, 50.0, 2.0)])
        self.assertEqual(Report.search([("ticket_id", "=", late.id)]).sla_status, "failed")

    def test_backlog_aging_and_workload(self):
        self._ticket(user_id=self.agent.id)
        self._ticket(user_id=self.agent.id)
        self.env.flush_all()
        rows = dict(
            self.env["case.ticket.report"]._read_group(
                [("is_closed", "=", False), ("queue_id", "=", self.queue_n1.id)],
                ["user_id"],
                ["ticket_count:sum"],
            )
        )
        self.assertEqual(rows[self.agent], 2)
        buckets = (
            self.env["case.ticket.report"]
            .search([("queue_id", "=", self.queue_n1.id)])
            .mapped("age_bucket")
        )
        self.assertEqual(set(buckets), {"0_1"})

    def test_report_access(self):
        ticket = self._ticket()
        other_queue = self.env["case.queue"].create({"name": "Otra"})
        other = self._ticket(queue_id=other_queue.id)
        self.env.flush_all()
        Report = self.env["case.ticket.report"]
        # the supervisor sees the queues they lead only
        seen = Report.with_user(self.supervisor).search([("ticket_id", "in", (ticket | other).ids)])
        self.assertEqual(seen.ticket_id, ticket)
        admin = new_test_user(
            self.env, login="case_admin_rep", groups="helpdesk_case.group_case_admin"
        )
        seen = Report.with_user(admin).search([("ticket_id", "in", (ticket | other).ids)])
        self.assertEqual(seen.ticket_id, ticket | other)
        with self.assertRaises(AccessError):
            Report.with_user(self.agent).search([])
