from odoo import api, fields, models
from odoo.tools import html2plaintext

KB_SUGGESTION_LIMIT = 5
KB_SUGGESTION_TEXT_LIMIT = 1000


class CaseTicket(models.Model):
    """Knowledge-base suggestions on the ticket form."""

    _inherit = "case.ticket"

    kb_suggestion_ids = fields.Many2many(
        "case.kb.article",
        string="Suggested Articles",
        compute="_compute_kb_suggestion_ids",
        help="Published articles of this ticket's typification and about its subject and "
        "description, best first.",
        groups="base.group_user",
    )

    @api.depends("name", "description", "typification_id")
    @api.depends_context("uid")  # only the articles the user may read
    def _compute_kb_suggestion_ids(self):
        Article = self.env["case.kb.article"]
        for ticket in self:
            ticket.kb_suggestion_ids = Article.search_articles(
                ticket._kb_suggestion_text(),
                limit=KB_SUGGESTION_LIMIT,
                typifications=ticket.typification_id,
                any_word=True,
            )

    def _kb_suggestion_text(self):
        self.ensure_one()
        description = html2plaintext(self.description or "") if self.description else ""
        return f"{self.name or ''} {description}"[:KB_SUGGESTION_TEXT_LIMIT]
