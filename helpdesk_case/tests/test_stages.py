from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import CaseCommon


@tagged("post_install", "-at_install")
class TestStages(CaseCommon):
    def test_new_ticket_in_first_stage_of_its_workflow(self):
        generic = self.env["case.ticket"].create({"name": "x"})
        self.assertEqual(generic.workflow_id, self.generic)
        self.assertEqual(generic.stage_id, self.env.ref("helpdesk_case.stage_new"))
        self.assertEqual(generic.state_group, "todo")
        credit = self.env["case.ticket"].create(
            {"name": "x", "typification_id": self.typ_invoice_error.id}
        )
        self.assertEqual(credit.workflow_id, self.credit_note)
        self.assertIn(credit.stage_id, self.credit_note.stage_ids)

    def test_stage_limited_to_workflow(self):
        ticket = self.env["case.ticket"].create(
            {"name": "x", "typification_id": self.typ_not_received.id}
        )
        with self.assertRaisesRegex(ValidationError, "is not part of workflow"):
            ticket.stage_id = self.env.ref("helpdesk_case.stage_note_accepted")
        ticket.stage_id = self.env.ref("helpdesk_case.stage_in_progress")
        self.assertEqual(ticket.state_group, "doing")

    def test_retypify_moves_to_new_workflow_first_stage(self):
        ticket = self.env["case.ticket"].create(
            {"name": "x", "typification_id": self.typ_not_received.id}
        )
        credit_request = self.env.ref("helpdesk_case.workflow_credit_request")
        typ = self.env["case.typification"].create(
            {"name": "Cupo", "workflow_id": credit_request.id}
        )
        ticket.typification_id = typ
        self.assertEqual(ticket.stage_id, self.env.ref("helpdesk_case.stage_credit_review"))

    def test_support_cannot_enter_backlog(self):
        backlog = self.env.ref("helpdesk_case.stage_backlog")
        support = self.env["case.ticket"].create({"name": "x", "request_type_id": self.support.id})
        with self.assertRaisesRegex(ValidationError, "cannot wait in the backlog"):
            support.stage_id = backlog
        with self.assertRaisesRegex(ValidationError, "cannot wait in the backlog"):
            self.env["case.ticket"].create(
                {"name": "y", "request_type_id": self.support.id, "stage_id": backlog.id}
            )
        change = self.env["case.ticket"].create({"name": "x", "request_type_id": self.change.id})
        change.stage_id = backlog
        self.assertEqual(change.stage_id, backlog)
        with self.assertRaisesRegex(ValidationError, "cannot wait in the backlog"):
            change.request_type_id = self.support

    def test_close_and_reopen(self):
        ticket = (
            self.env["case.ticket"]
            .with_user(self.agent)
            .create({"name": "x", "queue_id": self.queue_n1.id})
        )
        ticket.action_close()
        with self.assertRaisesRegex(AccessError, "supervisor"):
            ticket.action_reopen()
        self.assertEqual(ticket.stage_id, self.env.ref("helpdesk_case.stage_closed"))
        self.assertEqual(ticket.state_group, "done")
        self.assertTrue(ticket.close_date)
        ticket.with_user(self.supervisor).action_reopen()
        self.assertEqual(ticket.stage_id, self.env.ref("helpdesk_case.stage_new"))
        self.assertFalse(ticket.close_date)

    def test_kanban_shows_every_stage_of_the_workflow(self):
        self.env["case.ticket"].create({"name": "x"})
        Ticket = self.env["case.ticket"].with_context(read_group_expand=True)
        groups = Ticket.formatted_read_group([("id", "=", 0)], ["stage_id"], ["__count"])
        shown = {g["stage_id"][0] for g in groups if g["stage_id"]}
        self.assertTrue(set(self.generic.stage_ids.ids) <= shown)
        in_context = Ticket.with_context(
            default_workflow_id=self.credit_note.id
        ).formatted_read_group([("id", "=", 0)], ["stage_id"], ["__count"])
        self.assertEqual(
            {g["stage_id"][0] for g in in_context}, set(self.credit_note.stage_ids.ids)
        )

    def test_stage_change_is_tracked(self):
        ticket = self.env["case.ticket"].create({"name": "x"})
        self.flush_tracking()
        ticket.stage_id = self.env.ref("helpdesk_case.stage_in_progress")
        self.flush_tracking()
        tracking = ticket.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "stage_id"
        )
        self.assertTrue(tracking)
        self.assertEqual(
            ticket.message_ids[:1].subtype_id, self.env.ref("helpdesk_case.mt_ticket_stage")
        )


@tagged("post_install", "-at_install")
class TestReopenRights(CaseCommon):
    def test_reopen_only_by_the_queue_supervisor(self):
        ticket = self.env["case.ticket"].create({"name": "x", "queue_id": self.queue_n1.id})
        ticket.action_close()
        new_stage = self.env.ref("helpdesk_case.stage_new")
        with self.assertRaisesRegex(AccessError, "supervisor"):
            ticket.with_user(self.agent).write({"stage_id": new_stage.id})
        other_supervisor = new_test_user(
            self.env, login="case_sup2", groups="helpdesk_case.group_case_supervisor"
        )
        self.queue_n1.member_ids = [Command.link(other_supervisor.id)]
        with self.assertRaisesRegex(AccessError, "supervisor"):
            ticket.with_user(other_supervisor).action_reopen()
        self.assertTrue(ticket.is_closed)
        ticket.with_user(self.supervisor).write({"stage_id": new_stage.id})
        self.assertFalse(ticket.is_closed)
        # moving between closing stages is not reopening
        ticket.action_close()
        ticket.with_user(self.agent).write(
            {"stage_id": self.env.ref("helpdesk_case.stage_closed").id}
        )

    def test_retypified_closed_ticket_stays_closed(self):
        ticket = self.env["case.ticket"].create(
            {"name": "x", "typification_id": self.typ_not_received.id}
        )
        ticket.action_close()
        ticket.typification_id = self.typ_invoice_error
        self.assertTrue(ticket.is_closed)
        self.assertIn(ticket.stage_id, self.credit_note.stage_ids)

    def test_kanban_columns_in_sequence(self):
        closed = self.env["case.ticket"].create({"name": "x"})
        closed.action_close()
        groups = (
            self.env["case.ticket"]
            .with_context(read_group_expand=True)
            .formatted_read_group([("id", "=", closed.id)], ["stage_id"], ["__count"])
        )
        stages = self.env["case.stage"].browse([g["stage_id"][0] for g in groups])
        self.assertEqual(stages, stages.sorted())
        self.assertEqual(stages[-1], self.env.ref("helpdesk_case.stage_closed"))

    def test_only_public_answers_are_first_responses(self):
        ticket = (
            self.env["case.ticket"]
            .with_user(self.agent)
            .create({"name": "x", "queue_id": self.queue_n1.id})
        )
        ticket.message_post(body="nota", subtype_xmlid="mail.mt_note", message_type="comment")
        self.assertFalse(ticket.first_response_date)
        self.assertTrue(ticket.last_update_date)
        ticket.message_post(
            body="respuesta", subtype_xmlid="mail.mt_comment", message_type="comment"
        )
        self.assertTrue(ticket.first_response_date)
