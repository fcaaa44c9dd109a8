from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import CaseStockCommon


@tagged("post_install", "-at_install")
class TestReturn(CaseStockCommon):
    def test_return_then_resolved(self):
        ticket = self._return_ticket(self.delivered)
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
        ticket = self._return_ticket(self.delivered)
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
        ticket = self._return_ticket(undelivered)
        with self.assertRaisesRegex(UserError, "not been delivered"):
            ticket.action_open_return_wizard()
        other = self._return_ticket(self.delivered)
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

    def test_returns_in_consult360(self):
        ticket = self._return_ticket(self.delivered)
        self._return_wizard(ticket, 2).action_create_returns()
        returned = ticket.picking_ids

        def returns_section(user):
            data = self.customer.with_user(user).case_360_data()
            return next((s for s in data["sections"] if s["key"] == "returns"), None)

        section = returns_section(self.agent)
        figures = {f["label"]: f["value"] for f in section["figures"]}
        self.assertEqual((figures["To receive"], figures["Received"]), (1, 0))
        self.assertEqual([line["id"] for line in section["lines"]], returned.ids)
        self.assertEqual(section["action"]["res_model"], "stock.picking")
        self.assertEqual(self.env["stock.picking"].search(section["action"]["domain"]), returned)
        self._validate(returned)
        section = returns_section(self.agent)
        self.assertEqual({f["label"]: f["value"] for f in section["figures"]}["Received"], 1)
        self.assertEqual(section["lines"][0]["detail"], "Done", "the state's label")
        self.assertIsNone(returns_section(self.plain_agent), "no inventory rights, no section")

    def test_demo_return_requests_follow_the_return_workflow(self):
        typification = self.env.ref("helpdesk_case.typification_return_request")
        self.assertEqual(
            typification.workflow_id, self.env.ref("helpdesk_case_stock.workflow_return")
        )
        ticket = self.env.ref("helpdesk_case.ticket_demo_return_request")
        self.assertEqual(ticket.workflow_code, "return")
        self.assertIn(ticket.stage_id, ticket.workflow_id.stage_ids)
