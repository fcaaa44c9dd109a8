"""A delivered order of a storable product and the change-and-return typification."""

from odoo import Command
from odoo.addons.helpdesk_case_sale.tests.common import CaseSaleCommon
from odoo.tests import Form


class CaseStockCommon(CaseSaleCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        stock = cls.env.ref("stock.group_stock_user")
        (cls.agent | cls.supervisor).group_ids = [Command.link(stock.id)]
        cls.product = cls.env["product.product"].create(
            {"name": "Labial", "is_storable": True, "list_price": 50.0}
        )
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.product, cls.warehouse.lot_stock_id, 20
        )
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

    def _return_ticket(self, order):
        return self.env["case.ticket"].create(
            {
                "name": "Quiero cambiarlo",
                "partner_id": order.partner_id.id,
                "typification_id": self.typ_return.id,
                "sale_order_id": order.id,
            }
        )

    def _return_wizard(self, ticket, quantity, user=None):
        """Odoo's return wizard opened from the ticket, ``quantity`` of the first line."""
        user = user or self.agent
        action = ticket.with_user(user).action_open_return_wizard()
        env = self.env(user=user)
        wizard = Form(env[action["res_model"]].with_context(**action["context"]))
        with wizard.product_return_moves.edit(0) as line:
            line.quantity = quantity
        return wizard.save()
