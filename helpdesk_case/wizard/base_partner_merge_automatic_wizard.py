from odoo import _, models
from odoo.exceptions import UserError


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    """Merging contacts re-points ``sponsor_id`` in SQL: keep the network paths right."""

    _inherit = "base.partner.merge.automatic.wizard"

    def _merge(self, partner_ids, dst_partner=None, extra_checks=True):
        partners = self.env["res.partner"].browse(partner_ids).exists()
        destination = dst_partner or self._get_ordered_partner(partners.ids)[-1:]
        for source in partners - destination:
            if (
                source.sponsor_path
                and destination.sponsor_path
                and destination.sponsor_path.startswith(source.sponsor_path)
            ):
                raise UserError(
                    _(
                        "%(source)s cannot be merged into %(destination)s, who is in their "
                        "downline: the consultant network would loop.",
                        source=source.display_name,
                        destination=destination.display_name,
                    )
                )
        result = super()._merge(partner_ids, dst_partner=dst_partner, extra_checks=extra_checks)
        self.env.cr.execute(
            "UPDATE res_partner SET sponsor_id = NULL WHERE id = %s AND sponsor_id = id",
            [destination.id],
        )
        self.env["res.partner"]._sponsor_path_rebuild()
        self.env["res.partner"].invalidate_model(["sponsor_id", "sponsor_path", "downline_count"])
        return result
