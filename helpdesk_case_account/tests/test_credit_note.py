from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import CaseAccountCommon


@tagged("post_install", "-at_install")
class TestCreditNote(CaseAccountCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoice = cls._invoice(1000.0)

    def test_workflows_have_their_kind(self):
        self.assertEqual(self.env.ref("helpdesk_case.workflow_credit_note").code, "credit_note")
        self.assertEqual(
            self.env.ref("helpdesk_case.workflow_credit_request").code, "credit_request"
        )
        self.assertTrue(self.env.ref("helpdesk_case.stage_credit_missing_data").waits_customer)
        reasons = self.env["case.note.reason"].search([])
        self.assertEqual(set(reasons.mapped("note_type")), {"credit", "debit"})

    def test_accept_posts_the_credit_note(self):
        ticket = self._ticket(
            self.typ_note, invoice_id=self.invoice.id, note_reason_id=self.reason_price.id
        )
        self.assertEqual(ticket.workflow_code, "credit_note")
        ticket.with_user(self.agent).action_create_note()
        note = ticket.credit_note_ids
        self.assertEqual(len(note), 1)
        self.assertEqual(note.move_type, "out_refund")
        self.assertEqual(note.state, "draft")
        self.assertEqual(note.reversed_entry_id, self.invoice)
        self.assertIn(self.reason_price.name, note.ref)
        self.assertIn(ticket.number, note.ref)
        self.assertEqual(note.amount_total, self.invoice.amount_total)
        self.assertTrue(ticket.has_draft_note)
        with self.assertRaisesRegex(UserError, "awaits a decision"):
            ticket.with_user(self.agent).action_create_note()

        ticket.with_user(self.finance).action_accept_note()
        self.assertEqual(note.state, "posted")
        self.assertEqual(ticket.stage_id, self.env.ref("helpdesk_case.stage_note_accepted"))
        self.assertTrue(ticket.is_closed)
        told = ticket.message_ids.filtered(lambda m: self.customer in m.partner_ids)
        self.assertTrue(any(note.name in m.body for m in told), "the requester is told")

    def test_reject_cancels_the_note(self):
        ticket = self._ticket(
            self.typ_note, invoice_id=self.invoice.id, note_reason_id=self.reason_price.id
        )
        ticket.with_user(self.agent).action_create_note()
        note = ticket.credit_note_ids
        ticket.with_user(self.finance).action_reject_note()
        self.assertEqual(note.state, "cancel")
        self.assertEqual(ticket.stage_id, self.env.ref("helpdesk_case.stage_note_rejected"))
        self.assertTrue(ticket.message_ids.filtered(lambda m: self.customer in m.partner_ids))
        self.assertEqual(self.invoice.payment_state, "not_paid", "the invoice stays due")

    def test_refusals_create_nothing(self):
        Move = self.env["account.move"]
        notes_before = Move.search_count([("move_type", "=", "out_refund")])
        draft = self._invoice(500.0, post=False)
        other = self._invoice(300.0, partner=self.partner_a)
        cases = [
            ({"invoice_id": draft.id}, "not posted"),
            ({"invoice_id": other.id}, "another customer"),
            ({}, "Choose the invoice"),
            ({"invoice_id": self.invoice.id, "note_reason_id": False}, "reason"),
        ]
        for values, message in cases:
            with self.subTest(message=message):
                values.setdefault("note_reason_id", self.reason_price.id)
                ticket = self._ticket(self.typ_note)
                # bypass the form's domain: the action checks again
                ticket.sudo().write(values)
                with self.assertRaisesRegex(UserError, message):
                    ticket.with_user(self.agent).action_create_note()
                self.assertFalse(ticket.credit_note_ids)
        generic = self._ticket(
            self.typ_not_received,
            invoice_id=self.invoice.id,
            note_reason_id=self.reason_price.id,
            queue_id=self.queue_n1.id,
        )
        with self.assertRaisesRegex(UserError, "workflow"):
            generic.with_user(self.agent).action_create_note()
        self.assertEqual(Move.search_count([("move_type", "=", "out_refund")]), notes_before)

    def test_plain_agent_cannot_decide_a_note(self):
        ticket = self._ticket(
            self.typ_note, invoice_id=self.invoice.id, note_reason_id=self.reason_price.id
        )
        ticket.with_user(self.agent).action_create_note()
        for action in ("action_accept_note", "action_reject_note"):
            with self.subTest(action=action), self.assertRaises(AccessError):
                getattr(ticket.with_user(self.agent), action)()
        self.assertEqual(ticket.credit_note_ids.state, "draft")
        self.assertFalse(ticket.is_closed)

    def test_installing_invoicing_is_enough(self):
        """Debit Notes is a plain dependency: only the helpdesk and Invoicing trigger the
        bridge's automatic installation."""
        module = self.env["ir.module.module"].search([("name", "=", "helpdesk_case_account")])
        required = {dep.name: dep.auto_install_required for dep in module.dependencies_id}
        self.assertTrue(module.auto_install)
        self.assertEqual(
            required, {"helpdesk_case": True, "account": True, "account_debit_note": False}
        )

    def _debit_ticket(self):
        debit = self.env.ref("helpdesk_case_account.note_reason_freight_not_charged")
        ticket = self._ticket(self.typ_note, invoice_id=self.invoice.id, note_reason_id=debit.id)
        ticket.with_user(self.agent).action_create_note()
        return ticket, debit

    def test_debit_note_through_odoo_wizard_accepted_is_posted(self):
        """A debit reason makes a debit note with account_debit_note's wizard (installed with
        the bridge): linked to the invoice, the reason on it, the invoice's lines copied."""
        ticket, debit = self._debit_ticket()
        note = ticket.credit_note_ids
        self.assertEqual(len(note), 1)
        self.assertEqual(note.move_type, "out_invoice")
        self.assertEqual(note.debit_origin_id, self.invoice)
        self.assertEqual(note.state, "draft")
        self.assertIn(debit.name, note.ref)
        self.assertIn(ticket.number, note.ref)
        self.assertEqual(note.amount_total, self.invoice.amount_total)
        self.assertEqual(self.invoice.debit_note_ids, note)
        self.assertTrue(ticket.has_draft_note)
        ticket.with_user(self.finance).action_accept_note()
        self.assertEqual(note.state, "posted")
        self.assertEqual(ticket.stage_id, self.env.ref("helpdesk_case.stage_note_accepted"))
        told = ticket.message_ids.filtered(lambda m: self.customer in m.partner_ids)
        self.assertTrue(any(note.name in m.body for m in told), "the requester is told")

    def test_debit_note_rejected_is_cancelled(self):
        ticket, _debit = self._debit_ticket()
        note = ticket.credit_note_ids
        with self.assertRaises(AccessError):
            ticket.with_user(self.agent).action_reject_note()
        ticket.with_user(self.finance).action_reject_note()
        self.assertEqual(note.state, "cancel")
        self.assertEqual(ticket.stage_id, self.env.ref("helpdesk_case.stage_note_rejected"))
        self.assertTrue(ticket.message_ids.filtered(lambda m: self.customer in m.partner_ids))

    def test_agent_reads_the_invoice_on_the_ticket(self):
        ticket = self._ticket(self.typ_note, invoice_id=self.invoice.id)
        as_agent = ticket.with_user(self.agent)
        self.assertEqual(as_agent.invoice_id.display_name, self.invoice.display_name)
        self.assertEqual(as_agent.partner_balance, self.invoice.amount_total)
