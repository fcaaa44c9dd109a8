from odoo import api, fields, models


class CaseBackorderWizard(models.TransientModel):
    _name = "case.backorder.wizard"
    _description = "Replacement Quotation of a Backorder Ticket"

    ticket_id = fields.Many2one("case.ticket", required=True, ondelete="cascade")
    sale_order_id = fields.Many2one(related="ticket_id.sale_order_id")
    price_mode = fields.Selection(
        [("free", "Free of charge"), ("original", "Original prices")],
        string="Prices",
        required=True,
        default="free",
    )
    line_ids = fields.One2many(
        "case.backorder.wizard.line",
        "wizard_id",
        string="Products",
        compute="_compute_line_ids",
        store=True,
        readonly=False,
    )

    @api.depends("ticket_id")
    def _compute_line_ids(self):
        for wizard in self:
            ticket = wizard.ticket_id
            lines = ticket.sale_line_ids or ticket.sale_order_id.order_line
            wizard.line_ids = [
                fields.Command.clear(),
                *(
                    fields.Command.create(
                        {"sale_line_id": line.id, "quantity": line.product_uom_qty}
                    )
                    for line in lines
                    if not line.display_type and line.product_id
                ),
            ]

    def action_confirm(self):
        self.ensure_one()
        backorder = self.ticket_id._create_backorder(
            [(line.sale_line_id, line.quantity) for line in self.line_ids],
            original_price=self.price_mode == "original",
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "res_id": backorder.id,
            "view_mode": "form",
        }


class CaseBackorderWizardLine(models.TransientModel):
    _name = "case.backorder.wizard.line"
    _description = "Product of a Replacement Quotation"

    wizard_id = fields.Many2one("case.backorder.wizard", required=True, ondelete="cascade")
    sale_line_id = fields.Many2one("sale.order.line", string="Order Line", required=True)
    product_id = fields.Many2one(related="sale_line_id.product_id")
    ordered_qty = fields.Float(related="sale_line_id.product_uom_qty", string="Ordered")
    quantity = fields.Float(digits="Product Unit")
