from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import CaseCommon


@tagged("post_install", "-at_install")
class TestRetypify(CaseCommon):
    def test_defaults_reapplied_where_unchanged(self):
        ticket = self.env["case.ticket"].create(
            {"name": "x", "typification_id": self.typ_not_received.id}
        )
        self.assertEqual(
            (ticket.queue_id, ticket.importance, ticket.urgency, ticket.request_type_id),
            (self.queue_n1, "high", "high", self.support),
        )
        ticket.urgency = "low"  # the user's own judgement: must survive
        ticket.with_user(self.supervisor).typification_id = self.typ_invoice_error
        self.assertEqual(ticket.queue_id, self.queue_n2)
        self.assertEqual(ticket.request_type_id, self.change)
        self.assertEqual(ticket.importance, "high")
        self.assertEqual(ticket.urgency, "low")
        self.assertEqual(ticket.workflow_id, self.credit_note)

    def test_only_supervisors_retypify(self):
        ticket = self.env["case.ticket"].create(
            {"name": "x", "typification_id": self.typ_not_received.id}
        )
        with self.assertRaisesRegex(AccessError, "Only supervisors"):
            ticket.with_user(self.agent).typification_id = self.typ_invoice_error
        untyped = self.env["case.ticket"].create({"name": "y", "queue_id": self.queue_n1.id})
        untyped.with_user(self.agent).typification_id = self.typ_not_received
        self.assertEqual(untyped.typification_id, self.typ_not_received, "first typing is free")

    def test_user_changes_are_kept(self):
        ticket = self.env["case.ticket"].create(
            {"name": "x", "typification_id": self.typ_not_received.id}
        )
        ticket.queue_id = self.queue_n3
        ticket.typification_id = self.typ_invoice_error
        self.assertEqual(ticket.queue_id, self.queue_n3)

    def test_batch_retypify_mixed_tickets(self):
        tickets = self.env["case.ticket"].create(
            [
                {"name": "a", "typification_id": self.typ_not_received.id},
                {
                    "name": "b",
                    "typification_id": self.typ_not_received.id,
                    "queue_id": self.queue_n3.id,
                },
                {"name": "c"},
            ]
        )
        tickets.typification_id = self.typ_invoice_error
        self.assertEqual([t.queue_id.name for t in tickets], ["N2", "N3", "N2"])
        self.assertEqual(set(tickets.mapped("typification_id")), {self.typ_invoice_error})

    def test_retypification_is_audited(self):
        ticket = self.env["case.ticket"].create(
            {"name": "x", "typification_id": self.typ_not_received.id}
        )
        self.flush_tracking()
        ticket.typification_id = self.typ_invoice_error
        self.flush_tracking()
        tracking = ticket.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "typification_id"
        )
        self.assertEqual(len(tracking), 1)
        self.assertEqual(tracking.old_value_char, self.typ_not_received.complete_name)
        self.assertEqual(tracking.new_value_char, self.typ_invoice_error.complete_name)
