import html
import logging

import psycopg2
from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, html_sanitize

_logger = logging.getLogger(__name__)

VISIBILITIES = [
    ("internal", "Internal"),
    ("portal", "Portal"),
    ("public", "Public"),
]
# Who reads what (the record rules say the same): portal users and anonymous visitors.
PORTAL_VISIBILITIES = ("portal", "public")

# Text search configuration, and the immutable function that folds accents before stemming.
TS_CONFIG = "spanish"
FOLD_FUNCTION = "helpdesk_case_kb_fold"
# unaccent() folds every accent; the Spanish stemmer then needs the accent of "-ción"/"-sión"
# back, otherwise "facturacion" and "facturaciones" would not share their stem.
FOLD_UNACCENT = r"""
CREATE OR REPLACE FUNCTION helpdesk_case_kb_fold(value text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT regexp_replace(
        lower(public.unaccent('public.unaccent'::regdictionary, coalesce(value, ''))),
        '([cs])ion(\M)', '\1ión', 'g')
$$"""
# Without the extension: the accents of Spanish (and of its neighbours) folded by translate().
FOLD_TRANSLATE = r"""
CREATE OR REPLACE FUNCTION helpdesk_case_kb_fold(value text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT regexp_replace(
        translate(lower(coalesce(value, '')),
                  'áéíóúüàèìòùâêîôûäëïöñçÁÉÍÓÚÜÀÈÌÒÙÂÊÎÔÛÄËÏÖÑÇ',
                  'aeiouuaeiouaeiouaeioncaeiouuaeiouaeiouaeionc'),
        '([cs])ion(\M)', '\1ión', 'g')
$$"""
PLAIN_BODY = "regexp_replace(coalesce(body, ''), '<[^>]*>', ' ', 'g')"
SEARCH_VECTOR = f"""
    setweight(to_tsvector('{TS_CONFIG}'::regconfig, {FOLD_FUNCTION}(name)), 'A')
    || setweight(to_tsvector('{TS_CONFIG}'::regconfig, {FOLD_FUNCTION}({PLAIN_BODY})), 'B')
"""
# ts_headline marks matches with these; the text is escaped, then they become <mark>.
MARK_START, MARK_STOP = "\x02", "\x03"
SNIPPET_OPTIONS = (
    f"StartSel={MARK_START}, StopSel={MARK_STOP}, MaxWords=35, MinWords=15, MaxFragments=2, "
    'FragmentDelimiter=" … "'
)
# Articles of the ticket's typification rank above those found by their text only.
TYPIFICATION_BOOST = 1.0
# Articles the back office's full-text filter may return.
FULL_TEXT_LIMIT = 200
# Fields whose change is a new revision.
REVISION_FIELDS = ("name", "body")
# Fields only supervisors and admins change: publication and review.
PUBLISHER_FIELDS = frozenset({"reviewer_id", "review_date"})


class CaseKbArticle(models.Model):
    """Knowledge-base article: what agents answer with and customers read before asking."""

    _name = "case.kb.article"
    _description = "Knowledge Base Article"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "sequence, id desc"

    name = fields.Char(string="Title", required=True, tracking=True)
    body = fields.Html()
    sequence = fields.Integer(default=10)
    category_id = fields.Many2one("case.kb.category", index=True, tracking=True)
    tag_ids = fields.Many2many("case.tag", string="Tags")
    typification_ids = fields.Many2many(
        "case.typification", string="Typifications", help="Suggested on tickets of these types."
    )
    visibility = fields.Selection(VISIBILITIES, required=True, default="internal", tracking=True)
    state = fields.Selection(
        [("draft", "Draft"), ("published", "Published"), ("archived", "Archived")],
        required=True,
        default="draft",
        tracking=True,
        index=True,
    )
    # who wrote and reviewed an article is the team's business, not the readers'
    author_id = fields.Many2one(
        "res.users",
        string="Author",
        default=lambda self: self.env.user,
        tracking=True,
        groups="base.group_user",
    )
    reviewer_id = fields.Many2one(
        "res.users", string="Last Reviewer", readonly=True, tracking=True, groups="base.group_user"
    )
    review_date = fields.Datetime(string="Reviewed on", readonly=True, groups="base.group_user")
    attachment_ids = fields.Many2many("ir.attachment", string="Attachments")
    revision_ids = fields.One2many("case.kb.article.revision", "article_id", string="Revisions")
    revision_count = fields.Integer(compute="_compute_revision_count")

    # usage and helpfulness, for the reports
    view_count = fields.Integer(string="Views", readonly=True, copy=False, default=0)
    use_count = fields.Integer(
        string="Uses",
        readonly=True,
        copy=False,
        default=0,
        help="Sent to a customer from a ticket.",
    )
    vote_ids = fields.One2many("case.kb.vote", "article_id", string="Votes")
    helpful_count = fields.Integer(compute="_compute_votes", store=True, string="Helpful")
    unhelpful_count = fields.Integer(compute="_compute_votes", store=True, string="Not Helpful")
    helpfulness = fields.Float(
        string="Helpfulness (%)", compute="_compute_votes", store=True, aggregator="avg"
    )
    snippet = fields.Html(
        compute="_compute_snippet", sanitize=False, help="Where the last search found it."
    )
    portal_url = fields.Char(compute="_compute_portal_url")
    full_text = fields.Char(
        string="Full Text",
        compute="_compute_full_text",
        search="_search_full_text",
        help="Published articles found by the knowledge-base search (stemming, no accents).",
    )

    def init(self):
        """The accent-folding function, the stored search vector and its GIN index."""
        cr = self.env.cr
        has_unaccent = self._kb_unaccent_available()
        cr.execute(FOLD_UNACCENT if has_unaccent else FOLD_TRANSLATE)
        cr.execute(
            f"""ALTER TABLE case_kb_article ADD COLUMN IF NOT EXISTS search_vector tsvector
                GENERATED ALWAYS AS ({SEARCH_VECTOR}) STORED"""
        )
        cr.execute(
            "CREATE INDEX IF NOT EXISTS case_kb_article_search_vector_idx "
            "ON case_kb_article USING gin (search_vector)"
        )

    def _kb_unaccent_available(self):
        """Whether ``unaccent`` is installed, creating it when the database role may."""
        cr = self.env.cr
        cr.execute("SELECT 1 FROM pg_extension WHERE extname = 'unaccent'")
        if cr.fetchone():
            return True
        try:
            with cr.savepoint(flush=False):
                cr.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        except psycopg2.Error as error:
            _logger.warning(
                "Knowledge base: the database role may not create the extension unaccent "
                "(%s); accents are folded with translate() instead: results stay correct "
                "for Spanish, other alphabets keep their accents. Run CREATE EXTENSION "
                "unaccent as a superuser, then update the module, to use it.",
                str(error).strip(),
            )
            return False
        _logger.info("Knowledge base: created the PostgreSQL extension unaccent.")
        return True

    # ------------------------------------------------------------------ computes

    @api.depends("revision_ids")
    def _compute_revision_count(self):
        for article in self:
            article.revision_count = len(article.revision_ids)

    @api.depends("vote_ids.helpful")
    def _compute_votes(self):
        for article in self:
            helpful = len(article.vote_ids.filtered("helpful"))
            total = len(article.vote_ids)
            article.helpful_count = helpful
            article.unhelpful_count = total - helpful
            article.helpfulness = 100.0 * helpful / total if total else 0.0

    @api.depends_context("kb_snippets")
    def _compute_snippet(self):
        snippets = dict(self.env.context.get("kb_snippets") or ())
        for article in self:
            article.snippet = snippets.get(article.id, False)

    def _compute_full_text(self):
        self.full_text = False

    def _search_full_text(self, operator, value):
        """The back office's search box, through ``search_articles``; misses are logged once
        (the list, its counters and its groups evaluate the same domain)."""
        if operator not in ("ilike", "=") or not isinstance(value, str):
            return NotImplemented
        articles = self.search_articles(value, limit=FULL_TEXT_LIMIT)
        if not articles:
            self.env["case.kb.search.log"]._kb_log_backend_miss(value)
        return [("id", "in", articles.ids)]

    def _compute_portal_url(self):
        for article in self:
            article.portal_url = f"/support/kb/{article.id}"

    # ------------------------------------------------------------------ CRUD and revisions

    def _is_publisher(self):
        return self.env.su or self.env.user.has_group("helpdesk_case.group_case_supervisor")

    def _kb_check_publisher_vals(self, vals):
        """Agents propose drafts: publication and review are for supervisors and admins."""
        if vals.get("state", "draft") != "draft" or PUBLISHER_FIELDS.intersection(vals):
            raise AccessError(self.env._("Only supervisors publish, archive or review articles."))

    @api.model_create_multi
    def create(self, vals_list):
        if not self._is_publisher():
            for vals in vals_list:
                self._kb_check_publisher_vals(vals)
        articles = super().create(vals_list)
        if any(vals.get("attachment_ids") for vals in vals_list):
            # as mail.message does: only files the user may read (published, they are public)
            articles.attachment_ids.check_access("read")
        articles._kb_save_revision()
        return articles

    def write(self, vals):
        if not self._is_publisher():
            self._kb_check_publisher_vals(vals)
        changed = self
        if any(field in vals for field in REVISION_FIELDS):
            changed = self.filtered(
                lambda a: any(
                    field in vals and (a[field] or "") != (vals[field] or "")
                    for field in REVISION_FIELDS
                )
            )
        result = super().write(vals)
        if vals.get("attachment_ids"):
            self.attachment_ids.check_access("read")
        if any(field in vals for field in REVISION_FIELDS) and changed:
            changed._kb_save_revision()
        return result

    def _kb_save_revision(self):
        # sudo: revisions are history, written by whoever may change the article
        self.env["case.kb.article.revision"].sudo().create(
            [
                {"article_id": article.id, "name": article.name, "body": article.body}
                for article in self
            ]
        )

    # ------------------------------------------------------------------ actions

    def action_publish(self):
        self.write(
            {
                "state": "published",
                "reviewer_id": self.env.user.id,
                "review_date": fields.Datetime.now(),
            }
        )

    def action_archive_article(self):
        self.write({"state": "archived"})

    def action_reset_draft(self):
        self.write({"state": "draft"})

    def action_view_revisions(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Revisions"),
            "res_model": "case.kb.article.revision",
            "view_mode": "list,form",
            "domain": [("article_id", "=", self.id)],
        }

    def action_kb_send(self):
        """Open the full composer on ``kb_ticket_id`` (context), prefilled with this article.

        ``kb_send_mode``: ``link`` (portal and public articles) or ``text``. Nothing is posted
        here: the agent edits the reply and sends it; the click counts as a use.
        """
        self.ensure_one()
        ticket = self.env["case.ticket"].browse(self.env.context.get("kb_ticket_id")).exists()
        if not ticket:
            raise UserError(self.env._("Open the ticket to send it an article."))
        ticket.check_access("write")
        self.check_access("read")
        if self.env.context.get("kb_send_mode") == "link":
            if self.visibility not in PORTAL_VISIBILITIES:
                raise UserError(
                    self.env._(
                        "“%s” is an internal article: the customer cannot open its link. "
                        "Send its text instead.",
                        self.name,
                    )
                )
            url = f"{ticket.get_base_url()}{self.portal_url}"
            body = Markup("<p>%s</p><p><a href='%s'>%s</a></p>") % (
                self.env._("This article answers your question:"),
                url,
                self.name,
            )
        else:
            body = Markup("<p><b>%s</b></p>%s") % (self.name, html_sanitize(self.body or ""))
        self._kb_increment("use_count")
        return ticket._kb_reply_composer(body)

    def _kb_increment(self, field):
        """Add one to a usage counter, whoever reads (no write access, no revision)."""
        assert field in ("use_count", "view_count")
        if self:
            self.env.execute_query(
                SQL(
                    "UPDATE case_kb_article SET %s = COALESCE(%s, 0) + 1 WHERE id IN %s",
                    SQL.identifier(field),
                    SQL.identifier(field),
                    tuple(self.ids),
                )
            )
            self.invalidate_recordset([field])

    def _kb_vote(self, voter_key, helpful):
        """Record the voter's answer to "was this helpful?"; a second answer replaces the first."""
        self.ensure_one()
        Vote = self.env["case.kb.vote"].sudo()
        vote = Vote.search([("article_id", "=", self.id), ("voter_key", "=", voter_key)])
        if vote:
            vote.helpful = helpful
        else:
            user = self.env.user
            Vote.create(
                {
                    "article_id": self.id,
                    "voter_key": voter_key,
                    "user_id": False if user._is_public() else user.id,
                    "helpful": helpful,
                }
            )

    # ------------------------------------------------------------------ search

    @api.model
    def search_articles(
        self, query, limit=10, typifications=None, category=None, any_word=None, domain=None
    ):
        """The published articles matching ``query`` that the current user may read, best first.

        Full text over title (weighted higher) and body, Spanish stemming, accents folded.
        The records carry their highlighted ``snippet``.

        :param typifications: articles linked to these typifications, or in their knowledge-base
            categories, are found by them too and rank first (ticket suggestions)
        :param category: only this category and its subcategories
        :param any_word: match any word instead of all of them; ``None``: all, then any when
            nothing matches all
        :param domain: restricts further (the portal pages: portal and public articles only)
        """
        text = (query or "").strip()[:500]
        typification_ids = tuple(typifications.ids) if typifications else ()
        if not text and not typification_ids:
            return self.browse()
        args = (text, limit, typification_ids, category, domain)
        rows = self._kb_search_rows(*args, any_word=bool(any_word))
        if not rows and any_word is None and len(text.split()) > 1:
            rows = self._kb_search_rows(*args, any_word=True)
        snippets = {}
        for article_id, snippet in rows:
            if snippet:
                snippets[article_id] = Markup(
                    escape(html.unescape(" ".join(snippet.split())))
                    .replace(MARK_START, Markup("<mark>"))
                    .replace(MARK_STOP, Markup("</mark>"))
                )
        return self.with_context(kb_snippets=tuple(snippets.items())).browse(
            [row[0] for row in rows]
        )

    def _kb_search_rows(self, text, limit, typification_ids, category, domain, any_word=False):
        """[(id, snippet)] best first; one query, record rules applied by ``_search``.

        The text matches and the typifications' articles come from two subqueries, each
        keeping its best ``limit`` rows, merged and ranked again: a single "text OR linked"
        condition could not use the GIN index and ranked every published article.
        """
        domain = [("state", "=", "published"), *(domain or [])]
        if category:
            domain.append(("category_id", "child_of", category.id))
        # the stored vector follows title and body: pending edits first
        self.flush_model(["name", "body", "category_id", "typification_ids"])
        if typification_ids:
            self.env["case.typification"].flush_model(["kb_category_ids"])
        tsquery = SQL("plainto_tsquery(%s::regconfig, helpdesk_case_kb_fold(%s))", TS_CONFIG, text)
        if any_word:
            tsquery = SQL("replace(%s::text, '&', '|')::tsquery", tsquery)

        def best(condition, boost=0):
            """``(SELECT id, rank ...)`` of the best ``limit`` readable articles matching."""
            query = self._search(domain)
            vector = SQL.identifier(query.table, "search_vector")
            article_id = SQL.identifier(query.table, "id")
            rank = SQL("(ts_rank(%s, %s) + %s)", vector, tsquery, boost)
            query.add_where(condition(vector, article_id))
            query.order = SQL("%s DESC, %s DESC", rank, article_id)
            query.limit = limit
            return SQL("(%s)", query.select(article_id, SQL("%s AS rank", rank)))

        parts = []
        if text:
            parts.append(best(lambda vector, article_id: SQL("%s @@ %s", vector, tsquery)))
        if typification_ids:
            # linked to the typifications or in their knowledge-base categories (both indexed)
            linked = SQL(
                """IN (SELECT r.case_kb_article_id FROM case_kb_article_case_typification_rel r
                        WHERE r.case_typification_id IN %(ids)s
                       UNION
                       SELECT c.id FROM case_kb_article c
                        WHERE c.category_id IN (
                              SELECT k.category_id FROM case_typification_kb_category_rel k
                               WHERE k.typification_id IN %(ids)s))""",
                ids=typification_ids,
            )
            parts.append(
                best(
                    lambda vector, article_id: SQL("%s %s", article_id, linked), TYPIFICATION_BOOST
                )
            )
        # an article found both ways keeps its boosted rank; the headline is computed for the
        # page of results only
        return self.env.execute_query(
            SQL(
                """SELECT a.id, ts_headline(%s::regconfig, %s, %s, %s)
                     FROM (SELECT found.id, max(found.rank) AS rank
                             FROM (%s) AS found
                         GROUP BY found.id
                         ORDER BY rank DESC, found.id DESC
                            LIMIT %s) AS found
                     JOIN case_kb_article a ON a.id = found.id
                 ORDER BY found.rank DESC, found.id DESC""",
                TS_CONFIG,
                SQL(PLAIN_BODY.replace("body", "a.body")),
                tsquery,
                SNIPPET_OPTIONS,
                SQL(" UNION ALL ").join(parts),
                limit,
            )
        )

    def _kb_related(self, limit=5, domain=None):
        """Published articles the user may read, sharing this one's category or typifications;
        ``domain`` restricts them before the limit (the help center: portal and public)."""
        self.ensure_one()
        domain = [("state", "=", "published"), ("id", "!=", self.id), *(domain or [])]
        # sudo: customers read no typification; only their ids are used
        typification_ids = self.sudo().typification_ids.ids
        if self.category_id and typification_ids:
            domain += [
                "|",
                ("category_id", "=", self.category_id.id),
                ("typification_ids", "in", typification_ids),
            ]
        elif self.category_id:
            domain.append(("category_id", "=", self.category_id.id))
        elif typification_ids:
            domain.append(("typification_ids", "in", typification_ids))
        else:
            return self.browse()
        return self.search(domain, limit=limit, order="helpfulness desc, view_count desc, id desc")
