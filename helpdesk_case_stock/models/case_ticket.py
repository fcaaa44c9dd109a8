from odoo import _, api, fields, models
from odoo.exceptions import UserError

STOCK_GROUP = "stock.group_stock_user"


class CaseTicket(models.Model):
    _inherit = "case.ticket"

    picking_ids = fields.One2many(
        "stock.picking", "case_ticket_id", string="Returns and Exchanges", groups=STOCK_GROUP
    )
    picking_count = fields.Integer(compute="_compute_picking_count", groups=STOCK_GROUP)

    @api.depends("picking_ids")
    @api.depends_context("uid", "allowed_company_ids")  # counted under the user's rules
    def _compute_picking_count(self):
        counts = dict(
            self.env["stock.picking"]._read_group(
                [("case_ticket_id", "in", self.ids)], ["case_ticket_id"], ["__count"]
            )
        )
        for ticket in self:
            ticket.picking_count = counts.get(ticket._origin, 0)

    def action_open_pickings(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Returns of %s", self.number),
            "res_model": "stock.picking",
            "view_mode": "list,form",
            "domain": [("case_ticket_id", "=", self.id)],
        }

    def _case_returnable_delivery(self):
        """The last delivery of the ticket's order that can be returned; refuses otherwise."""
        self.ensure_one()
        self._check_workflow_action("return")
        order = self.sale_order_id
        if not order:
            raise UserError(_("Link ticket %s to the delivered order first.", self.number))
        deliveries = order.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing" and p.state == "done"
        )
        if not deliveries:
            raise UserError(
                _(
                    "Order %(order)s has not been delivered yet: there is nothing to return "
                    "(ticket %(ticket)s).",
                    order=order.name,
                    ticket=self.number,
                )
            )
        return deliveries.sorted("date_done")[-1]

    def action_open_return_wizard(self):
        """Odoo's return wizard on the order's delivery; the pickings it creates follow the
        ticket."""
        self.ensure_one()
        delivery = self._case_returnable_delivery()
        return {
            "type": "ir.actions.act_window",
            "name": _("Return of %s", delivery.name),
            "res_model": "stock.return.picking",
            "view_mode": "form",
            "target": "new",
            "context": {
                "active_id": delivery.id,
                "active_ids": delivery.ids,
                "active_model": "stock.picking",
                "case_ticket_id": self.id,
            },
        }

    def _case_link_pickings(self, pickings, kind):
        """Link the return (or exchange) ``pickings`` to the ticket and move it on."""
        self.ensure_one()
        pickings.case_ticket_id = self
        for picking in pickings:
            self._message_log(
                body=_("%(kind)s %(picking)s created.", kind=kind, picking=picking._get_html_link())
            )
        stage = self.env.ref("helpdesk_case_stock.stage_return_pending")
        if stage in self.workflow_id.stage_ids and self.stage_id.sequence < stage.sequence:
            self.stage_id = stage

    def _case_pickings_done(self):
        """The ticket follows its pickings: return received, then resolved once every picking
        of the ticket (the exchange delivery too) is done."""
        received = self.env.ref("helpdesk_case_stock.stage_return_received")
        resolved = self.env.ref("helpdesk_case_stock.stage_return_resolved")
        returns = self.filtered(lambda t: t.workflow_code == "return" and not t.is_closed)
        finished = returns.filtered(
            lambda t: all(p.state in ("done", "cancel") for p in t.sudo().picking_ids)
        )
        # asked once for them all: the queries do not grow with the tickets validated together
        awaiting = finished._case_return_awaits_refund()
        for ticket in returns:
            pickings = ticket.sudo().picking_ids
            if ticket in finished and ticket not in awaiting:
                stage = resolved
            elif any(p.state == "done" and p.picking_type_code == "incoming" for p in pickings):
                stage = received
            else:
                continue
            if stage in ticket.workflow_id.stage_ids and ticket.stage_id != stage:
                ticket.stage_id = stage

    def _case_return_awaits_refund(self):
        """The tickets of ``self`` whose received return still waits for its refund, which
        keeps them at "Return Received": the invoicing bridge (helpdesk_case_stock_account)
        says which. Set-based: a bridge answers for all the tickets at once."""
        return self.browse()
