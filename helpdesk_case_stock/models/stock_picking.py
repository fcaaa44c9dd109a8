from odoo import fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    case_ticket_id = fields.Many2one(
        "case.ticket", string="Ticket", index="btree_not_null", copy=False, readonly=True
    )

    def _action_done(self):
        res = super()._action_done()
        # sudo: the warehouse moves the ticket on, whatever its helpdesk rights
        self.sudo().case_ticket_id._case_pickings_done()
        return res
