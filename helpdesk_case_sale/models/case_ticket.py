from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount

SALE_GROUP = "sales_team.group_sale_salesman"


class CaseTicket(models.Model):
    _inherit = "case.ticket"

    sale_order_id = fields.Many2one(
        "sale.order",
        string="Sale Order",
        tracking=True,
        index="btree_not_null",
        check_company=True,
        groups=SALE_GROUP,
        domain="[('partner_id', 'child_of', partner_id)] if partner_id else []",
    )
    sale_line_ids = fields.Many2many(
        "sale.order.line",
        string="Order Lines",
        groups=SALE_GROUP,
        domain="[('order_id', '=', sale_order_id), ('display_type', '=', False)]",
        help="The lines the request is about, when it is not the whole order.",
    )
    backorder_order_id = fields.Many2one(
        "sale.order",
        string="Replacement Quotation",
        readonly=True,
        copy=False,
        index="btree_not_null",
        groups=SALE_GROUP,
    )
    backorder_state = fields.Selection(
        related="backorder_order_id.state", string="Replacement Status", groups=SALE_GROUP
    )

    @api.onchange("sale_order_id")
    def _onchange_sale_order_id(self):
        if self.sale_order_id and not self.partner_id:
            self.partner_id = self.sale_order_id.partner_id
        self.sale_line_ids = self.sale_line_ids.filtered(
            lambda line: line.order_id == self.sale_order_id
        )

    # ----------------------------------------------------------------- actions

    def action_open_sale_order(self):
        self.ensure_one()
        order = self.backorder_order_id if self.env.context.get("backorder") else self.sale_order_id
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "res_id": order.id,
            "view_mode": "form",
        }

    # --------------------------------------------------------------- backorder

    def action_open_backorder_wizard(self):
        self.ensure_one()
        self._check_backorder_source()
        return {
            "type": "ir.actions.act_window",
            "name": _("Replacement Quotation"),
            "res_model": "case.backorder.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_ticket_id": self.id},
        }

    def _check_backorder_source(self):
        self.ensure_one()
        self._check_workflow_action("backorder")
        order = self.sale_order_id
        if not order:
            raise UserError(_("Link ticket %s to the sale order to replace first.", self.number))
        if order.state == "cancel":
            raise UserError(
                _(
                    "Order %(order)s is cancelled: nothing to replace (ticket %(ticket)s).",
                    order=order.name,
                    ticket=self.number,
                )
            )
        if self.backorder_order_id and self.backorder_order_id.state != "cancel":
            raise UserError(
                _(
                    "Ticket %(ticket)s already has the replacement quotation %(order)s.",
                    ticket=self.number,
                    order=self.backorder_order_id.name,
                )
            )

    def _create_backorder(self, lines, original_price=False):
        """Create the replacement quotation of the ticket's order.

        :param lines: ``[(sale.order.line, quantity)]`` of the order to replace
        :param original_price: keep the lines' prices (else the replacement is free)
        """
        self.ensure_one()
        self._check_backorder_source()
        lines = [(line, qty) for line, qty in lines if qty > 0]
        if not lines:
            raise UserError(_("Choose at least one product and a quantity to replace."))
        order = self.sale_order_id
        if any(line.order_id != order for line, __ in lines):
            raise UserError(_("The products to replace must come from order %s.", order.name))
        backorder = self.env["sale.order"].create(
            {
                "partner_id": order.partner_id.id,
                "partner_invoice_id": order.partner_invoice_id.id,
                "partner_shipping_id": order.partner_shipping_id.id,
                "pricelist_id": order.pricelist_id.id,
                "company_id": order.company_id.id,
                "origin": self.number,
                "client_order_ref": order.name,
                "case_ticket_origin_id": self.id,
                "order_line": [
                    fields.Command.create(
                        {
                            "product_id": line.product_id.id,
                            "name": line.name,
                            "product_uom_qty": qty,
                            "product_uom_id": line.product_uom_id.id,
                            "price_unit": line.price_unit if original_price else 0.0,
                            "discount": line.discount if original_price else 0.0,
                            "tax_ids": [fields.Command.set(line.tax_ids.ids)],
                        }
                    )
                    for line, qty in lines
                ],
            }
        )
        self.backorder_order_id = backorder
        self._message_log(
            body=_(
                "Replacement quotation %(order)s created for order %(origin)s (%(price)s).",
                order=backorder._get_html_link(),
                origin=order._get_html_link(),
                price=_("original prices") if original_price else _("free of charge"),
            )
        )
        if self.stage_id == self.workflow_id._first_stage():
            in_progress = self.env.ref("helpdesk_case.stage_in_progress")
            if in_progress in self.workflow_id.stage_ids:
                self.stage_id = in_progress
        return backorder

    def _check_backorder_pending(self):
        self.ensure_one()
        self._check_workflow_action("backorder")
        if not self.backorder_order_id:
            raise UserError(_("Create the replacement quotation of ticket %s first.", self.number))
        if self.backorder_order_id.state not in ("draft", "sent"):
            raise UserError(
                _(
                    "The replacement quotation %s is no longer waiting for a decision.",
                    self.backorder_order_id.name,
                )
            )

    def action_accept_backorder(self):
        for ticket in self:
            ticket._check_backorder_pending()
            stage = ticket._workflow_stage(ticket.workflow_id._outcome_stage(accepted=True))
            ticket.backorder_order_id.action_confirm()
            ticket._message_log(
                body=_(
                    "Backorder accepted: %s confirmed.",
                    ticket.backorder_order_id._get_html_link(),
                )
            )
            ticket.stage_id = stage
        return True

    def action_reject_backorder(self):
        for ticket in self:
            ticket._check_backorder_pending()
            stage = ticket._workflow_stage(ticket.workflow_id._outcome_stage(accepted=False))
            ticket.backorder_order_id._action_cancel()
            ticket._message_log(
                body=_(
                    "Backorder rejected: %s cancelled.",
                    ticket.backorder_order_id._get_html_link(),
                )
            )
            ticket.stage_id = stage
        return True

    # ----------------------------------------------------------- order release

    def _stage_changed(self, previous_stages):
        """A release ticket moved back to work takes its release back (closing it keeps it)."""
        super()._stage_changed(previous_stages)
        released = self.env.ref("helpdesk_case_sale.stage_order_released")
        taken_back = self.filtered(
            lambda t: previous_stages.get(t.id) == released
            and t.stage_id != released
            and not t.is_closed
        )
        # sudo: the release fields are written by the release and its withdrawal only
        orders = (
            self.env["sale.order"]
            .sudo()
            .search(
                [
                    ("case_release_ticket_id", "in", taken_back.ids),
                    ("state", "in", ("draft", "sent")),
                ]
            )
            if taken_back
            else self.env["sale.order"]
        )
        for order in orders:
            ticket = order.case_release_ticket_id
            order.write(
                {
                    "case_release_ticket_id": False,
                    "case_released_by_id": False,
                    "case_release_date": False,
                    "case_release_amount": 0.0,
                }
            )
            order.message_post(
                body=_(
                    "Release taken back: ticket %s went back to work.",
                    ticket._get_html_link(title=ticket.number),
                )
            )

    def action_release_order(self):
        """A supervisor lets the ticket's order be confirmed over the credit limit."""
        for ticket in self:
            ticket._check_workflow_action("release")
            ticket._check_supervisor(
                _(
                    "Only a supervisor of the ticket's queue may release an order (%s).",
                    ticket.number,
                )
            )
            # sudo: the supervisor's decision is audited on the order, whatever their sales rights
            order = ticket.sudo().sale_order_id
            if not order:
                raise UserError(_("Link ticket %s to the order to release first.", ticket.number))
            if order.state not in ("draft", "sent"):
                raise UserError(
                    _("Order %s is not a quotation waiting for confirmation.", order.name)
                )
            stage = ticket._workflow_stage(self.env.ref("helpdesk_case_sale.stage_order_released"))
            # the release covers the order's current total only (a bigger order is blocked again)
            order.write(
                {
                    "case_release_ticket_id": ticket.id,
                    "case_released_by_id": self.env.uid,
                    "case_release_date": fields.Datetime.now(),
                    "case_release_amount": order.amount_total,
                }
            )
            order.message_post(
                body=_(
                    "Released over the credit limit by %(user)s (ticket %(ticket)s) for "
                    "%(amount)s.",
                    user=self.env.user.name,
                    ticket=ticket._get_html_link(title=ticket.number),
                    amount=format_amount(self.env, order.amount_total, order.currency_id),
                )
            )
            ticket._message_log(
                body=_("Order %s released over the credit limit.", order._get_html_link())
            )
            ticket.stage_id = stage
        return True
