from odoo import _, models
from odoo.addons.helpdesk_case.models.res_partner import CASE_360_LINES
from odoo.fields import Domain

RETURN_DONE_STATES = ("done", "cancel")


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _case_360_section_orders(self):
        """The orders section also tells how the confirmed orders are being delivered."""
        section = super()._case_360_section_orders()
        Order = self.env["sale.order"]
        counts = dict(
            Order._read_group(
                [*self._case_360_orders_domain(), ("state", "=", "sale")],
                ["delivery_status"],
                ["__count"],
            )
        )
        labels = {
            "pending": _("To deliver"),
            "started": _("Delivery started"),
            "partial": _("Partially delivered"),
            "full": _("Delivered"),
        }
        section["figures"] += [
            (label, counts[key]) for key, label in labels.items() if counts.get(key)
        ]
        return section

    def _case_360_sections(self):
        sections = super()._case_360_sections()
        if self.env["stock.picking"].has_access("read"):
            sections.append(self._case_360_section_returns())
        return sections

    def _case_360_returns_domain(self):
        """The customer's returns: receipts that return one of their deliveries."""
        return (
            self._case_360_partner_domain()
            & Domain("return_id", "!=", False)
            & Domain("picking_type_code", "=", "incoming")
        )

    def _case_360_section_returns(self):
        Picking = self.env["stock.picking"]
        domain = self._case_360_returns_domain()
        counts = {"open": 0, "done": 0, "cancel": 0}
        for state, count in Picking._read_group(domain, ["state"], ["__count"]):
            counts[state if state in RETURN_DONE_STATES else "open"] += count
        figures = [(_("To receive"), counts["open"]), (_("Received"), counts["done"])]
        if counts["cancel"]:
            figures.append((_("Cancelled"), counts["cancel"]))
        returns = Picking.search(domain, limit=CASE_360_LINES, order="id desc")
        return {
            "key": "returns",
            "title": _("Returns"),
            "figures": figures if any(counts.values()) else [],
            "records": returns,
            "detail_field": "state",
            "action": self._case_360_list_action(
                "stock.picking", _("Returns of %s", self.display_name), domain, {"create": False}
            ),
            "empty": _("No returns."),
        }
