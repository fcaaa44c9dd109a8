from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

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
