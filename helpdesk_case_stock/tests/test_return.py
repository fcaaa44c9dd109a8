from odoo import Command
from odoo.addons.helpdesk_case_sale.tests.common import CaseSaleCommon
from odoo.exceptions import UserError
from odoo.tests import Form, tagged


@tagged("post_install", "-at_install")
class TestReturn(CaseSaleCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        stock = cls.env.ref("stock.group_stock_user")
        (cls.agent | cls.supervisor).group_ids = [Command.link(stock.id)]
        cls.product = cls.env["product.product"].create(
            {"name": "Labial", "is_storable": True, "list_price": 50.0}
        )
        warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        )
        cls.env["stock.quant"]._update_available_quantity(cls.product, warehouse.lot_stock_id, 20)
        cls.delivered = cls._order(cls.customer, [(cls.product, 3)])
        cls.delivered.action_confirm()
        cls._validate(cls.delivered.picking_ids)
        cls.typ_return = cls.env["case.typification"].create(
            {
                "name": "Cambio y devolución",
                "parent_id": cls.category.id,
                "workflow_id": cls.env.ref("helpdesk_case_stock.workflow_return").id,
                "queue_id": cls.queue_n1.id,
            }
        )

    @classmethod
    def _validate(cls, pickings):
        for picking in pickings:
            for move in picking.move_ids:
                move.quantity = move.product_uom_qty
            picking.move_ids.picked = True
            picking.button_validate()
            assert picking.state == "done", picking.state

    def _ticket(self, order):
        return self.env["case.ticket"].create(
            {
                "name": "Quiero cambiarlo",
                "partner_id": self.customer.id,
                "typification_id": self.typ_return.id,
                "sale_order_id": order.id,
            }
        )

    def _return_wizard(self, ticket, quantity):
        action = ticket.with_user(self.agent).action_open_return_wizard()
        env = self.env(user=self.agent)
        wizard = Form(env[action["res_model"]].with_context(**action["context"]))
        with wizard.product_return_moves.edit(0) as line:
            line.quantity = quantity
        return wizard.save()

    def test_return_then_resolved(self):
        ticket = self._ticket(self.delivered)
        self._return_wizard(ticket, 2).action_create_returns()
        returned = ticket.picking_ids
        self.assertEqual(len(returned), 1)
        self.assertEqual(returned.picking_type_code, "incoming")
        self.assertEqual(returned.move_ids.product_uom_qty, 2)
        self.assertEqual(ticket.stage_id, self.env.ref("helpdesk_case_stock.stage_return_pending"))
        self.assertIn("Return", ticket.message_ids[0].body)
        self._validate(returned)
        self.assertEqual(ticket.stage_id, self.env.ref("helpdesk_case_stock.stage_return_resolved"))
        self.assertTrue(ticket.is_closed)

    def test_exchange_waits_for_the_new_delivery(self):
        ticket = self._ticket(self.delivered)
        self._return_wizard(ticket, 1).action_create_exchanges()
        returned = ticket.picking_ids.filtered(lambda p: p.picking_type_code == "incoming")
        exchange = ticket.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing")
        self.assertEqual(len(returned), 1)
        self.assertEqual(len(exchange), 1, "the exchange delivery follows the ticket too")
        self._validate(returned)
        self.assertEqual(ticket.stage_id, self.env.ref("helpdesk_case_stock.stage_return_received"))
        self._validate(exchange)
        self.assertEqual(ticket.stage_id, self.env.ref("helpdesk_case_stock.stage_return_resolved"))

    def test_return_of_an_undelivered_order_is_refused(self):
        undelivered = self._order(self.customer, [(self.product, 1)])
        undelivered.action_confirm()
        ticket = self._ticket(undelivered)
        with self.assertRaisesRegex(UserError, "not been delivered"):
            ticket.action_open_return_wizard()
        other = self._ticket(self.delivered)
        other.typification_id = self.typ_not_received
        with self.assertRaisesRegex(UserError, "does not follow"):
            other.action_open_return_wizard()
        self.assertFalse(ticket.picking_ids | other.picking_ids)

    def test_delivery_state_in_consult360(self):
        self._order(self.customer, [(self.product, 1)]).action_confirm()
        data = self.customer.with_user(self.agent).case_360_data()
        orders = next(s for s in data["sections"] if s["key"] == "orders")
        figures = {f["label"]: f["value"] for f in orders["figures"]}
        self.assertEqual(figures["Delivered"], 1)
        self.assertEqual(figures["To deliver"], 2, "the new one and the order of consumables")
