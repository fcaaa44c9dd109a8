"""The knowledge base through Odoo's generic endpoints, as a customer and as a visitor.

Articles are readable by portal users and anonymous visitors (their record rules), so Odoo's
``call_kw``, ``/web/content`` and the chatter routes reach them too: only published portal or
public articles come out, never an internal or draft one, its files, its revisions, who wrote
or reviewed it, nor the votes, searches and deflections behind the reports.
"""

import json

from odoo.tests import tagged
from odoo.tools import mute_logger

from .test_security_portal import SecurityHttpCommon

SECRET = "secreto-kb"


@tagged("post_install", "-at_install")
class TestKbThroughGenericEndpoints(SecurityHttpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.kb_category = cls.env["case.kb.category"].create({"name": "KB RPC"})

        def article(key, visibility="public", state="published"):
            article = cls.env["case.kb.article"].create(
                {
                    "name": f"Articulo {key}",
                    "body": f"<p>cuerpo {key}</p>",
                    "visibility": visibility,
                    "state": state,
                    "category_id": cls.kb_category.id,
                }
            )
            attachment = cls.env["ir.attachment"].create(
                {
                    "name": f"archivo_{key}.pdf",
                    "raw": f"contenido {key}".encode(),
                    "res_model": "case.kb.article",
                    "res_id": article.id,
                }
            )
            article.attachment_ids = [(4, attachment.id)]
            return article, attachment

        cls.a_public, cls.f_public = article("publico")
        cls.a_portal, cls.f_portal = article("portal", visibility="portal")
        cls.a_internal, cls.f_internal = article(f"interno {SECRET}", visibility="internal")
        cls.a_draft, cls.f_draft = article(f"borrador {SECRET}", state="draft")
        cls.a_archived, cls.f_archived = article(f"archivado {SECRET}", state="archived")
        cls.hidden = cls.a_internal | cls.a_draft | cls.a_archived
        # a revision, a note, a vote, a search and a deflection behind the public article
        cls.a_public.write({"body": f"<p>cuerpo publico</p><p>antes {SECRET}</p>"})
        cls.a_public.write({"body": "<p>cuerpo publico</p>"})
        cls.a_public.message_post(body=f"nota interna {SECRET}", subtype_xmlid="mail.mt_note")
        cls.a_public._kb_vote("visitor:abc", True)
        cls.env["case.kb.search.log"].create({"query": f"busqueda {SECRET}", "origin": "public"})
        cls.env["case.kb.deflection"].create(
            {"article_id": cls.a_public.id, "visitor_key": "abc", "origin": "public"}
        )
        cls.env["case.kb.article.revision"].flush_model()

    READERS = ((None, "public"), ("case_cust_a", "portal"))
    REPORT_MODELS = (
        "case.kb.article.revision",
        "case.kb.vote",
        "case.kb.search.log",
        "case.kb.deflection",
        "case.kb.revision.compare",
    )

    def assertRefused(self, answer):
        """An RPC refusal (an anonymous visitor has no session for ``call_kw``), no secret."""
        self.assertIn("error", answer, f"expected a refusal, got {str(answer)[:300]}")
        self.assertRegex(answer["error"]["data"]["name"], "AccessError|SessionExpired")
        self.assertNotIn(SECRET, json.dumps(answer["error"]["message"]))

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_rule", "odoo.models")
    def test_anonymous_visitor_has_no_rpc(self):
        self.authenticate(None, None)
        for model, method, args in (
            ("case.kb.article", "search_read", [[]]),
            ("case.kb.article", "read", [self.hidden.ids, ["name", "body"]]),
            ("case.kb.article", "search_articles", ["cuerpo"]),
            *((model, "search_read", [[]]) for model in self.REPORT_MODELS),
        ):
            with self.subTest(model=model, method=method):
                self.assertRefused(self.call_kw(model, method, args))

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_rule", "odoo.models")
    def test_portal_user_reads_published_portal_and_public_articles_only(self):
        self.authenticate("case_cust_a", "case_cust_a")
        readable = self.a_public | self.a_portal
        answer = self.call_kw(
            "case.kb.article",
            "search_read",
            [[("id", "in", (readable | self.hidden).ids)]],
            {"fields": ["name", "body", "visibility", "state", "attachment_ids"]},
        )
        self.assertNotIn("error", answer, answer.get("error"))
        self.assertEqual({row["id"] for row in answer["result"]}, set(readable.ids))
        self.assertNotIn(SECRET, json.dumps(answer["result"]))
        # the files are listed through the article's page only, not its field
        self.assertEqual({tuple(row["attachment_ids"]) for row in answer["result"]}, {()})
        for article in self.hidden:
            with self.subTest(article=article.name):
                answer = self.call_kw("case.kb.article", "read", [article.ids, ["name"]])
                self.assertRefused(answer)
        # the search method and the back office's full-text filter keep the rules
        answer = self.call_kw(
            "case.kb.article",
            "search_read",
            [[("full_text", "ilike", "cuerpo")]],
            {"fields": ["name"]},
        )
        self.assertEqual({row["id"] for row in answer["result"]}, set(readable.ids))
        answer = self.call_kw("case.kb.article", "search_articles", ["cuerpo"])
        self.assertEqual(set(answer["result"]), set(readable.ids))

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_rule", "odoo.models")
    def test_portal_user_reads_no_team_field_nor_report_model(self):
        self.authenticate("case_cust_a", "case_cust_a")
        for name in ("author_id", "reviewer_id", "review_date", "revision_ids", "vote_ids"):
            with self.subTest(field=name):
                answer = self.call_kw("case.kb.article", "read", [self.a_public.ids, [name]])
                self.assertRefused(answer)
                answer = self.call_kw(
                    "case.kb.article",
                    "search_read",
                    [[("id", "=", self.a_public.id)]],
                    {"fields": [name]},
                )
                self.assertRefused(answer)
        for model in self.REPORT_MODELS:
            with self.subTest(model=model):
                answer = self.call_kw(model, "search_read", [[]], {"fields": []})
                self.assertRefused(answer)
        # no ACL on ir.attachment for customers: nothing, or a refusal
        for domain in ([], [("res_model", "=", "case.kb.article")]):
            answer = self.call_kw("ir.attachment", "search_read", [domain], {"fields": ["name"]})
            self.assertFalse(answer.get("result"), domain)
            self.assertNotIn("archivo_", json.dumps(answer))
        # no internal note nor tracking of an article through mail.message
        answer = self.call_kw(
            "mail.message",
            "search_read",
            [[("model", "=", "case.kb.article")]],
            {"fields": ["body", "res_id"]},
        )
        self.assertNotIn(SECRET, json.dumps(answer))

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_rule", "odoo.models")
    def test_web_content_serves_no_article_file_nor_field(self):
        files = self.f_public | self.f_portal | self.f_internal | self.f_draft | self.f_archived
        for login, _level in self.READERS:
            self.authenticate(login, login)
            for attachment in files:
                with self.subTest(login=login, file=attachment.name):
                    for url in (
                        f"/web/content/{attachment.id}?download=true",
                        f"/web/content/ir.attachment/{attachment.id}/raw",
                        f"/web/content/ir.attachment/{attachment.id}/datas",
                    ):
                        response = self.url_open(url)
                        self.assertIn(response.status_code, (403, 404), url)
                        self.assertNotIn(b"contenido", response.content)
            for article in self.a_public | self.hidden:
                for field in ("body", "name", "attachment_ids"):
                    with self.subTest(login=login, article=article.name, field=field):
                        url = f"/web/content/case.kb.article/{article.id}/{field}"
                        response = self.url_open(url)
                        self.assertIn(response.status_code, (400, 403, 404), url)
                        self.assertNotIn(b"cuerpo", response.content)
                        self.assertNotIn(SECRET.encode(), response.content)

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_rule", "odoo.models")
    def test_chatter_routes_give_nothing_away(self):
        for login, _level in self.READERS:
            self.authenticate(login, login)
            for article in self.a_public | self.hidden:
                params = {"thread_model": "case.kb.article", "thread_id": article.id}
                with self.subTest(login=login, article=article.name):
                    answer = self.jsonrpc("/mail/thread/messages", params)
                    self.assertNotIn(SECRET, json.dumps(answer))
                    for request_list in (
                        ["display_name"],
                        ["attachments"],
                        ["followers"],
                        ["activities"],
                        ["suggestedRecipients", "scheduledMessages"],
                    ):
                        fetch = {**params, "request_list": request_list}
                        answer = self.jsonrpc(
                            "/mail/data", {"fetch_params": [["mail.thread", fetch]]}
                        )
                        text = json.dumps(answer)
                        self.assertNotIn(SECRET, text)
                        self.assertNotIn("archivo_", text)
                        for follower in self.a_public.message_partner_ids:
                            self.assertNotIn(follower.email or follower.name, text)
