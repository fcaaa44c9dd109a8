from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

RETURN_REASON = "helpdesk_case_account.note_reason_product_returned"


class CaseTicket(models.Model):
    _inherit = "case.ticket"

    refund_due = fields.Boolean(
        compute="_compute_refund_due",
        help="A return marked to refund was received and its order has quantities to refund.",
        groups="base.group_user",
    )

    @api.depends("stage_id", "credit_note_ids.state")
    def _compute_refund_due(self):
        for ticket in self:
            ticket.refund_due = (
                ticket.workflow_code == "return"
                and not ticket.is_closed
                and not ticket.has_draft_note
                and bool(ticket._case_refund_lines())
            )

    def _case_received_return_moves(self):
        """Moves of the ticket's validated returns (sudo: warehouse documents)."""
        self.ensure_one()
        returns = self.sudo().picking_ids.filtered(
            lambda p: p.picking_type_code == "incoming" and p.state == "done"
        )
        return returns.move_ids.filtered(lambda m: m.state == "done")

    def _case_order_lines_to_invoice(self, sign):
        """Lines of the ticket's order whose quantity to invoice has ``sign`` (-1: returned
        quantities to refund, 1: still to invoice)."""
        self.ensure_one()
        precision = self.env["decimal.precision"].precision_get("Product Unit")
        return self.sudo().sale_order_id.order_line.filtered(
            lambda line: not line.display_type
            and float_compare(line.qty_to_invoice, 0.0, precision_digits=precision) == sign
        )

    def _case_refund_lines(self):
        """Order lines to refund, once a return marked “to refund” (Odoo's return wizard) came
        back: the return lowered their delivered quantity below the invoiced one."""
        self.ensure_one()
        if not self._case_received_return_moves().filtered("to_refund"):
            return self.env["sale.order.line"]
        return self._case_order_lines_to_invoice(-1)

    def _case_return_awaits_refund(self):
        return (
            super()._case_return_awaits_refund()
            or self.has_draft_note
            or bool(self._case_refund_lines())
        )

    def _case_check_note_decision(self):
        """The refund of a return is decided on the open return ticket, by the same team."""
        returns = self.filtered(lambda t: t.workflow_code == "return")
        returns._check_workflow_action("return")
        return super(CaseTicket, self - returns)._case_check_note_decision()

    def action_create_refund(self):
        """The refund credit note of the received return, the Odoo way: the order invoices its
        returned quantities (``final``: negative quantities make a credit note). It is decided
        like any note of the ticket: *Accept Note* posts it, *Reject Note* cancels it."""
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
        lines = self._case_refund_lines()
        if not lines:
            raise UserError(
                _(
                    "Order %s has no returned quantity left to refund: it was refunded already, "
                    "or its products are invoiced on ordered quantities.",
                    order.name,
                )
            )
        if self._case_order_lines_to_invoice(1):
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
        refund = order._create_invoices(final=True)
        refund.ref = self._case_note_reason_text()
        invoice = (
            self.invoice_id
            or invoices.filtered(lambda inv: inv.invoice_line_ids.sale_line_ids & lines).sorted(
                "id"
            )[-1:]
        )
        self.invoice_id = invoice
        self._case_link_note(refund, invoice)
        return True
