from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CaseKbCategory(models.Model):
    """Folder of the knowledge base ("categoría de base de conocimiento"), as a tree."""

    _name = "case.kb.category"
    _description = "Knowledge Base Category"
    _parent_name = "parent_id"
    _parent_store = True
    _rec_name = "complete_name"
    _order = "sequence, complete_name"

    name = fields.Char(required=True, translate=True)
    complete_name = fields.Char(compute="_compute_complete_name", store=True, recursive=True)
    description = fields.Text(translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    parent_id = fields.Many2one("case.kb.category", string="Parent", index=True, ondelete="cascade")
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("case.kb.category", "parent_id", string="Subcategories")
    article_ids = fields.One2many("case.kb.article", "category_id", string="Articles")

    _check_parent = models.Constraint(
        "CHECK (id != parent_id)", "A category cannot be its own parent."
    )

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for category in self:
            if category.parent_id:
                category.complete_name = f"{category.parent_id.complete_name} / {category.name}"
            else:
                category.complete_name = category.name

    @api.constrains("parent_id")
    def _check_category_recursion(self):
        if self._has_cycle():
            raise ValidationError(self.env._("A category cannot contain itself."))
