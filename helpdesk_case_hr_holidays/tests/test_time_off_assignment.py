from datetime import date, datetime

from odoo.addons.helpdesk_case.tests.common import CaseCommon
from odoo.tests import freeze_time, tagged

# Wednesday 4 March 2026, noon UTC: inside the working day of the agents' calendar
NOW = datetime(2026, 3, 4, 12)


@tagged("post_install", "-at_install")
class TestTimeOffAssignment(CaseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Employee = cls.env["hr.employee"]
        cls.employee = Employee.create({"name": "Ana", "user_id": cls.agent.id, "tz": "UTC"})
        cls.employee2 = Employee.create({"name": "Beto", "user_id": cls.agent2.id, "tz": "UTC"})
        LeaveType = cls.env["hr.leave.type"]
        cls.type_free = LeaveType.create(
            {
                "name": "Libre",
                "requires_allocation": False,
                "leave_validation_type": "no_validation",
            }
        )
        cls.type_approval = LeaveType.create(
            {"name": "Con aprobación", "requires_allocation": False, "leave_validation_type": "hr"}
        )

    def _leave(self, employee, leave_type, day):
        return self.env["hr.leave"].create(
            {
                "employee_id": employee.id,
                "holiday_status_id": leave_type.id,
                "request_date_from": day,
                "request_date_to": day,
            }
        )

    def _assign(self, count):
        return self.env["case.ticket"].create(
            [{"name": f"Caso {i}", "queue_id": self.queue_n1.id} for i in range(count)]
        )

    @freeze_time(NOW)
    def test_agent_on_approved_time_off_today_is_skipped(self):
        leave = self._leave(self.employee, self.type_free, date(2026, 3, 4))
        self.assertEqual(leave.state, "validate")
        for method in ("round_robin", "balanced"):
            with self.subTest(method=method):
                self.queue_n1.assign_method = method
                self.assertEqual(self._assign(3).user_id, self.agent2)

    @freeze_time(NOW)
    def test_time_off_to_approve_refused_or_another_day_does_not_count(self):
        draft = self._leave(self.employee, self.type_approval, date(2026, 3, 4))
        self.assertEqual(draft.state, "confirm")
        next_week = self._leave(self.employee, self.type_free, date(2026, 3, 11))
        self.assertEqual(next_week.state, "validate")
        refused = self._leave(self.employee2, self.type_approval, date(2026, 3, 4))
        refused.action_refuse()
        self.assertEqual(refused.state, "refuse")
        for method in ("round_robin", "balanced"):
            with self.subTest(method=method):
                self.queue_n1.assign_method = method
                self.assertEqual(self._assign(4).user_id, self.agent | self.agent2)

    @freeze_time(NOW)
    def test_everyone_away_leaves_the_ticket_to_the_supervisor(self):
        self._leave(self.employee, self.type_free, date(2026, 3, 4))
        self._leave(self.employee2, self.type_free, date(2026, 3, 4))
        self.queue_n1.assign_method = "balanced"
        self.assertFalse(self._assign(2).user_id, "nobody available: unassigned, as manual")

    @freeze_time(NOW)
    def test_one_query_for_every_member(self):
        self.queue_n1.assign_method = "round_robin"
        self._leave(self.employee, self.type_free, date(2026, 3, 4))
        self.queue_n1.member_ids.fetch(["active", "case_available"])
        with self.assertQueryCount(1):
            self.assertEqual(self.queue_n1._assignable_members(), self.agent2)

    @freeze_time(NOW)
    def test_manual_queue_asks_nobody_s_time_off(self):
        self.queue_n1.assign_method = "manual"
        self.queue_n1.fetch(["assign_method"])
        with self.assertQueryCount(0):
            self.assertEqual(self.queue_n1._assignees_for(2), [self.env["res.users"]] * 2)
