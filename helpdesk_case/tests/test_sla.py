from datetime import datetime

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time, tagged

from .common import CaseCommon

# Monday 2 March 2026; the calendar works Monday to Friday 8-12 and 13-17 UTC.
MON = datetime(2026, 3, 2)


def at(day, hour, minute=0):
    """``day`` days after Monday 2 March 2026, at ``hour``:``minute`` UTC."""
    return MON.replace(day=MON.day + day, hour=hour, minute=minute)


@tagged("post_install", "-at_install")
class TestSlaCommon(CaseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.env["resource.calendar"].create({"name": "Soporte UTC", "tz": "UTC"})
        (cls.queue_n1 | cls.queue_n2 | cls.queue_n3).resource_calendar_id = cls.calendar
        Policy = cls.env["case.sla.policy"]
        cls.policy_category = Policy.create(
            {
                "name": "Operaciones",
                "typification_ids": [Command.link(cls.category.id)],
                "response_hours": 4,
                "resolution_hours": 16,
            }
        )
        cls.stage_waiting = cls.env.ref("helpdesk_case.stage_waiting_customer")
        cls.stage_progress = cls.env.ref("helpdesk_case.stage_in_progress")
        cls.stage_backlog = cls.env.ref("helpdesk_case.stage_backlog")
        cls.stage_closed = cls.env.ref("helpdesk_case.stage_closed")
        cls.phone = cls.env.ref("helpdesk_case.channel_phone")

    def _ticket(self, **values):
        return self.env["case.ticket"].create(
            {
                "name": "Pedido no llegó",
                "partner_id": self.partner.id,
                "typification_id": self.typ_not_received.id,
                "channel_id": self.phone.id,
                **values,
            }
        )


@tagged("post_install", "-at_install")
class TestSlaDeadlines(TestSlaCommon):
    def test_policy_of_category_applies_to_subtypes(self):
        with freeze_time(at(4, 15)):  # Friday 15:00
            ticket = self._ticket()
        self.assertEqual(ticket.sla_policy_id, self.policy_category)
        # Friday 15-17 (2 h) + Monday 8-10 (2 h); nights and the weekend do not count
        self.assertEqual(ticket.sla_response_deadline, at(7, 10))
        # 2 h Friday + 8 h Monday + 6 h Tuesday (lunch excluded)
        self.assertEqual(ticket.sla_resolution_deadline, at(8, 15))
        self.assertEqual(ticket.sla_status, "on_track")

    def test_most_specific_policy_wins(self):
        specific = self.env["case.sla.policy"].create(
            {
                "name": "Pedido no recibido, urgente",
                "typification_ids": [Command.link(self.typ_not_received.id)],
                "priority": "3",
                "response_hours": 1,
                "resolution_hours": 8,
            }
        )
        with freeze_time(at(0, 8)):
            urgent = self._ticket()
            calm = self._ticket(importance="low", urgency="low")
        self.assertEqual(urgent.sla_policy_id, specific)
        self.assertEqual(urgent.sla_response_deadline, at(0, 9))
        self.assertEqual(calm.sla_policy_id, self.policy_category)
        # a priority change re-matches the policy and recomputes the deadlines
        with freeze_time(at(0, 9)):
            calm.write({"importance": "high", "urgency": "high"})
        self.assertEqual(calm.sla_policy_id, specific)
        self.assertEqual(calm.sla_resolution_deadline, at(0, 17))

    def test_typification_change_takes_the_other_policy(self):
        other = self.env["case.typification"].create({"name": "Urgencias"})
        urgent = self.env["case.sla.policy"].create(
            {
                "name": "Urgencias",
                "typification_ids": [Command.link(other.id)],
                "response_hours": 1,
                "resolution_hours": 2,
            }
        )
        with freeze_time(at(0, 8)):
            ticket = self._ticket()
        self.assertEqual(ticket.sla_policy_id, self.policy_category)
        with freeze_time(at(0, 9)):
            ticket.typification_id = other
        self.assertEqual(ticket.sla_policy_id, urgent)
        self.assertEqual(ticket.sla_response_deadline, at(0, 9))  # counted from the start, 8:00

    def test_partner_tag_and_queue_criteria(self):
        vip = self.env["res.partner.category"].create({"name": "VIP"})
        policy = self.env["case.sla.policy"].create(
            {
                "name": "VIP N1",
                "queue_ids": [Command.link(self.queue_n1.id)],
                "partner_category_ids": [Command.link(vip.id)],
                "response_hours": 2,
            }
        )
        with freeze_time(at(0, 8)):
            ticket = self._ticket(typification_id=False, queue_id=self.queue_n1.id)
            self.assertFalse(ticket.sla_policy_id)
            self.assertFalse(ticket.sla_status)
            self.partner.category_id = vip
            ticket.write({"partner_id": self.partner.id})
        self.assertEqual(ticket.sla_policy_id, policy)
        self.assertEqual(ticket.sla_response_deadline, at(0, 10))
        self.assertFalse(ticket.sla_resolution_deadline)

    def test_public_holiday_does_not_count(self):
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Día festivo",
                "calendar_id": self.calendar.id,
                "date_from": at(7, 0),
                "date_to": at(7, 23, 59),
            }
        )
        with freeze_time(at(4, 15)):
            ticket = self._ticket()
        self.assertEqual(ticket.sla_response_deadline, at(8, 10))  # Tuesday, not Monday

    def test_company_calendar_without_queue_calendar(self):
        self.queue_n1.resource_calendar_id = False
        self.env.company.resource_calendar_id = self.calendar
        with freeze_time(at(4, 15)):
            ticket = self._ticket()
        self.assertEqual(ticket.sla_response_deadline, at(7, 10))

    def test_email_first_answer_within_four_working_hours(self):
        email = self.env.ref("helpdesk_case.channel_email")
        with freeze_time(at(0, 16)):
            ticket = self._ticket(typification_id=False, channel_id=email.id)
            ticket.queue_id = self.queue_n1
        self.assertFalse(ticket.sla_policy_id)
        self.assertEqual(ticket.sla_response_deadline, at(1, 11))
        self.env["ir.config_parameter"].set_param("helpdesk_case.sla_email_response_hours", "2")
        with freeze_time(at(0, 16)):
            ticket2 = self._ticket(channel_id=email.id)  # stricter than the policy's 4 h
        self.assertEqual(ticket2.sla_response_deadline, at(1, 9))


@tagged("post_install", "-at_install")
class TestSlaStatus(TestSlaCommon):
    def test_at_risk_then_failed_then_met(self):
        with freeze_time(at(0, 8)):
            ticket = self._ticket()
        self.assertEqual(ticket.sla_response_deadline, at(0, 12))
        with freeze_time(at(0, 11)):
            self.env["case.ticket"]._cron_sla_status()
            self.assertEqual(ticket.sla_status, "on_track")
        with freeze_time(at(0, 11, 30)):  # 80 % of the 4 h used
            self.env["case.ticket"]._cron_sla_status()
            self.assertEqual(ticket.sla_status, "at_risk")
        with freeze_time(at(0, 12, 30)):
            self.env["case.ticket"]._cron_sla_status()
            self.assertEqual(ticket.sla_status, "failed")
            self.assertEqual(self.env["case.ticket"]._cron_sla_status(), 0)  # idempotent
        self.assertEqual(self.queue_n1.failed_ticket_count, 1)

    def test_queue_counters_open_their_lists(self):
        with freeze_time(at(0, 8)):
            risky, late, fine = (self._ticket() for __ in range(3))
            late.write({"importance": "high", "urgency": "high"})
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE case_ticket SET sla_response_risk_date = %s WHERE id = %s",
            [at(0, 9), risky.id],
        )
        self.env.cr.execute(
            "UPDATE case_ticket SET sla_response_deadline = %s WHERE id = %s",
            [at(0, 9), late.id],
        )
        self.env.invalidate_all()
        with freeze_time(at(0, 10)):
            self.env["case.ticket"]._cron_sla_status()
        self.assertEqual(
            (risky.sla_status, late.sla_status, fine.sla_status), ("at_risk", "failed", "on_track")
        )
        queue = self.queue_n1.with_user(self.supervisor)
        self.assertEqual((queue.at_risk_ticket_count, queue.failed_ticket_count), (1, 1))
        Ticket = self.env["case.ticket"].with_user(self.supervisor)
        for action, expected in (
            (queue.action_open_at_risk_tickets(), risky),
            (queue.action_open_failed_tickets(), late),
        ):
            with self.subTest(action=action["name"]):
                self.assertEqual(action["res_model"], "case.ticket")
                self.assertEqual(Ticket.search(action["domain"]), expected)
        fine.sudo().stale = True
        queue.invalidate_recordset()  # counted when the overview is read again
        self.assertEqual(queue.stale_ticket_count, 1)
        self.assertEqual(Ticket.search(queue.action_open_stale_tickets()["domain"]), fine)

    def test_first_answer_in_time_then_closed_in_time(self):
        with freeze_time(at(0, 8)):
            ticket = self._ticket()
        with freeze_time(at(0, 9)):
            ticket.with_user(self.agent).message_post(
                body="Lo revisamos", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        self.assertEqual(ticket.first_response_date, at(0, 9))
        with freeze_time(at(0, 13)):  # past the response deadline, answered in time
            self.env["case.ticket"]._cron_sla_status()
            self.assertEqual(ticket.sla_status, "on_track")
        with freeze_time(at(1, 9)):
            ticket.stage_id = self.stage_closed
        self.assertEqual(ticket.sla_status, "met")

    def test_late_first_answer_fails(self):
        with freeze_time(at(0, 8)):
            ticket = self._ticket()
        with freeze_time(at(0, 14)):
            ticket.with_user(self.agent).message_post(
                body="Perdón la demora", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        self.assertEqual(ticket.sla_status, "failed")


@tagged("post_install", "-at_install")
class TestSlaPause(TestSlaCommon):
    def test_waiting_for_customer_pauses_the_clock(self):
        with freeze_time(at(0, 8)):
            ticket = self._ticket()
        with freeze_time(at(0, 9)):
            ticket.stage_id = self.stage_waiting
        self.assertEqual(ticket.sla_pause_start, at(0, 9))
        with freeze_time(at(0, 13)):  # the deadline passes while paused: not failed
            self.env["case.ticket"]._cron_sla_status()
            self.assertEqual(ticket.sla_status, "on_track")
        with freeze_time(at(1, 9)):
            ticket.stage_id = self.stage_progress
        # paused Monday 9-17 (7 working hours) and Tuesday 8-9 (1)
        self.assertFalse(ticket.sla_pause_start)
        self.assertEqual(ticket.sla_paused_hours, 8)
        self.assertEqual(ticket.sla_response_deadline, at(1, 12))
        self.assertEqual(ticket.sla_resolution_deadline, at(2, 17))
        self.assertEqual(len(ticket.sla_pause_ids), 1)
        pause = ticket.sla_pause_ids
        self.assertEqual((pause.date_start, pause.date_end, pause.hours), (at(0, 9), at(1, 9), 8))
        self.assertEqual(pause.stage_id, self.stage_waiting)
        self.assertEqual(ticket.sla_status, "on_track")

    def test_pauses_are_read_through_their_ticket(self):
        with freeze_time(at(0, 8)):
            mine = self._ticket()
            other = self._ticket(queue_id=self.queue_n3.id)
            (mine | other).stage_id = self.stage_waiting
        Pause = self.env["case.ticket.sla.pause"].with_user(self.agent)
        self.assertTrue(mine.with_user(self.agent).has_access("read"))
        self.assertFalse(other.with_user(self.agent).has_access("read"))
        self.assertEqual(Pause.search([]).ticket_id, mine, "only the pauses of readable tickets")
        self.assertEqual(len(Pause.search_read([("ticket_id", "=", other.id)], ["date_start"])), 0)
        with self.assertRaises(AccessError):
            Pause.browse(other.sla_pause_ids.ids).read(["date_start"])
        self.assertEqual(Pause.browse(mine.sla_pause_ids.ids).read(["hours"])[0]["hours"], 0)
        self.assertEqual(len(mine.with_user(self.agent).sla_pause_ids), 1)

    def test_customer_reply_resumes(self):
        with freeze_time(at(0, 8)):
            ticket = self._ticket()
            ticket.stage_id = self.stage_waiting
        with freeze_time(at(0, 10)):
            ticket.message_post(
                body="Adjunto lo pedido",
                author_id=self.partner.id,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        self.assertNotEqual(ticket.stage_id, self.stage_waiting)
        self.assertFalse(ticket.sla_pause_start)
        self.assertEqual(ticket.sla_paused_hours, 2)
        self.assertEqual(ticket.sla_response_deadline, at(0, 15))


@tagged("post_install", "-at_install")
class TestSlaOverride(TestSlaCommon):
    def test_supervisor_overrides_with_reason(self):
        self.supervisor.tz = "America/Bogota"
        with freeze_time(at(0, 8)):
            ticket = self._ticket()
        wizard = (
            self.env["case.ticket.sla.override"]
            .with_user(self.supervisor)
            .with_context(active_ids=ticket.ids)
            .create({"resolution_deadline": at(4, 17), "reason": "Espera de proveedor"})
        )
        self.assertEqual(wizard.response_deadline, at(0, 12))
        wizard.action_override()
        self.assertTrue(ticket.sla_overridden)
        self.assertEqual(ticket.sla_resolution_deadline, at(4, 17))
        self.assertIn("Espera de proveedor", ticket.message_ids[0].body)
        # written in the supervisor's time zone: Friday 17:00 UTC is 12:00 in Bogotá
        self.assertIn("12:00", ticket.message_ids[0].body)
        # a later change of priority keeps the supervisor's deadlines
        ticket.with_user(self.supervisor).write({"importance": "low"})
        self.assertEqual(ticket.sla_resolution_deadline, at(4, 17))

    def test_agent_may_not_override(self):
        with freeze_time(at(0, 8)):
            ticket = self._ticket()
        with self.assertRaises(AccessError):
            ticket.with_user(self.agent).action_open_sla_override()
        with self.assertRaises(AccessError):
            ticket.with_user(self.agent)._sla_override(at(1, 8), at(2, 8), "no")
        with self.assertRaises(AccessError):
            self.env["case.ticket.sla.override"].with_user(self.agent).create(
                {"ticket_ids": ticket.ids, "reason": "no"}
            )
        self.assertFalse(ticket.sla_overridden)

    def test_reason_required(self):
        with freeze_time(at(0, 8)):
            ticket = self._ticket()
        with self.assertRaises(UserError):
            ticket.with_user(self.supervisor)._sla_override(at(1, 8), at(2, 8), "  ")

    def test_policies_readable_by_agents_editable_by_admins(self):
        policy = self.policy_category.with_user(self.agent)
        self.assertEqual(policy.name, "Operaciones")
        with self.assertRaises(AccessError):
            policy.write({"response_hours": 1})
        with self.assertRaises(AccessError):
            self.policy_category.with_user(self.supervisor).unlink()


@tagged("post_install", "-at_install")
class TestStale(TestSlaCommon):
    def test_red_after_24_working_hours_until_someone_writes(self):
        with freeze_time(at(0, 8)):
            ticket = self._ticket()
            backlog = self._ticket(request_type_id=self.change.id)
            backlog.stage_id = self.stage_backlog
        Ticket = self.env["case.ticket"]
        with freeze_time(at(2, 16)):  # 8 + 8 + 7 working hours
            Ticket._cron_stale()
            self.assertFalse(ticket.stale)
        with freeze_time(at(2, 17)):  # 24 working hours
            Ticket._cron_stale()
            self.assertTrue(ticket.stale)
            self.assertFalse(backlog.stale, "backlog tickets never turn red")
            self.assertEqual(self.queue_n1.stale_ticket_count, 1)
            self.assertEqual(Ticket.search_count([("stale", "=", True)]), 1)
            self.assertEqual(Ticket._cron_stale(), 0)  # idempotent
        with freeze_time(at(3, 9)):
            ticket.with_user(self.agent).message_post(
                body="Revisando", message_type="comment", subtype_xmlid="mail.mt_note"
            )
            self.assertFalse(ticket.stale)
            Ticket._cron_stale()
            self.assertFalse(ticket.stale)
        # a customer's message does not count
        with freeze_time(at(7, 9)):
            ticket.message_post(
                body="¿Novedades?",
                author_id=self.partner.id,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        with freeze_time(at(8, 9)):  # Thursday 9 → Tuesday 9: 7 + 8 + 8 + 1 hours
            Ticket._cron_stale()
            self.assertTrue(ticket.stale)
            ticket.stage_id = self.stage_closed
            self.assertFalse(ticket.stale)

    def test_configurable_and_off(self):
        self.env["ir.config_parameter"].set_param("helpdesk_case.stale_hours", "2")
        with freeze_time(at(0, 8)):
            ticket = self._ticket()
        with freeze_time(at(0, 10)):
            self.env["case.ticket"]._cron_stale()
            self.assertTrue(ticket.stale)
            self.env["ir.config_parameter"].set_param("helpdesk_case.stale_hours", "0")
            self.env["case.ticket"]._cron_stale()
            self.assertFalse(ticket.stale)


@tagged("post_install", "-at_install")
class TestSlaPerformance(TestSlaCommon):
    """Pins the queries of computing the SLA; a change here needs a reason."""

    def _pin(self, count, queries):
        with freeze_time(at(0, 8)):
            tickets = self.env["case.ticket"].create(
                [
                    {"name": f"Caso {i}", "typification_id": self.typ_not_received.id}
                    for i in range(count)
                ]
            )
            tickets.flush_recordset()
            models_ = tickets.with_env(self.env)
            self.env.cr.execute(
                "UPDATE case_ticket SET sla_policy_id = NULL, sla_response_deadline = NULL "
                "WHERE id = ANY(%s)",
                [tickets.ids],
            )
            self.env.invalidate_all()
            with self.assertQueryCount(queries):
                models_._sla_apply()
                models_.flush_recordset()
        self.assertTrue(all(t.sla_response_deadline == at(0, 12) for t in tickets))

    def test_sla_of_one_ticket(self):
        self._pin(1, 11)

    def test_sla_of_hundred_tickets(self):
        self._pin(100, 11)
