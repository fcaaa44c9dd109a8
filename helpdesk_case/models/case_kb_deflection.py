from odoo import api, fields, models


class CaseKbDeflection(models.Model):
    """A suggestion opened from a case form; "deflected" while no case was sent afterwards."""

    _name = "case.kb.deflection"
    _description = "Knowledge Base Deflection"
    _order = "id desc"

    article_id = fields.Many2one("case.kb.article", required=True, index=True, ondelete="cascade")
    visitor_key = fields.Char(required=True, index=True)
    origin = fields.Selection([("portal", "Portal form"), ("public", "Public form")], required=True)
    submitted = fields.Boolean(string="Case Sent Anyway", default=False)
    deflection_rate = fields.Float(
        string="Deflection (%)", compute="_compute_deflection_rate", store=True, aggregator="avg"
    )

    @api.depends("submitted")
    def _compute_deflection_rate(self):
        for record in self:
            record.deflection_rate = 0.0 if record.submitted else 100.0

    @api.model
    def _kb_deflection_rate(self):
        """Share (in %) of opened suggestions after which no case was sent."""
        total = self.search_count([])
        return 100.0 * self.search_count([("submitted", "=", False)]) / total if total else 0.0
