from odoo import _, api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import format_amount

CASE_GROUP = "helpdesk_case.group_case_service"
# the credit release is the company's business: never read by the customer (portal, call_kw)
RELEASE_GROUP = "base.group_user"
# written only by the release action of a supervisor (see action_release_order)
RELEASE_FIELDS = (
    "case_release_ticket_id",
    "case_released_by_id",
    "case_release_date",
    "case_release_amount",
)


class SaleOrder(models.Model):
    _inherit = "sale.order"

    case_ticket_ids = fields.One2many(
        "case.ticket", "sale_order_id", string="Tickets", groups=CASE_GROUP
    )
    case_ticket_count = fields.Integer(compute="_compute_case_ticket_count", groups=CASE_GROUP)
    case_ticket_origin_id = fields.Many2one(
        "case.ticket",
        string="Replacement for Ticket",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The backorder ticket this replacement quotation was made for.",
    )
    case_release_ticket_id = fields.Many2one(
        "case.ticket",
        string="Released by Ticket",
        readonly=True,
        copy=False,
        tracking=True,
        help="The order-release ticket that lets this order be confirmed over the customer's "
        "credit limit.",
        groups=RELEASE_GROUP,
    )
    case_released_by_id = fields.Many2one(
        "res.users", "Released By", readonly=True, copy=False, groups=RELEASE_GROUP
    )
    case_release_date = fields.Datetime(
        "Released On", readonly=True, copy=False, groups=RELEASE_GROUP
    )
    case_release_amount = fields.Monetary(
        "Released Amount",
        readonly=True,
        copy=False,
        help="The order's total when it was released: a bigger total needs a new release.",
        groups=RELEASE_GROUP,
    )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_release_fields(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._check_release_fields([vals])
        return super().write(vals)

    def _check_release_fields(self, vals_list):
        """Only the release action (as superuser, after its supervisor check) sets a release:
        a salesman writing it on their own order would lift the credit block."""
        if self.env.su:
            return
        if any(field in vals for vals in vals_list for field in RELEASE_FIELDS):
            raise AccessError(
                _(
                    "Only a supervisor releases an order over the credit limit, from an "
                    "order-release ticket."
                )
            )

    @api.depends("case_ticket_ids")
    @api.depends_context("uid", "allowed_company_ids")  # counted under the user's rules
    def _compute_case_ticket_count(self):
        counts = dict(
            self.env["case.ticket"]._read_group(
                [("sale_order_id", "in", self.ids)], ["sale_order_id"], ["__count"]
            )
        )
        for order in self:
            order.case_ticket_count = counts.get(order._origin, 0)

    def action_open_case_tickets(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Tickets of %s", self.name),
            "res_model": "case.ticket",
            "view_mode": "list,form",
            "domain": [("sale_order_id", "=", self.id)],
            "context": {"default_sale_order_id": self.id, "default_partner_id": self.partner_id.id},
        }

    def action_create_case_ticket(self):
        """Open a new ticket about this order, prefilled as the "order" intake channel."""
        self.ensure_one()
        values = self.env["case.ticket"]._prepare_intake_values(
            "order",
            partner=self.partner_id,
            name=_("Order %s", self.name),
            sale_order_id=self.id,
        )
        return {
            "type": "ir.actions.act_window",
            "name": _("New Ticket"),
            "res_model": "case.ticket",
            "view_mode": "form",
            "target": "current",
            "context": {f"default_{field}": value for field, value in values.items()},
        }

    # ------------------------------------------------------------ credit block

    def _case_credit_excess(self):
        """How much confirming this order takes its customer over their credit limit (0 if
        within it or without a limit), in the company's currency."""
        self.ensure_one()
        # sudo: the limit and the balance are the accountants' fields; the salesman only learns
        # whether the order fits
        partner = self.partner_invoice_id.commercial_partner_id.sudo().with_company(self.company_id)
        limit = partner.credit_limit
        if not limit or limit <= 0:
            return 0.0
        amount = self.amount_total / (self.currency_rate or 1.0)
        excess = partner.credit + partner.credit_to_invoice + amount - limit
        return max(excess, 0.0)

    def _case_release_state(self):
        """``"valid"`` when a supervisor's release covers the order as it is now, ``"exceeded"``
        when the order grew past the released amount, else ``False`` (also when the ticket was
        moved back to work: the release is taken back)."""
        self.ensure_one()
        # sudo: the salesman confirming may not read the release ticket
        order = self.sudo()
        ticket = order.case_release_ticket_id
        if (
            not ticket
            or not order.case_released_by_id
            or ticket.workflow_id.code != "release"
            or ticket.sale_order_id != order
            # released, and not taken back since (closing the ticket keeps the release)
            or not (
                ticket.is_closed
                or ticket.stage_id == self.env.ref("helpdesk_case_sale.stage_order_released")
            )
        ):
            return False
        if order.currency_id.compare_amounts(order.amount_total, order.case_release_amount) > 0:
            return "exceeded"
        return "valid"

    def _confirmation_error_message(self):
        message = super()._confirmation_error_message()
        if message or not self.company_id.case_block_over_credit:
            return message
        release = self._case_release_state()
        if release == "valid":
            return message
        excess = self._case_credit_excess()
        if excess > 0 and release == "exceeded":
            return _(
                "Order %(order)s was released for %(released)s but its total is now %(total)s, "
                "over %(customer)s's credit limit: ask a supervisor for a new release.",
                order=self.name,
                released=format_amount(self.env, self.case_release_amount, self.currency_id),
                total=format_amount(self.env, self.amount_total, self.currency_id),
                customer=self.partner_invoice_id.commercial_partner_id.name,
            )
        if excess > 0:
            return _(
                "Order %(order)s takes %(customer)s %(excess)s over their credit limit: open an "
                "order-release ticket and ask a supervisor to release it.",
                order=self.name,
                customer=self.partner_invoice_id.commercial_partner_id.name,
                excess=format_amount(self.env, excess, self.company_id.currency_id),
            )
        return message
