from datetime import date, datetime

from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time, tagged
from odoo.tools.safe_eval import safe_eval

from .common import CaseCommon


@tagged("post_install", "-at_install")
class TestAvailability(CaseCommon):
    def test_absent_agents_are_skipped(self):
        for method in ("round_robin", "balanced"):
            self.queue_n1.assign_method = method
            self.agent2.case_available = False
            tickets = self.env["case.ticket"].create(
                [{"name": str(i), "queue_id": self.queue_n1.id} for i in range(3)]
            )
            self.assertEqual(tickets.user_id, self.agent, method)
            self.agent.case_available = False
            nobody = self.env["case.ticket"].create({"name": "x", "queue_id": self.queue_n1.id})
            self.assertFalse(nobody.user_id, "nobody available: the supervisor assigns")
            self.agent.case_available = self.agent2.case_available = True

    def test_archived_members_are_skipped(self):
        self.queue_n1.assign_method = "round_robin"
        self.agent2.active = False  # left the company; still listed as a member
        self.assertIn(self.agent2, self.queue_n1.with_context(active_test=False).member_ids)
        tickets = self.env["case.ticket"].create(
            [{"name": str(i), "queue_id": self.queue_n1.id} for i in range(3)]
        )
        self.assertEqual(tickets.user_id, self.agent)

    def test_agent_switches_their_own_availability_only(self):
        self.agent.with_user(self.agent).write({"case_available": False})
        self.assertFalse(self.agent.case_available)
        with self.assertRaises(AccessError):
            self.agent2.with_user(self.agent).write({"case_available": False})
        self.assertTrue(self.agent2.case_available)

    def test_one_batch_never_gives_a_ticket_two_owners(self):
        self.queue_n1.assign_method = "balanced"
        tickets = self.env["case.ticket"].create(
            [{"name": str(i), "queue_id": self.queue_n1.id} for i in range(10)]
        )
        self.assertEqual(len(tickets.filtered("user_id")), 10)
        self.assertEqual(sorted(tickets.mapped(lambda t: t.user_id.login)).count("case_agent"), 5)


@tagged("post_install", "-at_install")
class TestReassign(CaseCommon):
    def _tickets(self):
        return self.env["case.ticket"].create(
            [
                {"name": f"Caso {i}", "queue_id": self.queue_n1.id, "user_id": self.agent.id}
                for i in range(3)
            ]
        )

    def test_supervisor_reassigns_in_bulk(self):
        tickets = self._tickets()
        wizard = (
            self.env["case.ticket.reassign"]
            .with_user(self.supervisor)
            .with_context(active_ids=tickets.ids)
            .create({"user_id": self.agent2.id, "note": "Ana de vacaciones"})
        )
        wizard.action_reassign()
        self.assertEqual(tickets.user_id, self.agent2)
        self.assertIn("Ana de vacaciones", tickets[0].message_ids[0].body)

    def test_agent_may_not_reassign(self):
        tickets = self._tickets()
        with self.assertRaises(AccessError):
            tickets.with_user(self.agent)._reassign(self.agent2)
        with self.assertRaises(AccessError):
            tickets.with_user(self.agent).action_open_reassign_wizard()
        with self.assertRaises(AccessError):
            self.env["case.ticket.reassign"].with_user(self.agent).create(
                {"ticket_ids": tickets.ids, "user_id": self.agent2.id}
            )
        self.assertEqual(tickets.user_id, self.agent)

    def test_not_to_a_portal_user(self):
        tickets = self._tickets()
        portal = self.env["res.users"].create(
            {"name": "Cliente", "login": "cliente_x", "group_ids": [(6, 0, [])]}
        )
        portal.group_ids = self.env.ref("base.group_portal")
        with self.assertRaises(UserError):
            tickets.with_user(self.supervisor)._reassign(portal)


@tagged("post_install", "-at_install")
class TestFollowUpInMyShift(CaseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.env["resource.calendar"].create({"name": "Turno UTC", "tz": "UTC"})
        cls.agent.company_id.resource_calendar_id = cls.calendar
        cls.agent.tz = "UTC"

    def _schedule(self, when):
        ticket = self.env["case.ticket"].create({"name": "Seguimiento", "user_id": self.agent.id})
        with freeze_time(when):
            ticket.with_user(self.agent).action_schedule_followup()
        return ticket.activity_ids

    def test_inside_the_shift(self):
        activity = self._schedule(datetime(2026, 3, 2, 9, 30))  # Monday
        self.assertEqual(activity.date_deadline, date(2026, 3, 2))
        self.assertEqual(activity.summary, "Follow-up at 10:30")
        self.assertEqual(activity.user_id, self.agent)

    def test_after_the_shift_goes_to_the_next_working_day(self):
        activity = self._schedule(datetime(2026, 3, 6, 16, 30))  # Friday
        self.assertEqual(activity.date_deadline, date(2026, 3, 9))  # Monday
        self.assertEqual(activity.summary, "Follow-up at 08:30")

    def test_own_time_off_is_skipped(self):
        resource = self.env["resource.resource"].create(
            {"name": self.agent.name, "user_id": self.agent.id, "calendar_id": self.calendar.id}
        )
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Cita médica",
                "calendar_id": self.calendar.id,
                "resource_id": resource.id,
                "date_from": datetime(2026, 3, 9, 0, 0),
                "date_to": datetime(2026, 3, 9, 12, 0),
            }
        )
        activity = self._schedule(datetime(2026, 3, 6, 16, 30))  # Friday, end of the shift
        self.assertEqual(activity.date_deadline, date(2026, 3, 9))  # Monday afternoon
        self.assertEqual(activity.summary, "Follow-up at 13:30")  # after the leave and lunch

    def test_my_agenda_lists_my_followups_only(self):
        mine = self._schedule(datetime(2026, 3, 2, 9, 30))
        action = self.env.ref("helpdesk_case.case_activity_action_my_agenda")
        domain = safe_eval(action.domain, {"uid": self.agent.id})
        self.assertEqual(self.env["mail.activity"].with_user(self.agent).search(domain), mine)
        self.assertFalse(
            self.env["mail.activity"].search(safe_eval(action.domain, {"uid": self.agent2.id}))
        )
