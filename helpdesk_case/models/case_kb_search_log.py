from odoo import fields, models


class CaseKbSearchLog(models.Model):
    """A search made in the knowledge base and how many articles it found."""

    _name = "case.kb.search.log"
    _description = "Knowledge Base Search"
    _order = "id desc"

    query = fields.Char(required=True, index=True)
    result_count = fields.Integer(string="Results")
    origin = fields.Selection(
        [("backend", "Back office"), ("portal", "Portal"), ("public", "Public pages")],
        default="backend",
    )
    user_id = fields.Many2one("res.users", default=lambda self: self.env.user)
