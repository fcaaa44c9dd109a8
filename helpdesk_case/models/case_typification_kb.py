from odoo import fields, models


class CaseTypification(models.Model):
    """Knowledge-base categories whose articles answer the tickets of a typification."""

    _inherit = "case.typification"

    kb_category_ids = fields.Many2many(
        "case.kb.category",
        relation="case_typification_kb_category_rel",
        column1="typification_id",
        column2="category_id",
        string="Knowledge Base Categories",
        help="Their published articles are suggested on the tickets of this type, besides the "
        "articles linked to it.",
    )
