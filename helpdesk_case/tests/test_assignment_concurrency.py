import threading
import time

from psycopg2 import errors

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.service.model import retrying
from odoo.sql_db import db_connect
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger


class AssignmentConcurrencyCase(TransactionCase):
    """Two Odoo workers at once, each with its own database cursor: automatic assignment is
    serialized per queue, "Assign to Me" never silently takes a ticket someone else took.

    The other workers only work on committed demo data; what they commit they clean up.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.queue = cls.env.ref("helpdesk_case.queue_level_1")  # round robin, two agents
        cls.manual_queue = cls.env.ref("helpdesk_case.queue_level_2")
        cls.unassigned = cls.env.ref("helpdesk_case.ticket_demo_identity_fraud")
        assert cls.queue.assign_method == "round_robin" and len(cls.queue.member_ids) == 2
        assert cls.manual_queue.assign_method == "manual" and not cls.unassigned.user_id

    def _other_worker(self):
        cr = db_connect(self.env.cr.dbname).cursor()
        self.addCleanup(cr.close)
        self.addCleanup(cr.rollback)
        return cr


@tagged("post_install", "-at_install")
class TestAssignmentLocks(AssignmentConcurrencyCase):
    """The other worker holds rows without committing."""

    def test_create_waits_for_a_queue_another_worker_assigns_in(self):
        other = self._other_worker()
        other.execute(
            "UPDATE case_queue SET assign_method = assign_method WHERE id = ANY(%s)",
            [[self.queue.id, self.manual_queue.id]],
        )
        # a create that waited for the lock would fail here instead of hanging the suite
        self.env.cr.execute("SET LOCAL lock_timeout = '1s'")
        Ticket = self.env["case.ticket"]
        with self.assertRaises(errors.LockNotAvailable), mute_logger("odoo.sql_db"):
            Ticket.create({"name": "A la vez", "queue_id": self.queue.id})
        # a manual queue assigns nothing: nothing to wait for
        manual = Ticket.create({"name": "Manual", "queue_id": self.manual_queue.id})
        self.assertFalse(manual.user_id)
        other.rollback()
        self.assertTrue(Ticket.create({"name": "Después", "queue_id": self.queue.id}).user_id)

    def test_assign_to_me_while_another_agent_takes_the_ticket(self):
        other = self._other_worker()
        admin = self.env.ref("base.user_admin")
        other.execute(
            "UPDATE case_ticket SET user_id = %s WHERE id = %s", [admin.id, self.unassigned.id]
        )
        supervisor = self.env.ref("helpdesk_case.user_case_supervisor_demo")  # in its queue
        ticket = self.unassigned.with_user(supervisor)
        with self.assertRaisesRegex(UserError, "Someone else is changing this ticket"):
            ticket.action_assign_to_me()
        self.assertFalse(self.unassigned.user_id)


@tagged("post_install", "-at_install")
class TestAssignmentAfterCommit(AssignmentConcurrencyCase):
    """The other worker assigned in the queue and committed after this transaction began
    (a class of its own: the committed row stays newer than this class's snapshot)."""

    def test_create_after_another_worker_assigned_is_retried(self):
        other = self._other_worker()
        other.execute(
            "UPDATE case_queue SET assign_method = assign_method WHERE id = %s", [self.queue.id]
        )
        other.commit()  # no change to clean up: the row keeps its values
        # this transaction's snapshot predates the other worker's tickets: Odoo retries it
        with self.assertRaises(errors.SerializationFailure), mute_logger("odoo.sql_db"):
            self.env["case.ticket"].create({"name": "Tarde", "queue_id": self.queue.id})


@tagged("post_install", "-at_install")
class TestAssignToMeAfterCommit(AssignmentConcurrencyCase):
    """The other agent took the ticket and committed (a class of its own, as above)."""

    def test_assign_to_me_after_another_agent_took_the_ticket(self):
        other = self._other_worker()
        admin = self.env.ref("base.user_admin")
        ticket_id = self.unassigned.id
        other.execute("UPDATE case_ticket SET user_id = %s WHERE id = %s", [admin.id, ticket_id])
        other.commit()
        self.addCleanup(other.commit)
        self.addCleanup(
            other.execute, "UPDATE case_ticket SET user_id = NULL WHERE id = %s", [ticket_id]
        )
        with self.assertRaises(errors.SerializationFailure), mute_logger("odoo.sql_db"):
            self.unassigned.action_assign_to_me()
        # Odoo's retry, in a fresh transaction, sees who took it
        with db_connect(self.env.cr.dbname).cursor() as cr:
            supervisor = self.env.ref("helpdesk_case.user_case_supervisor_demo")
            env = api.Environment(cr, supervisor.id, {})
            with self.assertRaisesRegex(UserError, f"already assigned to {admin.name}"):
                env["case.ticket"].browse(ticket_id).action_assign_to_me()
            cr.rollback()


@tagged("post_install", "-at_install")
class TestTwoWorkersCreating(AssignmentConcurrencyCase):
    """Two workers create in one round-robin queue at once (a class of its own)."""

    def test_two_workers_creating_at_once_pick_different_agents(self):
        first = self._other_worker()
        second = self._other_worker()
        created = []

        def create(cr, name):
            env = api.Environment(cr, SUPERUSER_ID, {})
            ticket = retrying(
                lambda: env["case.ticket"].create({"name": name, "queue_id": self.queue.id}), env
            )
            created.append((ticket.id, ticket.user_id.id))

        def cleanup():
            with db_connect(self.env.cr.dbname).cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                env["case.ticket"].browse([ticket_id for ticket_id, __ in created]).unlink()

        self.addCleanup(cleanup)
        env1 = api.Environment(first, SUPERUSER_ID, {})
        ticket1 = env1["case.ticket"].create({"name": "Primero", "queue_id": self.queue.id})
        env1.flush_all()
        second.execute("SELECT 1")  # the second worker's snapshot: before the first commits
        pid = second._cnx.get_backend_pid()
        thread = threading.Thread(target=create, args=(second, "Segundo"))
        with mute_logger("odoo.service.model", "odoo.sql_db"):
            thread.start()
            for __ in range(100):  # until the second worker waits for the queue's lock
                first.execute("SELECT 1 FROM pg_locks WHERE pid = %s AND NOT granted", [pid])
                if first.fetchone():
                    break
                time.sleep(0.05)
            else:
                self.fail("the second worker never waited for the queue")
            created.append((ticket1.id, ticket1.user_id.id))
            first.commit()
            thread.join(30)
        self.assertFalse(thread.is_alive())
        self.assertEqual(len(created), 2, "the second worker's create went through, retried")
        self.assertEqual(len({user_id for __, user_id in created}), 2, created)
        self.assertEqual({user_id for __, user_id in created}, set(self.queue.member_ids.ids))
