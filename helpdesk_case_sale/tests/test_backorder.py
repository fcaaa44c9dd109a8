from odoo.exceptions import UserError
from odoo.tests import Form, tagged, users

from .common import CaseSaleCommon


@tagged("post_install", "-at_install")
class TestBackorder(CaseSaleCommon):
    def setUp(self):
        super().setUp()
        self.ticket = self.env["case.ticket"].create(
            {
                "name": "Llegó incompleto",
                "partner_id": self.customer.id,
                "typification_id": self.typ_backorder.id,
                "sale_order_id": self.order.id,
            }
        )

    def _wizard(self, ticket, price_mode="free", quantities=None):
        action = ticket.action_open_backorder_wizard()
        form = Form(self.env[action["res_model"]].with_context(**action["context"]))
        form.price_mode = price_mode
        for index, qty in (quantities or {}).items():
            with form.line_ids.edit(index) as line:
                line.quantity = qty
        return form.save()

    @users("case_agent")
    def test_accept_free_replacement(self):
        ticket = self.ticket.with_env(self.env)
        self.assertEqual(ticket.workflow_code, "backorder")
        wizard = self._wizard(ticket, quantities={0: 1, 1: 0})
        self.assertEqual(len(wizard.line_ids), 2, "prefilled with the order's products")
        wizard.action_confirm()
        backorder = ticket.backorder_order_id
        self.assertEqual(backorder.state, "draft")
        self.assertEqual(backorder.origin, ticket.number)
        self.assertEqual(backorder.partner_id, self.customer)
        self.assertEqual(backorder.case_ticket_origin_id, ticket)
        self.assertEqual(
            backorder.order_line.product_id, self.product_a, "zero quantity is left out"
        )
        self.assertEqual(backorder.order_line.product_uom_qty, 1)
        self.assertEqual(backorder.amount_total, 0)
        self.assertEqual(ticket.stage_id, self.env.ref("helpdesk_case.stage_in_progress"))
        ticket.action_accept_backorder()
        self.assertEqual(backorder.state, "sale")
        self.assertEqual(ticket.stage_id, self.env.ref("helpdesk_case.stage_backorder_accepted"))
        self.assertIn("Backorder accepted", ticket.message_ids[0].body)
        with self.assertRaisesRegex(UserError, "is closed"):
            ticket.action_open_backorder_wizard()

    @users("case_agent")
    def test_reject_replacement_at_original_price(self):
        ticket = self.ticket.with_env(self.env)
        self._wizard(ticket, price_mode="original").action_confirm()
        backorder = ticket.backorder_order_id
        self.assertEqual(backorder.amount_untaxed, self.order.amount_untaxed)
        ticket.action_reject_backorder()
        self.assertEqual(backorder.state, "cancel")
        self.assertEqual(ticket.stage_id, self.env.ref("helpdesk_case.stage_backorder_rejected"))
        self.assertIn("Backorder rejected", ticket.message_ids[0].body)
        with self.assertRaisesRegex(UserError, "is closed"):
            ticket.action_accept_backorder()

    def test_refusals_create_nothing(self):
        Order = self.env["sale.order"]
        before = Order.search_count([])
        cancelled = self._order(self.customer, [(self.product_a, 1)])
        cancelled._action_cancel()
        self.ticket.sale_order_id = cancelled
        with self.assertRaisesRegex(UserError, "is cancelled"):
            self.ticket.action_open_backorder_wizard()
        self.ticket.sale_order_id = self.order
        with self.assertRaisesRegex(UserError, "at least one product"):
            self.ticket._create_backorder([(self.order.order_line[0], 0)])
        with self.assertRaisesRegex(UserError, "must come from order"):
            self.ticket._create_backorder([(cancelled.order_line, 1)])
        with self.assertRaisesRegex(UserError, "replacement quotation of ticket"):
            self.ticket.action_accept_backorder()
        backorder = self.ticket._create_backorder([(self.order.order_line[0], 1)])
        backorder._action_cancel()  # cancelled from the order itself
        with self.assertRaisesRegex(UserError, "no longer waiting"):
            self.ticket.action_accept_backorder()
        self.assertFalse(self.ticket.is_closed)
        generic = self.env["case.ticket"].create(
            {
                "name": "Otro",
                "sale_order_id": self.order.id,
                "typification_id": self.typ_not_received.id,
            }
        )
        with self.assertRaisesRegex(UserError, "does not follow"):
            generic.action_open_backorder_wizard()
        self.ticket.sale_order_id = False
        with self.assertRaisesRegex(UserError, "Link ticket"):
            self.ticket.action_open_backorder_wizard()
        self.assertEqual(Order.search_count([]), before + 2, "the two cancelled orders only")
