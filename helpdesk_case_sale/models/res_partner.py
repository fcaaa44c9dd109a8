from odoo import _, models
from odoo.addons.helpdesk_case.models.res_partner import CASE_360_LINES
from odoo.fields import Domain
from odoo.tools import format_amount

ORDER_STATES_OPEN = ("draft", "sent")


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _case_360_search_domain(self, term):
        domain = super()._case_360_search_domain(term)
        if not self.env["sale.order"].has_access("read"):
            return domain
        return domain | Domain("sale_order_ids", "any", [("name", "=ilike", term)])

    def _case_360_sections(self):
        sections = super()._case_360_sections()
        if self.env["sale.order"].has_access("read"):
            sections.append(self._case_360_section_orders())
        return sections

    def _case_360_partner_domain(self, field="partner_id"):
        """Domain of the documents whose ``field`` is this contact, or for a company, any of
        its contacts (orders, returns: a bridge's section lists them so)."""
        path = f"{field}.commercial_partner_id" if self.is_company else field
        return Domain(path, "=", self.id)

    def _case_360_list_action(self, model, name, domain, context=None):
        """The window action of a section listing all its documents (the lines show a few)."""
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": list(Domain(domain)),
            "context": context or {},
        }

    def _case_360_orders_domain(self):
        return list(self._case_360_partner_domain())

    def _case_360_section_orders(self):
        Order = self.env["sale.order"]
        domain = self._case_360_orders_domain()
        figures = []
        counts = {"open": 0, "sale": 0, "cancel": 0}
        totals = {}
        for state, currency, count, total in Order._read_group(
            domain, ["state", "currency_id"], ["__count", "amount_total:sum"]
        ):
            key = "open" if state in ORDER_STATES_OPEN else state
            counts[key] = counts.get(key, 0) + count
            if state == "sale":
                totals[currency] = totals.get(currency, 0.0) + total
        figures.append((_("Quotations"), counts["open"]))
        figures.append((_("Confirmed"), counts["sale"]))
        if counts["cancel"]:
            figures.append((_("Cancelled"), counts["cancel"]))
        for currency, total in totals.items():
            figures.append((_("Ordered"), format_amount(self.env, total, currency)))
        orders = Order.search(domain, limit=CASE_360_LINES, order="date_order desc, id desc")
        return {
            "key": "orders",
            "title": _("Orders"),
            "figures": figures if any(counts.values()) else [],
            "records": orders,
            "detail_field": "state",
            "action": self._case_360_list_action(
                "sale.order",
                _("Orders of %s", self.display_name),
                domain,
                {"default_partner_id": self.id},
            ),
            "empty": _("No orders."),
        }
