import difflib

from markupsafe import Markup, escape

from odoo import fields, models
from odoo.tools import html2plaintext


def kb_revision_diff(old_name, old_body, new_name, new_body):
    """The lines of title and text the new version removed (red) and added (green)."""
    old = [old_name or "", *html2plaintext(old_body or "").splitlines()]
    new = [new_name or "", *html2plaintext(new_body or "").splitlines()]
    lines = []
    for line in difflib.ndiff(old, new):
        tag, text = line[:1], line[2:]
        if tag == "-":
            lines.append(Markup('<div class="text-danger">− %s</div>') % text)
        elif tag == "+":
            lines.append(Markup('<div class="text-success">+ %s</div>') % text)
        elif tag == " ":
            lines.append(Markup("<div>%s</div>") % escape(text))
    return Markup("").join(lines)


class CaseKbArticleRevision(models.Model):
    """One stored version of an article's title and body; any may be compared and restored."""

    _name = "case.kb.article.revision"
    _description = "Knowledge Base Article Revision"
    _order = "article_id, id desc"

    article_id = fields.Many2one("case.kb.article", required=True, index=True, ondelete="cascade")
    name = fields.Char(string="Title", required=True)
    body = fields.Html(sanitize=False)
    author_id = fields.Many2one("res.users", default=lambda self: self.env.user, readonly=True)
    diff = fields.Html(
        string="Changes since this revision",
        compute="_compute_diff",
        sanitize=False,
        help="What the current version changed compared with this one (lines removed in red, "
        "added in green).",
    )

    def _compute_diff(self):
        for revision in self:
            article = revision.article_id
            revision.diff = kb_revision_diff(
                revision.name, revision.body, article.name, article.body
            )

    def action_compare(self):
        """Compare this revision with another one, or with the current version."""
        self.ensure_one()
        return self.env["case.kb.revision.compare"]._kb_open(self)

    def action_restore(self):
        """Make this revision the article's current version (a new revision records it)."""
        self.ensure_one()
        self.article_id.write({"name": self.name, "body": self.body})
        self.article_id.message_post(
            body=self.env._("Restored the revision of %(date)s.", date=self.create_date),
            subtype_xmlid="mail.mt_note",
        )
        return True
