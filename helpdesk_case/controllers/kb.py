import uuid

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request

from ..models.case_kb_article import PORTAL_VISIBILITIES
from .support import CaseSupportForm

# The anonymous visitor's (or signed-in user's) key, kept in the session: votes and deflection.
VISITOR_SESSION_KEY = "case_kb_visitor"
SEARCH_LIMIT = 20
SUGGESTION_LIMIT = 5
SUGGESTION_TEXT_LIMIT = 1000
RELATED_LIMIT = 5
PORTAL_DOMAIN = [("visibility", "in", PORTAL_VISIBILITIES)]


def _visitor_key(create=True):
    key = request.session.get(VISITOR_SESSION_KEY)
    if not key and create:
        key = request.session[VISITOR_SESSION_KEY] = uuid.uuid4().hex
    return key


def _voter_key():
    user = request.env.user
    return f"visitor:{_visitor_key()}" if user._is_public() else f"user:{user.id}"


class CaseKnowledgeBase(CaseSupportForm):
    """Knowledge-base pages for customers and visitors, and suggestions on the case forms.

    Only published portal and public articles ever show here, read as the visitor (the record
    rules decide the rest). It extends the case forms to count deflection: a suggestion opened
    and no case sent by the visitor within the deflection window.
    """

    def _kb_articles(self):
        return request.env["case.kb.article"]

    def _kb_page_article(self, article_id):
        article = self._kb_articles().browse(article_id).exists()
        if (
            not article
            or not article.has_access("read")
            or article.state != "published"
            or article.visibility not in PORTAL_VISIBILITIES
        ):
            raise NotFound()
        return article

    @http.route(
        ["/support/kb", "/support/kb/category/<int:category_id>"],
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
    )
    def kb_index(self, category_id=None, search=None, **kwargs):
        Article = self._kb_articles()
        base_domain = [("state", "=", "published"), *PORTAL_DOMAIN]
        tree = self._kb_category_tree(base_domain)
        category = request.env["case.kb.category"]
        if category_id:
            # an archived category (or one inside an archived one) is not found
            category = next((node[0] for node in tree if node[0].id == category_id), category)
            if not category:
                raise NotFound()
        search = (search or "").strip()
        if search:
            articles = Article.search_articles(
                search, limit=SEARCH_LIMIT, category=category or None, domain=PORTAL_DOMAIN
            )
            request.env["case.kb.search.log"].sudo().create(
                {
                    "query": search[:200],
                    "result_count": len(articles),
                    "origin": "public" if request.env.user._is_public() else "portal",
                }
            )
        else:
            domain = list(base_domain)
            if category:
                domain.append(("category_id", "child_of", category.id))
            articles = Article.search(domain, limit=SEARCH_LIMIT, order="view_count desc, id desc")
        values = {
            "categories": [node for node in tree if node[2] or node[0] == category],
            "visible_categories": {node[0] for node in tree},
            "category": category,
            "articles": articles,
            "search": search,
        }
        return request.render("helpdesk_case.kb_index", values)

    def _kb_category_tree(self, article_domain):
        """[(category, depth, count)] of the active categories, each followed by its
        subcategories; a count includes the subcategories' articles, as the category page's
        ``child_of`` lists them. Inside an archived category nothing shows."""
        groups = self._kb_articles()._read_group(
            [*article_domain, ("category_id", "!=", False)], ["category_id"], ["__count"]
        )
        categories = request.env["case.kb.category"].search([])
        children = {}
        for category in categories:
            children.setdefault(category.parent_id, []).append(category)
        tree = []

        def walk(parent, depth):
            for category in children.get(parent, ()):
                count = sum(
                    n for cat, n in groups if cat.parent_path.startswith(category.parent_path)
                )
                tree.append((category, depth, count))
                walk(category, depth + 1)

        walk(request.env["case.kb.category"], 0)
        return tree

    def _kb_category_visible(self, category):
        """Whether ``category`` and the categories above it are active (not archived)."""
        if not category:
            return False
        path_ids = [int(part) for part in category.parent_path.split("/") if part]
        return request.env["case.kb.category"].search_count([("id", "in", path_ids)]) == len(
            path_ids
        )

    @http.route(
        ["/support/kb/<int:article_id>"], type="http", auth="public", methods=["GET"], website=True
    )
    def kb_article(self, article_id, **kwargs):
        article = self._kb_page_article(article_id)
        article._kb_increment("view_count")
        vote = (
            request.env["case.kb.vote"]
            .sudo()
            .search([("article_id", "=", article.id), ("voter_key", "=", _voter_key())], limit=1)
        )
        values = {
            "article": article,
            "category_visible": self._kb_category_visible(article.category_id),
            "attachments": self._kb_article_attachments(article),
            "related": article._kb_related(limit=RELATED_LIMIT, domain=PORTAL_DOMAIN),
            "vote": vote,
            "voted": kwargs.get("voted"),
        }
        return request.render("helpdesk_case.kb_article", values)

    def _kb_article_attachments(self, article):
        # sudo: customers and visitors read no ir.attachment; these are the files of an article
        # they may read (checked by the caller), listed and served through our route only
        return article.sudo().attachment_ids.sorted("name")

    @http.route(
        ["/support/kb/<int:article_id>/attachment/<int:attachment_id>"],
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
    )
    def kb_attachment(self, article_id, attachment_id, **kwargs):
        """A file of an article the visitor may read; any other file id is not found."""
        article = self._kb_page_article(article_id)
        return self._case_file_download(self._kb_article_attachments(article), attachment_id)

    @http.route(
        ["/support/kb/<int:article_id>/vote"],
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def kb_vote(self, article_id, helpful=None, **kwargs):
        article = self._kb_page_article(article_id)
        article._kb_vote(_voter_key(), helpful == "1")
        return request.redirect(f"/support/kb/{article.id}?voted=1")

    # ------------------------------------------------------------------ suggestions

    @http.route(["/support/kb/suggest"], type="jsonrpc", auth="public", website=True)
    def kb_suggest(self, text="", typification_id=None, **kwargs):
        """The articles that may answer the case being typed, before it is sent."""
        typification = request.env["case.typification"]
        if typification_id:
            try:
                typification = typification.sudo().browse(int(typification_id)).exists()
            except (TypeError, ValueError):
                typification = typification.browse()
        articles = self._kb_articles().search_articles(
            (text or "")[:SUGGESTION_TEXT_LIMIT],
            limit=SUGGESTION_LIMIT,
            typifications=typification.filtered("portal_visible"),
            any_word=True,
            domain=PORTAL_DOMAIN,
        )
        return [
            {"id": a.id, "name": a.name, "url": a.portal_url, "snippet": a.snippet or ""}
            for a in articles
        ]

    @http.route(
        ["/support/kb/<int:article_id>/opened"], type="jsonrpc", auth="public", website=True
    )
    def kb_suggestion_opened(self, article_id, origin="public", **kwargs):
        """A suggestion was opened from a case form: "opened" until a case is sent or the
        deflection window passes; opening it again adds nothing."""
        article = self._kb_page_article(article_id)
        request.env["case.kb.deflection"].sudo()._kb_opened(
            article, _visitor_key(), "portal" if origin == "portal" else "public"
        )
        return True

    def _kb_mark_submitted(self):
        key = _visitor_key(create=False)
        if key:
            request.env["case.kb.deflection"].sudo()._kb_mark_submitted(key)

    def _case_create(self, vals, uploads):
        ticket_sudo = super()._case_create(vals, uploads)
        self._kb_mark_submitted()
        return ticket_sudo

    def _support_create(self, checked):
        ticket_sudo = super()._support_create(checked)
        self._kb_mark_submitted()
        return ticket_sudo
