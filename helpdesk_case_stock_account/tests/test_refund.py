from odoo import Command
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

    def _return(self, order, quantities, ticket=None):
        """Odoo's return wizard on the order's delivery, ``quantities`` per product, opened from
        ``ticket`` (or straight from the delivery, without a ticket); the return is received."""
        if ticket:
            action = ticket.with_user(self.agent).action_open_return_wizard()
            context = action["context"]
        else:
            delivery = order.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing")
            context = {"active_id": delivery.id, "active_model": "stock.picking"}
        wizard = Form(self.env["stock.return.picking"].with_context(**context))
        for index in range(len(wizard.product_return_moves)):
            with wizard.product_return_moves.edit(index) as line:
                line.quantity = quantities.get(line.product_id, 0)
        returned = wizard.save()._create_return()
        self._validate(returned)
        return returned

    def _refund(self, ticket, accept=True):
        """The agent creates the ticket's refund, the credit team decides it."""
        notes = ticket.credit_note_ids
        ticket.with_user(self.agent).action_create_refund()
        refund = ticket.credit_note_ids - notes
        self.assertEqual(len(refund), 1)
        self.assertEqual(refund.move_type, "out_refund")
        decide = ticket.with_user(self.finance)
        decide.action_accept_note() if accept else decide.action_reject_note()
        return refund

    def _refunded(self, refund):
        return {line.product_id: line.quantity for line in refund.invoice_line_ids}

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

    def test_two_tickets_different_products_refund_their_own_return(self):
        soap = self.env["product.product"].create(
            {
                "name": "Jabón líquido",
                "is_storable": True,
                "list_price": 15.0,
                "invoice_policy": "delivery",
                "taxes_id": [],
            }
        )
        self.env["stock.quant"]._update_available_quantity(soap, self.warehouse.lot_stock_id, 20)
        order = self._order(self.customer, [(self.cream, 3), (soap, 4)])
        order.action_confirm()
        self._validate(order.picking_ids)
        order._create_invoices().action_post()
        cream_ticket, soap_ticket = self._return_ticket(order), self._return_ticket(order)
        self._return(order, {self.cream: 1}, cream_ticket)
        self._return(order, {soap: 3}, soap_ticket)
        self.assertEqual(order.order_line.mapped("qty_to_invoice"), [-1, -3])
        self.assertEqual((cream_ticket | soap_ticket).stage_id, self.received)
        self.assertEqual((cream_ticket | soap_ticket).mapped("refund_due"), [True, True])

        cream_refund = self._refund(cream_ticket)
        self.assertEqual(self._refunded(cream_refund), {self.cream: 1}, "its own return only")
        self.assertEqual(cream_refund.amount_total, 40.0)
        self.assertIn(cream_refund, order.invoice_ids, "the order's own credit note")
        self.assertEqual(cream_refund.invoice_origin, order.name)
        self.assertEqual(cream_refund.company_id, order.company_id)
        self.assertEqual(cream_refund.state, "posted")
        self.assertEqual(cream_ticket.stage_id, self.resolved)
        self.assertEqual(soap_ticket.stage_id, self.received, "its return is not refunded yet")
        self.assertTrue(soap_ticket.refund_due)

        soap_refund = self._refund(soap_ticket)
        self.assertEqual(self._refunded(soap_refund), {soap: 3})
        self.assertEqual(soap_refund.amount_total, 45.0)
        self.assertEqual(soap_ticket.stage_id, self.resolved)
        self.assertTrue((cream_ticket | soap_ticket).mapped("is_closed"))
        self.assertEqual(order.order_line.mapped("qty_to_invoice"), [0, 0], "all refunded")
        self.assertEqual(order.order_line.mapped("qty_invoiced"), [2, 1])

    def test_two_tickets_same_product_partial_quantities(self):
        first, second = self._return_ticket(self.sold), self._return_ticket(self.sold)
        self._return(self.sold, {self.cream: 1}, first)
        self._return(self.sold, {self.cream: 2}, second)
        self.assertEqual(self.sold.order_line.qty_to_invoice, -3)
        self.assertEqual((first | second).stage_id, self.received)

        # the first refund (still a draft) leaves the second return to its own ticket
        first.with_user(self.agent).action_create_refund()
        self.assertEqual(self._refunded(first.credit_note_ids), {self.cream: 1})
        self.assertFalse(first.refund_due)
        self.assertTrue(second.refund_due)
        second_refund = self._refund(second)
        self.assertEqual(self._refunded(second_refund), {self.cream: 2})
        self.assertEqual(second.stage_id, self.resolved)
        self.assertEqual(first.stage_id, self.received, "its draft refund awaits a decision")
        first.with_user(self.finance).action_accept_note()
        self.assertEqual(first.stage_id, self.resolved)
        self.assertEqual(first.credit_note_ids.state, "posted")
        self.assertEqual(self.sold.order_line.qty_to_invoice, 0, "nothing left to refund")
        self.assertEqual(self.sold.order_line.qty_invoiced, 0)

    def test_return_without_ticket_is_not_refunded_by_the_ticket(self):
        ticket = self._return_ticket(self.sold)
        self._return(self.sold, {self.cream: 1})  # made in the warehouse, no ticket
        self._return(self.sold, {self.cream: 1}, ticket)
        self.assertEqual(self.sold.order_line.qty_to_invoice, -2)
        refund = self._refund(ticket)
        self.assertEqual(self._refunded(refund), {self.cream: 1})
        self.assertEqual(ticket.stage_id, self.resolved)
        self.assertEqual(self.sold.order_line.qty_to_invoice, -1, "the other return is left")

    def test_refund_again_after_rejection(self):
        ticket = self._received_return(self.sold)
        rejected = self._refund(ticket, accept=False)
        self.assertEqual(rejected.state, "cancel")
        self.assertEqual(ticket.stage_id, self.resolved)
        ticket.stage_id = self.received  # reopened: the refund was rejected by mistake
        self.assertTrue(ticket.refund_due, "a cancelled refund credits nothing")
        refund = self._refund(ticket)
        self.assertEqual(self._refunded(refund), {self.cream: 2})
        self.assertEqual(refund.state, "posted")
        self.assertEqual(ticket.credit_note_ids, rejected | refund)
        self.assertEqual(ticket.stage_id, self.resolved)
        self.assertEqual(self.sold.order_line.qty_to_invoice, 0)
        ticket.stage_id = self.received
        self.assertFalse(ticket.refund_due)
        with self.assertRaisesRegex(UserError, "no returned quantity left to refund"):
            ticket.with_user(self.agent).action_create_refund()
        self.assertEqual(len(ticket.credit_note_ids), 2)

    def test_refund_never_exceeds_what_is_left(self):
        ticket = self._received_return(self.sold)
        line = self.sold.order_line
        self.assertEqual(line.qty_to_invoice, -2)
        # the accountant already credited one of the returned units from the order
        values = self.sold._prepare_invoice()
        values.update(
            move_type="out_refund",
            invoice_line_ids=[Command.create(line._prepare_invoice_line(quantity=1))],
        )
        self.env["account.move"].create(values).action_post()
        self.assertEqual(line.qty_to_invoice, -1)
        refund = self._refund(ticket)
        self.assertEqual(self._refunded(refund), {self.cream: 1}, "what Odoo says is left")
        self.assertEqual(line.qty_to_invoice, 0)
        self.assertEqual(ticket.stage_id, self.resolved)

    def test_refund_due_queries_do_not_grow_with_tickets(self):
        first, second = self._return_ticket(self.sold), self._return_ticket(self.sold)
        self._return(self.sold, {self.cream: 1}, first)
        self._return(self.sold, {self.cream: 1}, second)
        for ticket in first | second:  # a rejected refund each: their lines are read too
            self._refund(ticket, accept=False)
            ticket.stage_id = self.received

        def queries(tickets):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            self.assertTrue(all(tickets.mapped("refund_due")))
            return self.env.cr.sql_log_count - before

        self.assertEqual(queries(first | second), queries(first))

    def test_received_returns_move_on_in_queries_that_do_not_grow_with_tickets(self):
        """Validating several returns at once asks once whose refund is still due."""
        first, second = self._return_ticket(self.sold), self._return_ticket(self.sold)
        self._return(self.sold, {self.cream: 1}, first)
        self._return(self.sold, {self.cream: 1}, second)
        self.assertEqual((first | second).stage_id, self.received, "their refunds are due")

        def queries(tickets):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            tickets._case_pickings_done()
            return self.env.cr.sql_log_count - before

        self.assertEqual(queries(first | second), queries(first))
        self.assertEqual((first | second).stage_id, self.received, "still waiting")
