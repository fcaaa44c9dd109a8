from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import CaseSaleCommon


@tagged("post_install", "-at_install")
class TestOrderRelease(CaseSaleCommon):
    def setUp(self):
        super().setUp()
        self.env.company.case_block_over_credit = True
        self.customer.credit_limit = 100.0
        self.big = self._order(self.customer, [(self.product_b, 2)])
        self.ticket = self.env["case.ticket"].create(
            {
                "name": "Liberar pedido",
                "partner_id": self.customer.id,
                "typification_id": self.typ_release.id,
                "sale_order_id": self.big.id,
            }
        )

    def test_blocked_then_released_by_supervisor(self):
        with self.assertRaisesRegex(UserError, "over their credit limit"):
            self.big.with_user(self.agent).action_confirm()
        self.assertEqual(self.big.state, "draft")
        self.ticket.with_user(self.supervisor).action_release_order()
        self.assertEqual(self.big.case_release_ticket_id, self.ticket)
        self.assertEqual(self.big.case_released_by_id, self.supervisor)
        self.assertTrue(self.big.case_release_date)
        self.assertIn("Released over the credit limit", self.big.message_ids[0].body)
        self.assertEqual(
            self.ticket.stage_id, self.env.ref("helpdesk_case_sale.stage_order_released")
        )
        self.big.with_user(self.agent).action_confirm()
        self.assertEqual(self.big.state, "sale")

    def test_release_outlives_its_closed_ticket(self):
        self.ticket.with_user(self.supervisor).action_release_order()
        self.ticket.action_close()  # closed after the release: the release stands
        self.big.with_user(self.agent).action_confirm()
        self.assertEqual(self.big.state, "sale")

    def test_release_taken_back_stays_taken_back(self):
        self.ticket.with_user(self.supervisor).action_release_order()
        self.ticket.stage_id = self.env.ref("helpdesk_case.stage_in_progress")  # taken back
        self.assertFalse(self.big.case_released_by_id)
        self.assertIn("Release taken back", self.big.message_ids[0].body)
        for move in ("action_close", "back to released"):
            with self.subTest(move=move):
                if move == "action_close":
                    self.ticket.action_close()
                else:
                    self.ticket.stage_id = self.env.ref("helpdesk_case_sale.stage_order_released")
                with self.assertRaisesRegex(UserError, "over their credit limit"):
                    self.big.with_user(self.agent).action_confirm()
        self.assertEqual(self.big.state, "draft")

    def test_release_refused_to_an_agent(self):
        with self.assertRaisesRegex(AccessError, "Only a supervisor"):
            self.ticket.with_user(self.agent).action_release_order()
        self.assertFalse(self.big.case_release_ticket_id)
        self.assertEqual(self.ticket.stage_id, self.env.ref("helpdesk_case.stage_new"))

    def test_release_of_a_confirmed_order_is_refused(self):
        with self.assertRaisesRegex(UserError, "not a quotation"):
            self.env["case.ticket"].create(
                {
                    "name": "Ya confirmado",
                    "typification_id": self.typ_release.id,
                    "queue_id": self.queue_n1.id,
                    "sale_order_id": self.order.id,
                }
            ).with_user(self.supervisor).action_release_order()

    def test_orders_within_the_limit_or_without_setting(self):
        small = self._order(self.customer, [(self.product_a, 0.5)])
        small.action_confirm()
        self.assertEqual(small.state, "sale")
        self.env.company.case_block_over_credit = False
        self.big.action_confirm()
        self.assertEqual(self.big.state, "sale")

    def test_writing_a_release_on_the_order_is_refused(self):
        """A salesman cannot lift the credit block by writing the release on their order."""
        order = self.big.with_user(self.agent)
        for values in (
            {"case_release_ticket_id": self.ticket.id},
            {"case_released_by_id": self.agent.id},
            {"case_release_amount": 10000.0},
        ):
            with self.assertRaisesRegex(AccessError, "Only a supervisor releases an order"):
                order.write(values)
        with self.assertRaisesRegex(AccessError, "Only a supervisor releases an order"):
            self.env["sale.order"].with_user(self.agent).create(
                {"partner_id": self.customer.id, "case_release_ticket_id": self.ticket.id}
            )
        self.assertFalse(self.big.case_release_ticket_id)
        self.assertFalse(self.big.case_release_amount)
        with self.assertRaisesRegex(UserError, "over their credit limit"):
            order.action_confirm()
        self.assertEqual(self.big.state, "draft")

    def test_only_a_release_of_the_release_action_counts(self):
        """A release set behind the action's back (no supervisor, ticket not released) does
        not lift the block."""
        self.big.sudo().write(
            {"case_release_ticket_id": self.ticket.id, "case_release_amount": 10000.0}
        )
        with self.assertRaisesRegex(UserError, "over their credit limit"):
            self.big.with_user(self.agent).action_confirm()
        self.ticket.with_user(self.supervisor).action_release_order()
        # the ticket taken back out of "Order Released" withdraws the release
        self.ticket.stage_id = self.env.ref("helpdesk_case.stage_in_progress")
        with self.assertRaisesRegex(UserError, "over their credit limit"):
            self.big.with_user(self.agent).action_confirm()
        self.assertEqual(self.big.state, "draft")

    def test_release_covers_the_released_amount_only(self):
        self.ticket.with_user(self.supervisor).action_release_order()
        self.assertEqual(self.big.case_release_amount, self.big.amount_total)
        released = self.big.amount_total
        # a line added after the release: over the released amount, blocked again
        line = self.env["sale.order.line"].create(
            {"order_id": self.big.id, "product_id": self.product_a.id, "product_uom_qty": 1}
        )
        self.assertGreater(self.big.amount_total, released)
        with self.assertRaisesRegex(UserError, "was released for .* but its total is now"):
            self.big.with_user(self.agent).action_confirm()
        self.assertEqual(self.big.state, "draft")
        # back within the released amount (a smaller order): confirmed
        line.unlink()
        self.big.order_line.filtered(lambda ol: ol.product_id == self.product_b).write(
            {"product_uom_qty": 1}
        )
        self.assertLess(self.big.amount_total, released)
        self.big.with_user(self.agent).action_confirm()
        self.assertEqual(self.big.state, "sale")

    def test_demo_release_typification(self):
        typification = self.env.ref("helpdesk_case_sale.typification_order_release")
        self.assertEqual(typification.name, "Liberación de pedido")
        self.assertEqual(typification.workflow_id, self.release_workflow)
