"""Real sale documents for the bridge's tests: a customer, products and a confirmed order."""

from odoo import Command
from odoo.addons.helpdesk_case.tests.common import CaseCommon
from odoo.tests import new_test_user


class CaseSaleCommon(CaseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the agent and the supervisor also sell: the order's actions need sales rights
        sales = cls.env.ref("sales_team.group_sale_salesman_all_leads")
        (cls.agent | cls.agent2 | cls.supervisor).group_ids = [Command.link(sales.id)]
        cls.plain_agent = new_test_user(
            cls.env,
            login="case_plain_agent",
            name="Agent Without Sales",
            groups="helpdesk_case.group_case_service",
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Cliente Pedidos", "email": "pedidos@example.com"}
        )
        Product = cls.env["product.product"]
        cls.product_a = Product.create({"name": "Crema facial", "list_price": 100.0})
        cls.product_b = Product.create({"name": "Perfume", "list_price": 250.0})
        cls.order = cls._order(cls.customer, [(cls.product_a, 2), (cls.product_b, 1)])
        cls.order.action_confirm()
        cls.backorder_workflow = cls.env.ref("helpdesk_case.workflow_backorder")
        cls.release_workflow = cls.env.ref("helpdesk_case_sale.workflow_release")
        Typification = cls.env["case.typification"]
        cls.typ_backorder = Typification.create(
            {
                "name": "Faltante en pedido",
                "parent_id": cls.category.id,
                "workflow_id": cls.backorder_workflow.id,
                "queue_id": cls.queue_n1.id,
            }
        )
        cls.typ_release = Typification.create(
            {
                "name": "Forzado de pedido",
                "parent_id": cls.category.id,
                "workflow_id": cls.release_workflow.id,
                "queue_id": cls.queue_n1.id,
            }
        )

    @classmethod
    def _order(cls, partner, lines):
        return cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": qty})
                    for product, qty in lines
                ],
            }
        )
