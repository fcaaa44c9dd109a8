from collections import defaultdict

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_round

RETURN_REASON = "helpdesk_case_account.note_reason_product_returned"


class CaseTicket(models.Model):
    _inherit = "case.ticket"

    refund_due = fields.Boolean(
        compute="_compute_refund_due",
        help="A return of this ticket marked to refund was received and is not refunded yet.",
        groups="base.group_user",
    )

    @api.depends("stage_id", "credit_note_ids.state")
    def _compute_refund_due(self):
        waiting = self.filtered(
            lambda t: t.workflow_code == "return" and not t.is_closed and not t.has_draft_note
        )
        quantities = waiting._case_refund_quantities()
        for ticket in self:
            ticket.refund_due = bool(quantities.get(ticket))

    def _case_received_return_moves(self):
        """Moves of the tickets' validated returns (sudo: warehouse documents)."""
        returns = self.sudo().picking_ids.filtered(
            lambda p: p.picking_type_code == "incoming" and p.state == "done"
        )
        return returns.move_ids.filtered(lambda m: m.state == "done")

    def _case_order_lines_to_invoice(self):
        """Lines of the ticket's order with quantities still to invoice."""
        self.ensure_one()
        precision = self.env["decimal.precision"].precision_get("Product Unit")
        return self.sudo().sale_order_id.order_line.filtered(
            lambda line: not line.display_type
            and float_compare(line.qty_to_invoice, 0.0, precision_digits=precision) > 0
        )

    def _case_refund_quantities(self):
        """What each ticket's refund covers, ``{ticket: {order line: quantity}}`` in the units
        of the order lines: the quantities its own received returns marked “to refund” brought
        back, less what its earlier refunds (not cancelled) credited, never more than Odoo has
        left to refund on the line (a negative quantity to invoice). Per ticket, not per order:
        another return of the same order is refunded by its own ticket. Batched: the queries
        do not grow with the tickets."""
        precision = self.env["decimal.precision"].precision_get("Product Unit")
        tickets = self.sudo()
        left = defaultdict(lambda: defaultdict(float))  # ticket id → order line → quantity
        for move in tickets._case_received_return_moves().filtered("to_refund"):
            line = move.sale_line_id
            if move.product_id == line.product_id:  # as sale_stock counts the line's deliveries
                left[move.picking_id.case_ticket_id.id][line] += move.product_uom._compute_quantity(
                    move.quantity, line.product_uom_id, rounding_method="HALF-UP"
                )
        result = {}
        for ticket in tickets:
            returned = left[ticket._origin.id]
            for refund in ticket.credit_note_ids:
                if refund.move_type != "out_refund" or refund.state == "cancel":
                    continue
                for refund_line in refund.invoice_line_ids:
                    for line in refund_line.sale_line_ids:
                        if line in returned:
                            returned[line] -= refund_line.product_uom_id._compute_quantity(
                                refund_line.quantity, line.product_uom_id
                            )
            quantities = {}
            for line, quantity in returned.items():
                due = float_round(min(quantity, -line.qty_to_invoice), precision_digits=precision)
                if (
                    line.order_id == ticket.sale_order_id
                    and float_compare(due, 0.0, precision_digits=precision) > 0
                ):
                    quantities[line] = due
            result[ticket] = quantities
        return result

    def _case_return_awaits_refund(self):
        """The tickets whose own return waits for its refund (another return of the order
        does not hold them), in the batched queries of ``_case_refund_quantities``."""
        quantities = self._case_refund_quantities()
        return super()._case_return_awaits_refund() | self.filtered(
            lambda t: t.has_draft_note or quantities[t]
        )

    def _case_check_note_decision(self):
        """The refund of a return is decided on the open return ticket, by the same team."""
        returns = self.filtered(lambda t: t.workflow_code == "return")
        returns._check_workflow_action("return")
        return super(CaseTicket, self - returns)._case_check_note_decision()

    def action_create_refund(self):
        """The refund credit note of this ticket's received return, made from its order the
        Odoo way (see ``_case_create_refund``). It is decided like any note of the ticket:
        *Accept Note* posts it, *Reject Note* cancels it."""
        self.ensure_one()
        self.check_access("write")
        self._check_workflow_action("return")
        if self.has_draft_note:
            raise UserError(
                _("A refund of ticket %s awaits a decision: accept or reject it.", self.number)
            )
        order = self.sudo().sale_order_id
        if not order:
            raise UserError(_("Link ticket %s to the returned order first.", self.number))
        moves = self._case_received_return_moves()
        if not moves:
            raise UserError(
                _(
                    "Nothing has come back yet for ticket %s: validate the return first.",
                    self.number,
                )
            )
        if not moves.filtered("to_refund"):
            raise UserError(
                _(
                    "The returns of ticket %s were not marked to refund (“Update quantities on "
                    "SO/PO” in the return wizard): there is nothing to refund.",
                    self.number,
                )
            )
        pending = self.sudo().picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing" and p.state not in ("done", "cancel")
        )
        if pending:
            raise UserError(
                _(
                    "Exchange delivery %s is still pending: an exchange is not refunded.",
                    ", ".join(pending.mapped("name")),
                )
            )
        invoices = order.invoice_ids.filtered(
            lambda m: m.move_type == "out_invoice" and m.state == "posted"
        )
        if not invoices:
            raise UserError(
                _(
                    "Order %s is not invoiced: there is nothing to refund (the return lowers what "
                    "is left to invoice).",
                    order.name,
                )
            )
        quantities = self._case_refund_quantities()[self]
        if not quantities:
            raise UserError(
                _(
                    "Order %s has no returned quantity left to refund: it was refunded already, "
                    "or its products are invoiced on ordered quantities.",
                    order.name,
                )
            )
        if self._case_order_lines_to_invoice():
            raise UserError(
                _(
                    "Order %s still has quantities to invoice: invoice them from the order first, "
                    "then create the refund.",
                    order.name,
                )
            )
        if self.note_reason_id.note_type != "credit":
            self.note_reason_id = self.env.ref(RETURN_REASON, raise_if_not_found=False)
        if not self.note_reason_id:
            raise UserError(_("Choose the reason of the note first."))
        refund = self._case_create_refund(order, quantities)
        lines = refund.invoice_line_ids.sale_line_ids
        invoice = (
            self.invoice_id
            or invoices.filtered(lambda inv: inv.invoice_line_ids.sale_line_ids & lines).sorted(
                "id"
            )[-1:]
        )
        self.invoice_id = invoice
        self._case_link_note(refund, invoice)
        return True

    def _case_create_refund(self, order, quantities):
        """The credit note of ``quantities`` (``{order line: quantity}``), built as
        ``sale.order._create_invoices`` builds an invoice (order header, lines in the order's
        sequence), but for this ticket's quantities only, not every returned quantity of the
        order. ``_create_invoices(final=True)`` makes a negative invoice and switches it to a
        credit note (positive quantities, tax data reversed): it is created so directly. Sudo:
        the caller checked the ticket's access, agents have no Invoicing role."""
        self.ensure_one()
        if order.partner_invoice_id.lang:
            order = order.with_context(lang=order.partner_invoice_id.lang)
        order = order.with_company(order.company_id).sudo()
        values = order._prepare_invoice()
        values.update(move_type="out_refund", ref=self._case_note_reason_text())
        Tax = self.env["account.tax"]
        lines = order.order_line.filtered(lambda line: line in quantities)
        values["invoice_line_ids"] += [
            Command.create(
                line._prepare_invoice_line(
                    sequence=sequence,
                    quantity=quantities[line],
                    extra_tax_data=Tax._reverse_quantity_base_line_extra_tax_data(
                        line.extra_tax_data
                    ),
                )
            )
            for sequence, line in enumerate(lines)
        ]
        refund = (
            self.env["account.move"]
            .sudo()
            .with_company(order.company_id)
            .with_context(default_move_type="out_refund")
            .create(values)
        )
        order.invoice_ids._set_reversed_entry(refund)
        refund.message_post_with_source(
            "mail.message_origin_link",
            render_values={"self": refund, "origin": order},
            subtype_xmlid="mail.mt_note",
        )
        return refund
