from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.case_kb_article_revision import kb_revision_diff


class CaseKbRevisionCompare(models.TransientModel):
    """Two revisions of an article side by side: what the newer one removed and added."""

    _name = "case.kb.revision.compare"
    _description = "Compare Knowledge Base Revisions"

    article_id = fields.Many2one("case.kb.article", required=True, readonly=True)
    old_revision_id = fields.Many2one(
        "case.kb.article.revision",
        string="Revision",
        required=True,
        domain="[('article_id', '=', article_id)]",
    )
    new_revision_id = fields.Many2one(
        "case.kb.article.revision",
        string="Compared with",
        domain="[('article_id', '=', article_id), ('id', '!=', old_revision_id)]",
        help="Empty: the article's current version.",
    )
    diff = fields.Html(string="Changes", compute="_compute_diff", sanitize=False)

    @api.model
    def default_get(self, fields_list):
        """From the revision list: the two selected revisions, the older one first."""
        values = super().default_get(fields_list)
        context = self.env.context
        if context.get("active_model") == "case.kb.article.revision" and context.get("active_ids"):
            revisions = self.env["case.kb.article.revision"].browse(context["active_ids"])
            values.update(self._kb_values(revisions))
        return values

    @api.model
    def _kb_values(self, revisions):
        if len(revisions.article_id) != 1 or len(revisions) > 2:
            raise UserError(
                self.env._("Select one or two revisions of the same article to compare.")
            )
        revisions = revisions.sorted("id")
        return {
            "article_id": revisions.article_id.id,
            "old_revision_id": revisions[0].id,
            "new_revision_id": revisions[1].id if len(revisions) == 2 else False,
        }

    @api.model
    def _kb_open(self, revisions):
        """The comparison of ``revisions`` (one: with the current version) in a dialog."""
        compare = self.create(self._kb_values(revisions))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Compare Revisions"),
            "res_model": self._name,
            "res_id": compare.id,
            "view_mode": "form",
            "views": [[False, "form"]],
            "target": "new",
        }

    @api.depends("old_revision_id", "new_revision_id")
    def _compute_diff(self):
        for compare in self:
            old, new = compare.old_revision_id, compare.new_revision_id
            if not old:
                compare.diff = False
                continue
            target = new or compare.article_id
            compare.diff = kb_revision_diff(old.name, old.body, target.name, target.body)
