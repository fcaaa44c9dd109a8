from odoo import _, models


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
