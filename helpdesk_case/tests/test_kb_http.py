import re
from datetime import timedelta

from odoo import fields, http
from odoo.tests import freeze_time, tagged

from ..models.case_kb_deflection import DEFLECTION_WINDOW
from .common import CasePortalCommon


@tagged("post_install", "-at_install")
class TestKbPages(CasePortalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Article = cls.env["case.kb.article"]
        cls.kb_category = cls.env["case.kb.category"].create({"name": "Ayuda HTTP"})

        def article(name, visibility="public", state="published", **vals):
            return Article.create(
                {
                    "name": name,
                    "body": f"<p>{name}: cómo resolver la facturación del pedido.</p>",
                    "visibility": visibility,
                    "state": state,
                    "category_id": cls.kb_category.id,
                    **vals,
                }
            )

        cls.a_public = article("Articulo publico zafiro", typification_ids=[cls.typ_portal.id])
        cls.a_portal = article("Articulo portal rubi", visibility="portal")
        cls.a_internal = article("Articulo interno onix", visibility="internal")
        cls.a_draft = article("Articulo borrador jade", state="draft")
        Attachment = cls.env["ir.attachment"]

        def attach(article, name):
            attachment = Attachment.create(
                {
                    "name": name,
                    "raw": f"contenido de {name}".encode(),
                    "res_model": "case.kb.article",
                    "res_id": article.id,
                }
            )
            article.attachment_ids = [(4, attachment.id)]
            return attachment

        cls.att_public = attach(cls.a_public, "guia_publica.pdf")
        cls.att_portal = attach(cls.a_portal, "guia_portal.pdf")
        cls.att_internal = attach(cls.a_internal, "guia_interna.pdf")
        cls.att_draft = attach(cls.a_draft, "guia_borrador.pdf")

    def _jsonrpc(self, route, params):
        payload = {"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}
        answer = self.url_open(route, json=payload).json()
        self.assertNotIn("error", answer, answer.get("error"))
        return answer["result"]

    def test_anonymous_pages(self):
        self.authenticate(None, None)
        self.assertEqual(self.url_open(f"/support/kb/{self.a_public.id}").status_code, 200)
        for hidden in (self.a_portal, self.a_internal, self.a_draft):
            response = self.url_open(f"/support/kb/{hidden.id}")
            self.assertEqual(response.status_code, 404, hidden.name)
            self.assertNotIn(hidden.name, response.text)
        page = self.url_open(f"/support/kb/category/{self.kb_category.id}").text
        self.assertIn(self.a_public.name, page)
        for hidden in (self.a_portal, self.a_internal, self.a_draft):
            self.assertNotIn(hidden.name, page)

    def test_portal_pages(self):
        self.authenticate("case_cust_a", "case_cust_a")
        for readable in (self.a_public, self.a_portal):
            self.assertEqual(self.url_open(f"/support/kb/{readable.id}").status_code, 200)
        for hidden in (self.a_internal, self.a_draft):
            self.assertEqual(self.url_open(f"/support/kb/{hidden.id}").status_code, 404)
        page = self.url_open("/support/kb?search=facturacion").text
        self.assertIn(self.a_public.name, page)
        self.assertIn(self.a_portal.name, page)
        self.assertNotIn(self.a_internal.name, page)
        self.assertNotIn(self.a_draft.name, page)
        self.assertIn("<mark>", page)

    def test_internal_articles_never_on_the_pages_even_for_agents(self):
        self.authenticate("admin", "admin")
        self.assertEqual(self.url_open(f"/support/kb/{self.a_internal.id}").status_code, 404)
        page = self.url_open("/support/kb?search=onix").text
        self.assertNotIn(self.a_internal.name, page)

    def test_searches_are_logged(self):
        self.authenticate(None, None)
        Log = self.env["case.kb.search.log"]
        self.url_open("/support/kb?search=zafiro")
        self.url_open("/support/kb?search=qqzzyyxx")
        logs = Log.search([("query", "in", ["zafiro", "qqzzyyxx"])])
        self.assertEqual(
            {(log.query, log.result_count, log.origin) for log in logs},
            {("zafiro", 1, "public"), ("qqzzyyxx", 0, "public")},
        )

    def test_one_vote_per_visitor(self):
        url = f"/support/kb/{self.a_public.id}/vote"
        self.authenticate(None, None)
        self._post(url, {"helpful": "1"})
        response = self._post(url, {"helpful": "0"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("Thank you", response.text)
        self.assertEqual(len(self.a_public.vote_ids), 1, "the same visitor changed their mind")
        self.assertEqual(self.a_public.unhelpful_count, 1)
        self.authenticate(None, None)  # another visitor
        self._post(url, {"helpful": "1"})
        self.authenticate("case_cust_a", "case_cust_a")
        self._post(url, {"helpful": "1"})
        self._post(url, {"helpful": "1"})
        self.assertEqual(len(self.a_public.vote_ids), 3)
        self.assertEqual(self.a_public.helpful_count, 2)
        self.assertEqual(self._post(f"/support/kb/{self.a_internal.id}/vote").status_code, 404)

    def test_suggestions_and_deflection_on_the_public_form(self):
        self.authenticate(None, None)
        form = self.url_open("/support/new").text
        self.assertIn("o_case_kb_suggestions", form)
        found = self._jsonrpc("/support/kb/suggest", {"text": "facturacion zafiro"})
        names = [item["name"] for item in found]
        self.assertEqual(names[0], self.a_public.name)
        self.assertNotIn(self.a_portal.name, names, "portal articles are for portal users")
        self.assertNotIn(self.a_internal.name, names)
        by_type = self._jsonrpc("/support/kb/suggest", {"typification_id": self.typ_portal.id})
        self.assertEqual([item["id"] for item in by_type], [self.a_public.id])

        Deflection = self.env["case.kb.deflection"]
        self._jsonrpc(f"/support/kb/{self.a_public.id}/opened", {"origin": "public"})
        deflection = Deflection.search([("article_id", "=", self.a_public.id)])
        self.assertEqual(len(deflection), 1)
        self.assertEqual(deflection.state, "opened", "neither deflected nor not, yet")
        for _click in range(2):  # the same visitor opens it again: still one row
            self._jsonrpc(f"/support/kb/{self.a_public.id}/opened", {"origin": "public"})
        self.assertEqual(Deflection.search([("article_id", "=", self.a_public.id)]), deflection)
        response = self.url_open(
            "/support/new",
            data={
                "name": "Rosa",
                "email": "rosa.kb@example.org",
                "typification_id": str(self.typ_portal.id),
                "subject": "Sigo sin factura",
                "description": "El artículo no me ayudó",
                "csrf_token": http.Request.csrf_token(self),
            },
            files={"attachments": ("", b"")},
        )
        self.assertTrue(response.url.endswith("/support/thanks"), response.url)
        deflection.invalidate_recordset()
        self.assertEqual(deflection.state, "not_deflected", "the case was sent anyway")
        self.assertEqual(deflection.deflection_rate, 0.0)

        self.authenticate(None, None)  # another visitor reads the answer and leaves
        self._jsonrpc(f"/support/kb/{self.a_public.id}/opened", {"origin": "public"})
        other = Deflection.search([("article_id", "=", self.a_public.id)]) - deflection
        self.assertEqual(other.state, "opened")
        with freeze_time(fields.Datetime.now() + DEFLECTION_WINDOW + timedelta(minutes=1)):
            Deflection._cron_kb_settle_deflections()
        self.assertEqual((other.state, other.deflection_rate), ("deflected", 100.0))
        self.assertEqual(deflection.state, "not_deflected")

    def test_repeated_clicks_count_once(self):
        """Three clicks on a suggestion are one opened suggestion: the rate is not inflated."""
        Deflection = self.env["case.kb.deflection"]
        Deflection.search([]).unlink()
        self.authenticate(None, None)
        self._jsonrpc(f"/support/kb/{self.a_public.id}/opened", {"origin": "public"})
        rate_before = Deflection._kb_deflection_rate()
        for _click in range(2):
            self._jsonrpc(f"/support/kb/{self.a_public.id}/opened", {"origin": "public"})
        opened = Deflection.search([])
        self.assertEqual(len(opened), 1, "three clicks, one row")
        self.assertEqual(Deflection._kb_deflection_rate(), rate_before)
        self.authenticate(None, None)  # another visitor: their own row
        self._jsonrpc(f"/support/kb/{self.a_public.id}/opened", {"origin": "public"})
        self.assertEqual(Deflection.search_count([]), 2)
        with freeze_time(fields.Datetime.now() + DEFLECTION_WINDOW + timedelta(minutes=1)):
            Deflection._cron_kb_settle_deflections()
            self.assertEqual(Deflection._kb_deflection_rate(), 100.0, "two visitors, two deflected")

    def test_deflection_on_the_portal_form(self):
        self.authenticate("case_cust_a", "case_cust_a")
        self.assertIn("o_case_kb_suggestions", self.url_open("/my/cases/new").text)
        found = self._jsonrpc("/support/kb/suggest", {"text": "rubi"})
        self.assertEqual([item["id"] for item in found], [self.a_portal.id])
        self._jsonrpc(f"/support/kb/{self.a_portal.id}/opened", {"origin": "portal"})
        deflection = self.env["case.kb.deflection"].search([("article_id", "=", self.a_portal.id)])
        self.assertEqual((deflection.origin, deflection.state), ("portal", "opened"))
        payload = {"jsonrpc": "2.0", "method": "call", "id": 1, "params": {"origin": "portal"}}
        answer = self.url_open(f"/support/kb/{self.a_internal.id}/opened", json=payload).json()
        self.assertIn("error", answer, "an internal article is no suggestion")
        response = self._post(
            "/my/cases/new",
            {
                "typification_id": str(self.typ_portal.id),
                "subject": "No encuentro la factura",
                "description": "",
            },
            files={"attachments": ("", b"")},
        )
        self.assertIn("/my/cases/", response.url)
        deflection.invalidate_recordset()
        self.assertEqual(deflection.state, "not_deflected")

    def test_article_page_related_and_views(self):
        self.authenticate("case_cust_a", "case_cust_a")
        page = self.url_open(f"/support/kb/{self.a_public.id}").text
        self.assertIn("o_case_kb_related", page)
        self.assertIn(self.a_portal.name, page, "same category")
        self.assertNotIn(self.a_internal.name, page)
        self.a_public.invalidate_recordset()
        self.assertEqual(self.a_public.view_count, 1)

    def test_related_articles_for_agents_are_five_portal_ones(self):
        """Internal articles ranked first do not take places in the help center's list."""
        category = self.env["case.kb.category"].create({"name": "Relacionados"})
        Article = self.env["case.kb.article"]

        def article(name, visibility):
            return Article.create(
                {
                    "name": name,
                    "body": "<p>Relacionado</p>",
                    "visibility": visibility,
                    "state": "published",
                    "category_id": category.id,
                }
            )

        page_article = article("Pagina relacionada", "public")
        shown = [article(f"Relacionado visible {i}", ("public", "portal")[i % 2]) for i in range(6)]
        internal = [article(f"Relacionado interno {i}", "internal") for i in range(3)]
        self.authenticate("admin", "admin")
        page = self.url_open(f"/support/kb/{page_article.id}").text
        related = page[page.index("o_case_kb_related") :]
        related = related[: related.index("</ul>")]
        self.assertEqual(related.count("<li"), 5, "five related, none taken by internal ones")
        for hidden in internal:
            self.assertNotIn(hidden.name, page)
        self.assertIn(shown[-1].name, related, "the newest first")

    def _category_counts(self, page):
        """{category id: count} of the help center's category navigation."""
        return {
            int(category_id): int(count)
            for category_id, count in re.findall(
                r'data-category-id="(\d+)".*?o_case_kb_category_count">(\d+)<', page, re.S
            )
        }

    def test_category_tree_counts_subcategories_and_hides_archived(self):
        Category = self.env["case.kb.category"]
        parent = Category.create({"name": "Arbol padre"})
        child = Category.create({"name": "Arbol hijo", "parent_id": parent.id})
        grandchild = Category.create({"name": "Arbol nieto", "parent_id": child.id})
        archived = Category.create({"name": "Arbol archivado", "parent_id": parent.id})
        inside_archived = Category.create({"name": "Arbol escondido", "parent_id": archived.id})
        Article = self.env["case.kb.article"]
        for category, names in (
            (parent, ["Arbol uno"]),
            (child, ["Arbol dos", "Arbol tres"]),
            (grandchild, ["Arbol cuatro"]),
            (inside_archived, ["Arbol cinco"]),
        ):
            for name in names:
                Article.create(
                    {
                        "name": name,
                        "body": "<p>arbol</p>",
                        "visibility": "public",
                        "state": "published",
                        "category_id": category.id,
                    }
                )
        Article.create(
            {
                "name": "Arbol interno",
                "visibility": "internal",
                "state": "published",
                "category_id": grandchild.id,
            }
        )
        archived.action_archive()
        self.authenticate(None, None)
        page = self.url_open("/support/kb").text
        counts = self._category_counts(page)
        # each count is what the category's page lists (child_of: its subcategories too)
        for category in (parent, child, grandchild):
            listed = self.url_open(f"/support/kb/category/{category.id}").text
            self.assertEqual(counts[category.id], listed.count("o_case_kb_result"), category.name)
        self.assertEqual((counts[child.id], counts[grandchild.id]), (3, 1))
        self.assertEqual(counts[parent.id], 5, "its own, its subcategories', the archived one's")
        self.assertLess(page.index("Arbol padre"), page.index("Arbol hijo"))
        self.assertLess(page.index("Arbol hijo"), page.index("Arbol nieto"), "a tree")
        self.assertNotIn(archived.id, counts)
        self.assertNotIn(inside_archived.id, counts, "inside an archived category")
        self.assertNotIn("Arbol archivado", page)
        for hidden in (archived, inside_archived):
            response = self.url_open(f"/support/kb/category/{hidden.id}")
            self.assertEqual(response.status_code, 404, hidden.name)
        hidden_article = Article.search([("name", "=", "Arbol cinco")])
        article_page = self.url_open(f"/support/kb/{hidden_article.id}")
        self.assertEqual(article_page.status_code, 200, "the article itself stays readable")
        self.assertNotIn("Arbol archivado", article_page.text, "no breadcrumb to a hidden category")
        article_page = self.url_open(
            f"/support/kb/{Article.search([('name', '=', 'Arbol dos')]).id}"
        )
        self.assertIn(f"/support/kb/category/{child.id}", article_page.text)

    def _attachment_url(self, article, attachment):
        return f"/support/kb/{article.id}/attachment/{attachment.id}"

    def test_anonymous_downloads_the_files_of_public_articles_only(self):
        self.authenticate(None, None)
        page = self.url_open(f"/support/kb/{self.a_public.id}").text
        self.assertIn("o_case_kb_attachments", page)
        self.assertIn(self._attachment_url(self.a_public, self.att_public), page)
        response = self.url_open(self._attachment_url(self.a_public, self.att_public))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, b"contenido de guia_publica.pdf")
        self.assertIn("attachment", response.headers["Content-Disposition"])
        for article, attachment in (
            (self.a_portal, self.att_portal),  # portal users only
            (self.a_internal, self.att_internal),
            (self.a_draft, self.att_draft),
            (self.a_public, self.att_portal),  # another article's file
            (self.a_public, self.attachment_a),  # a ticket's file
        ):
            response = self.url_open(self._attachment_url(article, attachment))
            self.assertEqual(response.status_code, 404, attachment.name)
            self.assertNotIn(b"contenido", response.content)

    def test_portal_user_downloads_the_files_of_portal_articles(self):
        self.authenticate("case_cust_a", "case_cust_a")
        page = self.url_open(f"/support/kb/{self.a_portal.id}").text
        self.assertIn(self._attachment_url(self.a_portal, self.att_portal), page)
        for article, attachment in (
            (self.a_portal, self.att_portal),
            (self.a_public, self.att_public),
        ):
            response = self.url_open(self._attachment_url(article, attachment))
            self.assertEqual(response.status_code, 200, attachment.name)
            self.assertEqual(response.content, f"contenido de {attachment.name}".encode())
        for article, attachment in (
            (self.a_internal, self.att_internal),
            (self.a_draft, self.att_draft),
            (self.a_portal, self.att_internal),
            (self.a_portal, self.internal_attachment_a),
        ):
            response = self.url_open(self._attachment_url(article, attachment))
            self.assertEqual(response.status_code, 404, attachment.name)

    def test_generic_content_route_still_refuses_article_files(self):
        """Odoo's /web/content keeps its rule: customers read no attachment of an article."""
        for login in (None, "case_cust_a"):
            self.authenticate(login, login)
            for attachment in (self.att_public, self.att_portal):
                response = self.url_open(f"/web/content/{attachment.id}?download=true")
                self.assertIn(response.status_code, (403, 404), (login, attachment.name))
                self.assertNotIn(b"contenido", response.content)
