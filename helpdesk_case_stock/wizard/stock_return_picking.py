from odoo import _, models


class StockReturnPicking(models.TransientModel):
    _inherit = "stock.return.picking"

    def _case_ticket(self):
        ticket_id = self.env.context.get("case_ticket_id")
        return self.env["case.ticket"].browse(ticket_id) if ticket_id else None

    def _create_return(self):
        new_picking = super()._create_return()
        ticket = self._case_ticket()
        if ticket:
            ticket._case_link_pickings(new_picking, _("Return"))
        return new_picking

    def action_create_exchanges(self):
        ticket = self._case_ticket()
        order = self.picking_id.sale_id
        before = order.picking_ids if ticket else None
        action = super().action_create_exchanges()
        if ticket and order:
            order.invalidate_recordset(["picking_ids"])
            exchanges = (
                order.picking_ids.filtered(
                    lambda p: p.picking_type_code == "outgoing"
                    and p.state not in ("done", "cancel")
                )
                - before
                - ticket.picking_ids
            )
            if exchanges:
                ticket._case_link_pickings(exchanges, _("Exchange delivery"))
        return action
