from odoo.addons.helpdesk_case_account.tests.common import CaseAccountCommon
from odoo.addons.helpdesk_case_stock.tests.common import CaseStockCommon
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

RETURN_REASON_XMLID = "helpdesk_case_account.note_reason_product_returned"


@tagged("post_install", "-at_install")
class TestReturnRefund(CaseStockCommon, CaseAccountCommon):
    """Real documents: an order confirmed, delivered, invoiced and posted, then returned."""

    @classmethod
    def get_default_groups(cls):
        # the accounting test user also sells and runs the warehouse
        return (
            super().get_default_groups()
            | cls.env.ref("sales_team.group_sale_manager")
            | cls.env.ref("stock.group_stock_manager")
        )

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cream = cls.env["product.product"].create(
            {
                "name": "Crema corporal",
                "is_storable": True,
                "list_price": 40.0,
                "invoice_policy": "delivery",
                "taxes_id": [],
            }
        )
        cls.env["stock.quant"]._update_available_quantity(cls.cream, cls.warehouse.lot_stock_id, 20)
        cls.sold = cls._order(cls.customer, [(cls.cream, 3)])
        cls.sold.action_confirm()
        cls._validate(cls.sold.picking_ids)
        cls.sold_invoice = cls.sold._create_invoices()
        cls.sold_invoice.action_post()
        cls.received = cls.env.ref("helpdesk_case_stock.stage_return_received")
        cls.resolved = cls.env.ref("helpdesk_case_stock.stage_return_resolved")

    def _refunds(self):
        return self.env["account.move"].search_count([("move_type", "=", "out_refund")])

    def _received_return(self, order, quantity=2, to_refund=True):
        ticket = self._return_ticket(order)
        wizard = self._return_wizard(ticket, quantity)
        self.assertTrue(wizard.product_return_moves.to_refund, "Odoo's default")
        wizard.product_return_moves.to_refund = to_refund
        wizard.action_create_returns()
        self._validate(ticket.picking_ids)
        return ticket

    def test_refund_accepted_is_posted(self):
        self.assertFalse(self.agent.has_group("account.group_account_invoice"))
        ticket = self._received_return(self.sold)
        self.assertEqual(ticket.stage_id, self.received, "waits for its refund")
        self.assertFalse(ticket.is_closed)
        as_agent = ticket.with_user(self.agent)
        self.assertTrue(as_agent.refund_due)
        Form(as_agent)  # the agent's ticket form with Create Refund

        as_agent.action_create_refund()
        refund = ticket.credit_note_ids
        self.assertEqual(len(refund), 1)
        self.assertEqual(refund.move_type, "out_refund")
        self.assertEqual(refund.state, "draft")
        self.assertEqual(refund.invoice_line_ids.quantity, 2)
        self.assertEqual(refund.amount_total, 80.0)
        self.assertIn(refund, self.sold.invoice_ids, "the order's own credit note")
        self.assertIn(ticket.number, refund.ref)
        self.assertEqual(ticket.note_reason_id, self.env.ref(RETURN_REASON_XMLID))
        self.assertEqual(ticket.invoice_id, self.sold_invoice)
        self.assertIn(refund.name or "", ticket.message_ids[0].body)
        self.assertFalse(as_agent.refund_due)
        with self.assertRaisesRegex(UserError, "awaits a decision"):
            as_agent.action_create_refund()

        # a plain agent creates the refund, the credit team decides it
        with self.assertRaises(AccessError):
            as_agent.action_accept_note()
        self.assertEqual(refund.state, "draft")
        ticket.with_user(self.finance).action_accept_note()
        self.assertEqual(refund.state, "posted")
        self.assertEqual(ticket.stage_id, self.resolved)
        self.assertTrue(ticket.is_closed)
        told = ticket.message_ids.filtered(lambda m: self.customer in m.partner_ids)
        self.assertTrue(any(refund.name in m.body for m in told), "the requester is told")
        self.assertEqual(self.sold.order_line.qty_invoiced, 1)
        self.assertEqual(self.sold.order_line.qty_to_invoice, 0)

    def test_refund_rejected_is_cancelled(self):
        ticket = self._received_return(self.sold, quantity=1)
        ticket.with_user(self.agent).action_create_refund()
        refund = ticket.credit_note_ids
        with self.assertRaises(AccessError):
            ticket.with_user(self.agent).action_reject_note()
        ticket.with_user(self.finance).action_reject_note()
        self.assertEqual(refund.state, "cancel")
        self.assertEqual(ticket.stage_id, self.resolved)
        self.assertTrue(ticket.message_ids.filtered(lambda m: self.customer in m.partner_ids))

    def test_only_who_may_work_the_ticket_creates_the_refund(self):
        ticket = self._received_return(self.sold)
        with self.assertRaises(AccessError):
            ticket.with_user(self.plain_agent).action_create_refund()
        self.assertFalse(ticket.credit_note_ids)

    def test_refusals_create_nothing(self):
        before = self._refunds()
        # nothing received yet
        waiting = self._return_ticket(self.sold)
        self._return_wizard(waiting, 1).action_create_returns()
        with self.assertRaisesRegex(UserError, "Nothing has come back yet"):
            waiting.with_user(self.agent).action_create_refund()
        # not marked to refund: nothing is due, the ticket is resolved; reopened, it refuses
        kept = self._received_return(self.sold, to_refund=False)
        self.assertEqual(kept.stage_id, self.resolved)
        kept.stage_id = self.received
        with self.assertRaisesRegex(UserError, "not marked to refund"):
            kept.with_user(self.agent).action_create_refund()
        # order not invoiced (and invoiced on ordered quantities): resolved, nothing to refund
        not_invoiced = self._received_return(self.delivered)
        self.assertEqual(not_invoiced.stage_id, self.resolved)
        not_invoiced.stage_id = self.received
        with self.assertRaisesRegex(UserError, "is not invoiced"):
            not_invoiced.with_user(self.agent).action_create_refund()
        self.delivered._create_invoices().action_post()
        with self.assertRaisesRegex(UserError, "no returned quantity left to refund"):
            not_invoiced.with_user(self.agent).action_create_refund()
        # an exchange is not refunded
        exchanged = self._return_ticket(self.sold)
        self._return_wizard(exchanged, 1).action_create_exchanges()
        self._validate(exchanged.picking_ids.filtered(lambda p: p.picking_type_code == "incoming"))
        self.assertEqual(exchanged.stage_id, self.received)
        with self.assertRaisesRegex(UserError, "still pending"):
            exchanged.with_user(self.agent).action_create_refund()
        # another workflow
        with self.assertRaisesRegex(UserError, "does not follow"):
            self._ticket(self.typ_note).with_user(self.agent).action_create_refund()
        self.assertEqual(self._refunds(), before)
        self.assertFalse(
            (waiting | kept | not_invoiced | exchanged).credit_note_ids, "nothing linked"
        )

    def test_delivered_exchange_resolves_without_refund(self):
        ticket = self._return_ticket(self.sold)
        self._return_wizard(ticket, 1).action_create_exchanges()
        self._validate(ticket.picking_ids.filtered(lambda p: p.picking_type_code == "incoming"))
        self._validate(ticket.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing"))
        self.assertEqual(ticket.stage_id, self.resolved, "an exchange leaves nothing to refund")
