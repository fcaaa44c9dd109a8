import contextlib

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import freeze_time, tagged
from odoo.tools import SQL

from .test_sla import TestSlaCommon, at


@tagged("post_install", "-at_install")
class TestSlaRecompute(TestSlaCommon):
    """Open tickets follow the policies, calendars and holidays their deadlines come from."""

    def setUp(self):
        super().setUp()
        self._commit_hooks()  # tickets flagged while the class was set up

    def _commit_hooks(self):
        """What runs when the change commits: one batch at once, the cron for the rest."""
        self.env.flush_all()
        self.env.cr.precommit.run()

    def _monday_tickets(self, count):
        """``count`` tickets of the 4-hour policy, Monday 8:00."""
        with freeze_time(at(0, 8)):
            return self.env["case.ticket"].create(
                [
                    {"name": f"Caso {i}", "typification_id": self.typ_not_received.id}
                    for i in range(count)
                ]
            )

    def _tickets(self):
        """An open ticket, a closed one and one whose deadlines a supervisor set, Friday 15:00."""
        with freeze_time(at(4, 15)):
            ticket, closed, overridden = (self._ticket() for __ in range(3))
            closed.stage_id = self.stage_closed
            overridden._sla_override(False, at(9, 17), "Espera de proveedor")
        self.assertEqual(ticket.sla_response_deadline, at(7, 10))
        self.assertEqual(ticket.sla_resolution_deadline, at(8, 15))
        return ticket, closed, overridden

    def _always(self):
        """A calendar where every hour counts."""
        return self.env["resource.calendar"].create(
            {
                "name": "Siempre",
                "tz": "UTC",
                "attendance_ids": [Command.clear()]
                + [
                    Command.create(
                        {"name": str(d), "dayofweek": str(d), "hour_from": 0, "hour_to": 24}
                    )
                    for d in range(7)
                ],
            }
        )

    def _monday_holiday(self):
        """A public holiday on the support calendar, Monday 9 March."""
        return self.env["resource.calendar.leaves"].create(
            {
                "name": "Día festivo",
                "calendar_id": self.calendar.id,
                "date_from": at(7, 0),
                "date_to": at(7, 23, 59),
            }
        )

    def _assert_untouched(self, closed, overridden):
        self.assertEqual(closed.sla_response_deadline, at(7, 10))
        self.assertEqual(closed.sla_resolution_deadline, at(8, 15))
        self.assertFalse(overridden.sla_response_deadline)
        self.assertEqual(overridden.sla_resolution_deadline, at(9, 17))

    def test_public_holiday_moves_open_deadlines(self):
        ticket, closed, overridden = self._tickets()
        with freeze_time(at(4, 16)):
            holiday = self._monday_holiday()
            self._commit_hooks()
        self.assertEqual(ticket.sla_response_deadline, at(8, 10))  # Tuesday, not Monday
        self.assertEqual(ticket.sla_resolution_deadline, at(9, 15))
        self.assertFalse(ticket.sla_recompute)
        self._assert_untouched(closed, overridden)
        with freeze_time(at(4, 16)):
            holiday.unlink()
            self._commit_hooks()
        self.assertEqual(ticket.sla_response_deadline, at(7, 10))

    def test_holiday_outside_the_window_or_of_one_person_flags_nothing(self):
        ticket = self._tickets()[0]
        Leaves = self.env["resource.calendar.leaves"]
        Leaves.create(
            {
                "name": "Semana siguiente",
                "calendar_id": self.calendar.id,
                "date_from": at(14, 0),
                "date_to": at(14, 23, 59),
            }
        )
        resource = self.env["resource.resource"].create({"name": "Ana", "calendar_id": False})
        Leaves.create(
            {
                "name": "Vacaciones de Ana",
                "resource_id": resource.id,
                "calendar_id": self.calendar.id,
                "date_from": at(7, 0),
                "date_to": at(7, 23, 59),
            }
        )
        self.assertFalse(ticket.sla_recompute)

    def test_renamed_holiday_or_working_hours_flag_nothing(self):
        ticket = self._tickets()[0]
        holiday = self._monday_holiday()
        self._commit_hooks()
        self.assertEqual(ticket.sla_response_deadline, at(8, 10))
        holiday.name = "Fiesta local"
        self.calendar.attendance_ids[:1].write({"name": "Lunes", "sequence": 3})
        self.assertFalse(ticket.sla_recompute)
        holiday.date_from = at(8, 0)
        self.assertTrue(ticket.sla_recompute, "the dates move the hours")

    def test_policy_hours_move_open_deadlines(self):
        ticket, closed, overridden = self._tickets()
        with freeze_time(at(4, 16)):
            self.policy_category.write({"response_hours": 2, "resolution_hours": 8})
            self._commit_hooks()
        self.assertEqual(ticket.sla_response_deadline, at(4, 17))
        self.assertEqual(ticket.sla_resolution_deadline, at(7, 15))
        self._assert_untouched(closed, overridden)

    def test_working_hours_move_open_deadlines(self):
        ticket, closed, overridden = self._tickets()
        with freeze_time(at(4, 16)):
            self.calendar.attendance_ids.filtered(lambda a: a.dayofweek == "0").unlink()
            self._commit_hooks()
        self.assertEqual(ticket.sla_response_deadline, at(8, 10))  # no Mondays any more
        self._assert_untouched(closed, overridden)

    def test_new_then_archived_policy_applies_to_open_tickets(self):
        loose = self.env["case.typification"].create({"name": "Suelta"})
        with freeze_time(at(0, 8)):
            ticket = self._ticket(typification_id=loose.id, queue_id=self.queue_n1.id)
            self.assertFalse(ticket.sla_policy_id)
            policy = self.env["case.sla.policy"].create(
                {
                    "name": "Facturación",
                    "typification_ids": [Command.link(loose.id)],
                    "resolution_hours": 2,
                }
            )
            self._commit_hooks()
            self.assertEqual(ticket.sla_policy_id, policy)
            self.assertEqual(ticket.sla_resolution_deadline, at(0, 10))
            policy.active = False
            self._commit_hooks()
        self.assertFalse(ticket.sla_policy_id)
        self.assertFalse(ticket.sla_resolution_deadline)
        self.assertFalse(ticket.sla_status)

    def test_queue_calendar_change_moves_its_deadlines(self):
        ticket = self._tickets()[0]
        with freeze_time(at(4, 16)):
            self.queue_n1.resource_calendar_id = self._always()
            self._commit_hooks()
        self.assertEqual(ticket.queue_id, self.queue_n1)
        self.assertEqual(ticket.sla_response_deadline, at(4, 19))  # every hour counts

    def test_company_calendar_change_moves_deadlines_of_queues_without_one(self):
        self.queue_n1.resource_calendar_id = False
        self.env.company.resource_calendar_id = self.calendar
        ticket = self._tickets()[0]
        with freeze_time(at(4, 16)):
            self.env.company.resource_calendar_id = self._always()
            self._commit_hooks()
        self.assertEqual(ticket.sla_response_deadline, at(4, 19))

    def test_many_tickets_go_to_the_cron_by_batches(self):
        Ticket = self.env["case.ticket"]
        tickets = self._monday_tickets(3)
        cron = self.env.ref("helpdesk_case.ir_cron_case_sla_recompute")
        cron_triggers = self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)])
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE case_ticket SET sla_response_deadline = NULL WHERE id = ANY(%s)", [tickets.ids]
        )
        self.assertEqual(Ticket._sla_flag(SQL("t.id = ANY(%s)", tickets.ids)), 3)
        self.assertEqual(Ticket._sla_recompute_pending(batch_size=2), 2)
        self.assertEqual(
            len(self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)]) - cron_triggers),
            1,
            "the rest is left to the cron",
        )
        self.assertEqual(Ticket._cron_sla_recompute(), 1)
        self.assertEqual(Ticket._cron_sla_recompute(), 0)
        self.assertEqual(set(tickets.mapped("sla_response_deadline")), {at(0, 12)})
        self.assertFalse(any(tickets.mapped("sla_recompute")))

    def test_typification_moved_to_another_branch_takes_its_policy(self):
        ticket, closed, overridden = self._tickets()
        branch = self.env["case.typification"].create({"name": "Urgencias"})
        urgent_policy = self.env["case.sla.policy"].create(
            {
                "name": "Urgencias",
                "typification_ids": [Command.link(branch.id)],
                "response_hours": 1,
                "resolution_hours": 4,
            }
        )
        self._commit_hooks()
        self.assertEqual(ticket.sla_policy_id, self.policy_category)
        with freeze_time(at(4, 16)):
            self.typ_not_received.parent_id = branch
            self._commit_hooks()
        self.assertEqual(ticket.sla_policy_id, urgent_policy)
        self.assertEqual(ticket.sla_response_deadline, at(4, 16))  # Friday 15:00 + 1 h
        self.assertEqual(closed.sla_policy_id, self.policy_category, "closed: untouched")
        self._assert_untouched(closed, overridden)

    def test_commit_recomputes_what_its_transaction_flagged(self):
        Ticket = self.env["case.ticket"]
        mine, earlier = self._monday_tickets(2)
        self.env.flush_all()
        # ``earlier`` waits for the cron since an earlier transaction
        self.env.cr.execute(
            "UPDATE case_ticket SET sla_response_deadline = NULL,"
            " sla_recompute = (id = %s) WHERE id = ANY(%s)",
            [earlier.id, [mine.id, earlier.id]],
        )
        self.env.invalidate_all()
        self.assertEqual(Ticket._sla_flag(SQL("t.id = ANY(%s)", [mine.id, earlier.id])), 1)
        self._commit_hooks()
        self.assertEqual(mine.sla_response_deadline, at(0, 12))
        self.assertFalse(mine.sla_recompute)
        self.assertFalse(earlier.sla_response_deadline, "not this transaction's: the cron's")
        self.assertTrue(earlier.sla_recompute)
        self.assertEqual(Ticket._cron_sla_recompute(), 1)
        self.assertEqual(earlier.sla_response_deadline, at(0, 12))

    def test_more_flagged_than_a_batch_leaves_the_rest_to_the_cron(self):
        Ticket = self.env["case.ticket"]
        tickets = self._monday_tickets(3)
        cron = self.env.ref("helpdesk_case.ir_cron_case_sla_recompute")
        triggers = self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)])
        self.assertEqual(Ticket._sla_flag(SQL("t.id = ANY(%s)", tickets.ids)), 3)
        self.assertEqual(Ticket._sla_recompute_pending(batch_size=3, ids=set(tickets.ids)), 3)
        self.assertFalse(
            self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)]) - triggers,
            "all of them done: no cron",
        )
        self.assertEqual(Ticket._sla_flag(SQL("t.id = ANY(%s)", tickets.ids)), 3)
        self.assertEqual(Ticket._sla_recompute_pending(batch_size=2, ids=set(tickets.ids)), 2)
        self.assertEqual(
            len(self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)]) - triggers), 1
        )
        self.assertEqual(len(tickets.filtered("sla_recompute")), 1)

    def test_savepoint_rolled_back_after_flagging_keeps_the_recompute(self):
        """A savepoint runs the commit's hooks as it opens (Odoo flushes): rolling it back later
        does not lose the recompute of what was flagged before it; what was flagged inside it is
        rolled back with it."""
        Ticket = self.env["case.ticket"]
        before, inside = self._monday_tickets(2)
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE case_ticket SET sla_response_deadline = NULL WHERE id = ANY(%s)",
            [[before.id, inside.id]],
        )
        self.env.invalidate_all()
        self.assertEqual(Ticket._sla_flag(SQL("t.id = %s", before.id)), 1)
        with contextlib.suppress(UserError), self.env.cr.savepoint():
            self.assertEqual(Ticket._sla_flag(SQL("t.id = %s", inside.id)), 1)
            raise UserError("rolled back")
        self.assertEqual(before.sla_response_deadline, at(0, 12))
        self.assertFalse(before.sla_recompute)
        self.assertFalse(inside.sla_recompute, "its flag went with the savepoint")
        self.assertFalse(self.env.cr.precommit.data.get("case_sla_recompute"))
        self._commit_hooks()
        self.assertFalse(inside.sla_response_deadline)


@tagged("post_install", "-at_install")
class TestSlaRecomputePerformance(TestSlaCommon):
    """Pins the queries of one recompute batch; a change here needs a reason."""

    def _pin(self, count, queries):
        self.env.flush_all()
        self.env.cr.precommit.run()
        with freeze_time(at(0, 8)):
            tickets = self.env["case.ticket"].create(
                [
                    {"name": f"Caso {i}", "typification_id": self.typ_not_received.id}
                    for i in range(count)
                ]
            )
            tickets.flush_recordset()
            self.env.cr.execute(
                "UPDATE case_ticket SET sla_policy_id = NULL, sla_response_deadline = NULL, "
                "sla_recompute = TRUE WHERE id = ANY(%s)",
                [tickets.ids],
            )
            self.env.invalidate_all()
            with self.assertQueryCount(queries):
                self.env["case.ticket"]._sla_recompute_batch(500)
        self.assertTrue(all(t.sla_response_deadline == at(0, 12) for t in tickets))

    # the flagged rows, the tickets and what their SLA reads (typifications, policies,
    # channels, queues, calendar: 9), one UPDATE per 100 rows (Odoo's ORM), the flag cleared
    def test_batch_of_one_ticket(self):
        self._pin(1, 13)

    def test_batch_of_hundred_tickets(self):
        self._pin(100, 13)
