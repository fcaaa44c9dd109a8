from odoo import fields, models


class CaseKbVote(models.Model):
    """ "Was this helpful?": one vote per user or anonymous visitor and article."""

    _name = "case.kb.vote"
    _description = "Knowledge Base Vote"

    article_id = fields.Many2one("case.kb.article", required=True, index=True, ondelete="cascade")
    user_id = fields.Many2one("res.users", ondelete="set null")
    voter_key = fields.Char(required=True, help="The user, or the anonymous visitor's session.")
    helpful = fields.Boolean()

    _one_vote = models.UniqueIndex("(article_id, voter_key)")
