from odoo import Command
from odoo.tests import Form, tagged, users

from .common import CaseSaleCommon


@tagged("post_install", "-at_install")
class TestTicketOrder(CaseSaleCommon):
    def test_backorder_workflow_has_its_kind(self):
        self.assertEqual(self.backorder_workflow.code, "backorder")
        self.assertEqual(self.release_workflow.code, "release")

    @users("case_agent")
    def test_create_ticket_from_order(self):
        order = self.order.with_env(self.env)
        action = order.action_create_case_ticket()
        self.assertEqual(action["res_model"], "case.ticket")
        context = action["context"]
        self.assertEqual(context["default_sale_order_id"], order.id)
        self.assertEqual(context["default_partner_id"], self.customer.id)
        self.assertEqual(
            context["default_channel_id"], self.env.ref("helpdesk_case.channel_order").id
        )
        form = Form(self.env["case.ticket"].with_context(**context))
        ticket = form.save()
        self.assertEqual(ticket.sale_order_id, order)
        self.assertEqual(ticket.partner_id, self.customer)
        self.assertEqual(ticket.channel_id.code, "order")
        self.assertIn(order.name, ticket.name)
        # smart buttons both ways
        self.assertEqual(order.case_ticket_count, 1)
        self.assertEqual(
            order.action_open_case_tickets()["domain"], [("sale_order_id", "=", order.id)]
        )
        self.assertEqual(ticket.action_open_sale_order()["res_id"], order.id)

    @users("case_agent")
    def test_order_lines_and_requester_from_the_order(self):
        form = Form(self.env["case.ticket"])
        form.name = "Falta un producto"
        form.sale_order_id = self.order
        self.assertEqual(form.partner_id, self.customer)
        form.sale_line_ids.add(self.order.order_line[0])
        ticket = form.save()
        self.assertEqual(ticket.sale_line_ids, self.order.order_line[0])

    def test_agent_without_sales_rights_still_works_tickets(self):
        ticket = self.env["case.ticket"].create(
            {
                "name": "Pedido",
                "partner_id": self.customer.id,
                "sale_order_id": self.order.id,
                "queue_id": self.queue_n1.id,
            }
        )
        self.queue_n1.member_ids = [Command.link(self.plain_agent.id)]
        as_plain = ticket.with_user(self.plain_agent)
        self.assertEqual(as_plain.name, "Pedido")
        self.assertNotIn("sale_order_id", as_plain.fields_get())
        Form(as_plain)  # the form opens without the order fields
