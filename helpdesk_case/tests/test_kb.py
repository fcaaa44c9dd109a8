from ast import literal_eval
from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time, new_test_user, tagged, users

from ..models.case_kb_deflection import DEFLECTION_WINDOW
from .common import CaseCommon


class KbCommon(CaseCommon):
    """A small fixed corpus in its own category, with every visibility and state."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(cls.env, login="kb_portal", groups="base.group_portal")
        cls.public_user = cls.env.ref("base.public_user")
        cls.kb_category = cls.env["case.kb.category"].create({"name": "KB tests"})
        cls.kb_sub = cls.env["case.kb.category"].create(
            {"name": "KB sub", "parent_id": cls.kb_category.id}
        )
        Article = cls.env["case.kb.article"]

        def article(name, body, visibility="public", state="published", **vals):
            return Article.create(
                {
                    "name": name,
                    "body": body,
                    "visibility": visibility,
                    "state": state,
                    "category_id": cls.kb_category.id,
                    **vals,
                }
            )

        cls.a_public = article(
            "Errores de timbrado",
            "<p>Cómo corregir la facturación cuando el timbrado de la factura falla.</p>",
        )
        cls.a_portal = article(
            "Devoluciones de pedidos",
            "<p>Política de cambios y devoluciones para clientes del portal.</p>",
            visibility="portal",
            typification_ids=[cls.typ_not_received.id],
        )
        cls.a_internal = article(
            "Procedimiento interno de facturación",
            "<p>Solo agentes: facturación con notas internas.</p>",
            visibility="internal",
        )
        cls.a_draft = article(
            "Borrador de facturación", "<p>facturación en borrador</p>", state="draft"
        )
        cls.a_archived = article(
            "Facturación archivada", "<p>facturación antigua</p>", state="archived"
        )
        cls.a_title = article(
            "Reembolso de envíos", "<p>Cuándo procede y en cuánto tiempo llega.</p>"
        )
        cls.a_body = article(
            "Costos de envío",
            "<p>Los envíos tienen costo; el reembolso no aplica a promociones.</p>",
            category_id=cls.kb_sub.id,
        )

    def _search(self, query, user=None, **kwargs):
        Article = self.env["case.kb.article"]
        if user:
            Article = Article.with_user(user)
        return Article.search_articles(query, category=self.kb_category, **kwargs)


@tagged("post_install", "-at_install")
class TestKbVisibility(KbCommon):
    def _visible(self, user):
        Article = self.env["case.kb.article"].with_user(user)
        return Article.search([("category_id", "child_of", self.kb_category.id)])

    def test_anonymous_reads_published_public_only(self):
        self.assertEqual(
            set(self._visible(self.public_user).ids),
            {self.a_public.id, self.a_title.id, self.a_body.id},
        )
        self.assertEqual(self._search("facturacion", self.public_user), self.a_public)
        with self.assertRaises(AccessError):
            self.a_portal.with_user(self.public_user).read(["name"])

    def test_portal_reads_published_portal_and_public(self):
        visible = self._visible(self.portal_user)
        self.assertIn(self.a_portal, visible)
        self.assertNotIn(self.a_internal, visible)
        self.assertNotIn(self.a_draft, visible)
        self.assertNotIn(self.a_archived, visible)
        self.assertEqual(self._search("facturacion", self.portal_user), self.a_public)
        with self.assertRaises(AccessError):
            self.a_internal.with_user(self.portal_user).read(["name"])
        with self.assertRaises(AccessError):
            self.a_public.with_user(self.portal_user).write({"name": "x"})

    def test_readers_do_not_see_who_wrote_or_reviewed(self):
        for user in (self.public_user, self.portal_user):
            article = self.a_public.with_user(user)
            self.assertEqual(article.read(["name"])[0]["name"], self.a_public.name)
            for field in ("author_id", "reviewer_id", "review_date"):
                with self.subTest(user=user.login, field=field), self.assertRaises(AccessError):
                    article.read([field])
        self.assertTrue(self.a_public.with_user(self.agent).read(["author_id"])[0]["author_id"])

    def test_agent_reads_every_published_article(self):
        visible = self._visible(self.agent)
        self.assertTrue({self.a_public, self.a_portal, self.a_internal} <= set(visible))
        self.assertNotIn(self.a_draft, visible)
        self.assertNotIn(self.a_archived, visible)
        self.assertEqual(
            set(self._search("facturacion", self.agent).ids), {self.a_public.id, self.a_internal.id}
        )

    def test_agent_proposes_drafts_only(self):
        Article = self.env["case.kb.article"].with_user(self.agent)
        draft = Article.create({"name": "Propuesta del agente", "body": "<p>texto</p>"})
        self.assertEqual(draft.state, "draft")
        draft.write({"body": "<p>texto mejorado</p>", "visibility": "portal"})
        self.assertIn(draft, Article.search([("id", "=", draft.id)]), "reads own draft")
        self.assertFalse(
            Article.with_user(self.agent2).search([("id", "=", draft.id)]),
            "another agent does not read it",
        )
        with self.assertRaises(AccessError):
            draft.action_publish()
        with self.assertRaises(AccessError):
            Article.create({"name": "Directo", "state": "published"})
        with self.assertRaises(AccessError):
            self.a_public.with_user(self.agent).write({"name": "Cambiado"})
        with self.assertRaises(AccessError):
            self.a_draft.with_user(self.agent).write({"name": "Ajeno"})

    def test_agent_links_only_files_they_may_read(self):
        Article = self.env["case.kb.article"].with_user(self.agent)
        draft = Article.create({"name": "Con adjunto"})
        hidden_ticket = self.env["case.ticket"].create(
            {"name": "Ajeno", "queue_id": self.queue_n3.id, "partner_id": self.partner.id}
        )
        foreign = self.env["ir.attachment"].create(
            {
                "name": "factura.pdf",
                "raw": b"%PDF",
                "res_model": "case.ticket",
                "res_id": hidden_ticket.id,
            }
        )
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            draft.write({"attachment_ids": [Command.link(foreign.id)]})
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            Article.create({"name": "Otro", "attachment_ids": [Command.set(foreign.ids)]})
        draft.invalidate_recordset()
        self.assertFalse(draft.sudo().attachment_ids)
        own = (
            self.env["ir.attachment"]
            .with_user(self.agent)
            .create(
                {
                    "name": "guia.pdf",
                    "raw": b"%PDF",
                    "res_model": "case.kb.article",
                    "res_id": draft.id,
                }
            )
        )
        draft.write({"attachment_ids": [Command.link(own.id)]})
        self.assertEqual(draft.attachment_ids, own)

    def test_supervisor_publishes(self):
        draft = self.env["case.kb.article"].with_user(self.agent).create({"name": "Para revisar"})
        draft.with_user(self.supervisor).action_publish()
        self.assertEqual(draft.state, "published")
        self.assertEqual(draft.reviewer_id, self.supervisor)
        self.assertTrue(draft.review_date)
        self.a_public.with_user(self.supervisor).write({"name": "Errores de timbrado (revisado)"})


@tagged("post_install", "-at_install")
class TestKbSearch(KbCommon):
    def test_accents_are_folded(self):
        for query in ("facturacion", "facturación", "FACTURACIÓN", "Facturacion"):
            self.assertIn(self.a_public, self._search(query), query)

    def test_stemming_and_plurals(self):
        self.assertIn(self.a_public, self._search("timbrar"), "timbrar finds timbrado")
        self.assertIn(self.a_public, self._search("error"), "singular finds plural")
        self.assertIn(self.a_portal, self._search("devolución"), "singular finds plural")
        self.assertIn(self.a_public, self._search("facturaciones"), "plural finds singular")
        self.assertIn(self.a_public, self._search("facturas"), "plural finds singular")

    def test_ranking_title_before_body(self):
        self.assertEqual(self._search("reembolso").ids, [self.a_title.id, self.a_body.id])
        self.assertEqual(self._search("reembolso", limit=1), self.a_title)

    def test_all_words_then_any(self):
        self.assertEqual(self._search("reembolso promociones"), self.a_body, "all words first")
        found = self._search("reembolso inexistentezz")
        self.assertEqual(found.ids, [self.a_title.id, self.a_body.id], "then any word")
        self.assertFalse(self._search("reembolso inexistentezz", any_word=False))
        self.assertFalse(self._search("zzqqxx"))
        self.assertFalse(self._search(""))

    def test_category_includes_subcategories(self):
        Article = self.env["case.kb.article"]
        self.assertEqual(Article.search_articles("reembolso", category=self.kb_sub), self.a_body)

    def test_snippet_is_highlighted_and_escaped(self):
        self.a_title.body = "<p>Reembolso &lt;script&gt; del envío</p>"
        found = self._search("reembolso")
        snippet = str(found[0].snippet)
        self.assertIn("<mark>", snippet)
        self.assertNotIn("<script>", snippet)
        self.assertIn("&lt;script&gt;", snippet)

    def test_search_vector_follows_edits(self):
        self.a_title.write({"body": "<p>Ahora habla de la paquetería exprés.</p>"})
        self.assertIn(self.a_title, self._search("paqueteria expres"))
        self.assertNotIn(self.a_title, self._search("promociones"))

    def test_unaccent_installed(self):
        self.env.cr.execute("SELECT 1 FROM pg_extension WHERE extname = 'unaccent'")
        self.assertTrue(self.env.cr.fetchone(), "the local role may create extensions")

    def test_fallback_function_folds_accents(self):
        """The translate() fallback, used when the role may not create the extension."""
        from ..models.case_kb_article import FOLD_TRANSLATE

        class Rollback(Exception):
            pass

        cr = self.env.cr
        try:
            with cr.savepoint(flush=False):
                cr.execute(FOLD_TRANSLATE)
                cr.execute(
                    "SELECT helpdesk_case_kb_fold('Facturación NÓMINA pingüino Acción'), "
                    "to_tsvector('spanish', helpdesk_case_kb_fold('facturaciones')) "
                    "@@ plainto_tsquery('spanish', helpdesk_case_kb_fold('facturacion'))"
                )
                folded, match = cr.fetchone()
                raise Rollback  # put the unaccent version back
        except Rollback:
            pass
        self.assertEqual(folded, "facturación nomina pinguino acción")
        self.assertTrue(match)
        cr.execute("SELECT helpdesk_case_kb_fold('Ñandú')")
        self.assertEqual(cr.fetchone()[0], "nandu")

    def test_fallback_when_the_role_may_not_create_extensions(self):
        """A role without the right: a clear warning, then correct results with translate()."""
        from ..models.case_kb_article import FOLD_TRANSLATE

        class Rollback(Exception):
            pass

        cr = self.env.cr
        Article = self.env["case.kb.article"]
        try:
            with cr.savepoint(flush=False):
                cr.execute("DROP EXTENSION unaccent")
                cr.execute("CREATE ROLE helpdesk_case_kb_no_extension NOSUPERUSER")
                cr.execute("SET LOCAL ROLE helpdesk_case_kb_no_extension")
                with self.assertLogs(
                    "odoo.addons.helpdesk_case.models.case_kb_article", "WARNING"
                ) as logs:
                    available = Article._kb_unaccent_available()
                cr.execute("RESET ROLE")
                cr.execute(FOLD_TRANSLATE)
                found = Article.search_articles("FACTURACION", category=self.kb_category)
                raise Rollback
        except Rollback:
            pass
        self.assertFalse(available)
        self.assertIn("may not create the extension unaccent", logs.output[0])
        self.assertIn(self.a_public, found)
        cr.execute("SELECT 1 FROM pg_extension WHERE extname = 'unaccent'")
        self.assertTrue(cr.fetchone(), "rolled back")

    @users("case_agent")
    def test_search_query_count(self):
        Article = self.env["case.kb.article"]
        Article.search_articles("facturacion")  # warm the rule caches
        self.env.invalidate_all()
        # one query: record rules, full text, rank and headlines in one statement
        with self.assertQueryCount(case_agent=1):
            found = Article.search_articles("facturacion", limit=10)
        # a miss on all words retries with any word: one more
        with self.assertQueryCount(case_agent=2):
            Article.search_articles("facturacion zzqqxx", limit=10)
        with self.assertQueryCount(case_agent=1):
            found.mapped("name")


@tagged("post_install", "-at_install")
class TestKbRevisionsVotes(KbCommon):
    def test_revisions_kept_and_restored(self):
        article = self.a_title
        self.assertEqual(len(article.revision_ids), 1)
        article.write({"body": "<p>Versión dos</p>"})
        article.write({"name": "Reembolsos", "body": "<p>Versión tres</p>"})
        article.write({"sequence": 5})  # not a revision
        self.assertEqual(len(article.revision_ids), 3)
        first = article.revision_ids.sorted("id")[0]
        self.assertIn("Cuándo procede", str(first.diff))
        first.with_user(self.supervisor).action_restore()
        self.assertEqual(article.name, "Reembolso de envíos")
        self.assertIn("Cuándo procede", str(article.body))
        self.assertEqual(len(article.revision_ids), 4, "the restore is a revision too")
        self.assertIn(self.a_title, self._search("procede"))

    def test_compare_two_revisions(self):
        article = self.a_title
        article.write({"body": "<p>Versión dos</p>"})
        article.write({"name": "Reembolsos", "body": "<p>Versión tres</p>"})
        first, second, third = article.revision_ids.sorted("id")
        Compare = self.env["case.kb.revision.compare"].with_user(self.agent)
        # two revisions selected in the list, in any order: the older one first
        compare = Compare.with_context(
            active_model="case.kb.article.revision", active_ids=[third.id, second.id]
        ).create({})
        self.assertEqual((compare.old_revision_id, compare.new_revision_id), (second, third))
        diff = str(compare.diff)
        self.assertIn("− Reembolso de envíos", diff)
        self.assertIn("+ Reembolsos", diff)
        self.assertIn("− Versión dos", diff)
        self.assertIn("+ Versión tres", diff)
        self.assertNotIn("Cuándo procede", diff, "the first revision is not compared")
        # another pair in the same dialog
        compare.write({"old_revision_id": first.id, "new_revision_id": second.id})
        self.assertIn("− Cuándo procede", str(compare.diff))
        self.assertIn("+ Versión dos", str(compare.diff))
        self.assertNotIn("Versión tres", str(compare.diff))
        # from a revision's form: with the current version until another one is chosen
        action = first.with_user(self.agent).action_compare()
        compare = Compare.browse(action["res_id"])
        self.assertIn(
            "new_revision_id", Compare.get_views([(False, "form")])["views"]["form"]["arch"]
        )
        self.assertEqual((compare.old_revision_id, compare.new_revision_id.id), (first, False))
        self.assertIn("+ Versión tres", str(compare.diff))
        with self.assertRaisesRegex(UserError, "same article"):
            Compare.with_context(
                active_model="case.kb.article.revision",
                active_ids=[first.id, self.a_public.revision_ids[0].id],
            ).create({})

    def test_title_change_is_tracked(self):
        self.flush_tracking()
        self.a_title.name = "Reembolsos de envíos"
        self.flush_tracking()
        values = self.a_title.message_ids.tracking_value_ids
        self.assertIn("Reembolsos de envíos", values.mapped("new_value_char"))

    def test_one_vote_per_person(self):
        article = self.a_public
        article._kb_vote("user:1", True)
        article._kb_vote("user:1", False)  # changes their mind: still one vote
        self.assertEqual(len(article.vote_ids), 1)
        self.assertEqual((article.helpful_count, article.unhelpful_count), (0, 1))
        article._kb_vote("visitor:abc", True)
        self.assertEqual((article.helpful_count, article.unhelpful_count), (1, 1))
        self.assertEqual(article.helpfulness, 50.0)


@tagged("post_install", "-at_install")
class TestKbRevisionAccess(KbCommon):
    def test_portal_users_read_no_revision(self):
        revision = self.a_public.revision_ids
        self.assertTrue(revision.with_user(self.agent).read(["name"]), "agents read them")
        for user in (self.portal_user, self.public_user):
            Revision = self.env["case.kb.article.revision"].with_user(user)
            with self.assertRaises(AccessError):
                Revision.search([("article_id", "=", self.a_public.id)])
            with self.assertRaises(AccessError):
                revision.with_user(user).read(["body"])
            with self.assertRaises(AccessError):
                self.env["case.kb.revision.compare"].with_user(user).create(
                    {"article_id": self.a_public.id, "old_revision_id": revision.id}
                )

    def test_agent_cannot_restore_a_published_article(self):
        self.a_public.write({"body": "<p>Nueva versión</p>"})
        old = self.a_public.revision_ids.sorted("id")[0]
        with self.assertRaises(AccessError):
            old.with_user(self.agent).action_restore()
        self.assertIn("Nueva versión", str(self.a_public.body))
        # their own draft: yes
        draft = (
            self.env["case.kb.article"]
            .with_user(self.agent)
            .create({"name": "Borrador propio", "body": "<p>uno</p>"})
        )
        draft.write({"body": "<p>dos</p>"})
        draft.revision_ids.sorted("id")[0].action_restore()
        self.assertIn("uno", str(draft.body))

    def test_agent_reads_no_revision_of_another_agents_draft(self):
        draft = (
            self.env["case.kb.article"]
            .with_user(self.agent2)
            .create({"name": "Borrador ajeno", "body": "<p>texto</p>"})
        )
        revisions = draft.sudo().revision_ids
        Revision = self.env["case.kb.article.revision"]
        self.assertEqual(
            Revision.with_user(self.agent2).search([("article_id", "=", draft.id)]), revisions
        )
        self.assertFalse(Revision.with_user(self.agent).search([("article_id", "=", draft.id)]))
        with self.assertRaises(AccessError):
            revisions.with_user(self.agent).read(["body"])
        with self.assertRaises(AccessError):
            revisions.with_user(self.agent).action_compare()
        self.assertTrue(revisions.with_user(self.supervisor).read(["body"]), "supervisors do")

    def test_agents_cannot_create_or_edit_categories(self):
        Category = self.env["case.kb.category"]
        self.assertTrue(self.kb_category.with_user(self.agent).read(["name"]), "they read them")
        with self.assertRaises(AccessError):
            Category.with_user(self.agent).create({"name": "Nueva del agente"})
        with self.assertRaises(AccessError):
            self.kb_category.with_user(self.agent).write({"name": "Renombrada"})
        with self.assertRaises(AccessError):
            self.kb_sub.with_user(self.agent).unlink()
        created = Category.with_user(self.supervisor).create({"name": "Nueva del supervisor"})
        created.write({"name": "Renombrada por el supervisor"})
        self.assertEqual(created.name, "Renombrada por el supervisor")


@tagged("post_install", "-at_install")
class TestKbTicketSuggestions(KbCommon):
    def setUp(self):
        super().setUp()
        self.ticket = self.env["case.ticket"].create(
            {
                "name": "Mi pedido no llegó y quiero el reembolso",
                "typification_id": self.typ_not_received.id,
                "partner_id": self.partner.id,
            }
        )

    def test_typification_first_then_text(self):
        suggestions = self.ticket.kb_suggestion_ids
        self.assertEqual(suggestions[0], self.a_portal, "linked to the typification")
        self.assertEqual(len(suggestions.ids), len(set(suggestions.ids)), "listed once")
        self.assertIn(self.a_title, suggestions)
        self.assertNotIn(self.a_draft, suggestions)

    def test_suggestions_follow_the_current_company(self):
        """Read under the user's rules, which may depend on the companies they work in."""
        other = self.env["res.company"].create({"name": "KB Otra Empresa"})
        self.supervisor.company_ids |= other
        self.env["ir.rule"].create(
            {
                "name": "KB test: a company without the portal article",
                "model_id": self.env["ir.model"]._get_id("case.kb.article"),
                "domain_force": f"[('id', '!=', {self.a_portal.id})] "
                f"if company_id == {other.id} else [(1, '=', 1)]",
            }
        )
        ticket = self.ticket.with_user(self.supervisor)
        self.assertIn(self.a_portal, ticket.kb_suggestion_ids)
        in_other = ticket.with_company(other).kb_suggestion_ids
        self.assertNotIn(self.a_portal, in_other)
        self.assertIn(self.a_portal, ticket.kb_suggestion_ids)

    def test_typification_categories(self):
        """Articles of the typification's knowledge-base categories are suggested too."""
        self.assertNotIn(self.a_public, self.ticket.kb_suggestion_ids)
        self.typ_not_received.kb_category_ids = self.kb_category
        self.ticket.invalidate_recordset(["kb_suggestion_ids"])
        suggestions = self.ticket.kb_suggestion_ids
        self.assertIn(self.a_public, suggestions)
        self.assertNotIn(self.a_body, suggestions[:2], "its subcategory is not linked")

    def test_back_office_full_text_filter(self):
        Article = self.env["case.kb.article"].with_user(self.agent)
        found = Article.search(
            [("full_text", "ilike", "facturacion"), ("category_id", "=", self.kb_category.id)]
        )
        self.assertEqual(set(found.ids), {self.a_public.id, self.a_internal.id})
        Article.search([("full_text", "ilike", "qqzzxxkb")])
        log = self.env["case.kb.search.log"].search([("query", "=", "qqzzxxkb")])
        self.assertEqual((log.origin, log.result_count), ("backend", 0))

    def test_back_office_miss_logged_once_per_search(self):
        """The list, its search panel counters, its groups and its pager are one search."""
        Log = self.env["case.kb.search.log"]
        domain = [("full_text", "ilike", "qqzzxxuna")]
        for user in (self.agent, self.supervisor):
            Article = self.env["case.kb.article"].with_user(user)
            Article.web_search_read(domain, {"name": {}}, limit=80)
            Article.search_panel_select_range("category_id", search_domain=domain)
            Article.formatted_read_group(domain, ["category_id"], ["__count"])
            Article.search_count(domain)
        logs = Log.search([("query", "=", "qqzzxxuna")])
        self.assertEqual(sorted(logs.user_id.ids), sorted((self.agent | self.supervisor).ids))
        self.assertEqual(len(logs), 2, "one row per user")
        self.env["case.kb.article"].with_user(self.agent).search(
            [("full_text", "ilike", "qqzzxxdos")]
        )
        self.assertEqual(Log.search_count([("query", "=", "qqzzxxdos")]), 1, "another search")
        with freeze_time(fields.Datetime.now() + timedelta(minutes=10)):
            self.env["case.kb.article"].with_user(self.agent).search(domain)
        self.assertEqual(
            Log.search_count([("query", "=", "qqzzxxuna"), ("user_id", "=", self.agent.id)]),
            2,
            "searched again later: counted again",
        )

    @users("case_agent")
    def test_suggestion_query_count(self):
        ticket = self.ticket.with_user(self.env.user)
        for _warm in range(2):  # rule and group caches of both models
            ticket.kb_suggestion_ids  # noqa: B018
            self.env.invalidate_all()
        # the ticket's fields, one search (rules, text, typification, rank, headlines) and
        # the articles' fields
        with self.assertQueryCount(case_agent=3):
            ticket.kb_suggestion_ids.mapped("name")

    def _kb_reply_action(self, article, mode, ticket=None):
        ticket = ticket or self.ticket
        return (
            self.env["case.kb.article"]
            .with_user(self.agent)
            .browse(article.id)
            .with_context(kb_ticket_id=ticket.id, kb_send_mode=mode)
            .action_kb_send()
        )

    def _send_composer(self, action):
        """What the composer's Send button does, with the context the action opened it with."""
        Composer = self.env["mail.compose.message"].with_user(self.agent)
        composer = Composer.with_context(**action["context"]).create({})
        composer.action_send_mail()
        return composer

    def test_send_link_opens_the_composer_without_posting(self):
        messages = self.ticket.message_ids
        action = self._kb_reply_action(self.a_portal, "link")
        self.assertEqual(self.ticket.message_ids, messages, "nothing posted on click")
        self.assertEqual(self.a_portal.use_count, 1, "the click counts as a use")
        self.assertEqual((action["res_model"], action["target"]), ("mail.compose.message", "new"))
        context = action["context"]
        self.assertEqual(context["default_composition_mode"], "comment")
        self.assertEqual(
            (context["default_model"], context["default_res_ids"]),
            ("case.ticket", [self.ticket.id]),
        )
        self.assertEqual(context["default_subtype_xmlid"], "mail.mt_comment")
        self.assertIn(self.partner.id, context["default_partner_ids"], "the requester")
        self.assertIn(f"/support/kb/{self.a_portal.id}", context["default_body"])

        composer = self._send_composer(action)
        self.assertIn(f"/support/kb/{self.a_portal.id}", str(composer.body))
        message = self.ticket.message_ids[0]
        self.assertEqual(message.message_type, "comment")
        self.assertEqual(message.subtype_id, self.env.ref("mail.mt_comment"))
        self.assertIn(f"/support/kb/{self.a_portal.id}", str(message.body))
        self.assertIn(self.partner, message.partner_ids)
        self.assertEqual(message.author_id, self.agent.partner_id)
        self.assertEqual(self.a_portal.use_count, 1, "sending is not a second use")

    def test_send_text_is_sanitized_and_editable(self):
        self.a_internal.sudo().write(
            {"body": "<p>Solo agentes: notas internas.</p><script>alert(1)</script>"}
        )
        action = self._kb_reply_action(self.a_internal, "text")
        body = action["context"]["default_body"]
        self.assertIn("notas internas", body)
        self.assertNotIn("<script", body)
        self.assertNotIn("notas internas", str(self.ticket.message_ids.mapped("body")))
        # the agent edits the reply before sending
        action["context"]["default_body"] = f"<p>Hola,</p>{body}"
        self._send_composer(action)
        self.assertIn("Hola,", str(self.ticket.message_ids[0].body))
        self.assertIn("notas internas", str(self.ticket.message_ids[0].body))
        self.assertEqual(self.a_internal.use_count, 1)

    def test_internal_article_link_refused(self):
        with self.assertRaisesRegex(UserError, "internal article"):
            self._kb_reply_action(self.a_internal, "link")
        self.assertEqual(self.a_internal.use_count, 0)

    def test_reply_needs_write_access_to_the_ticket(self):
        other = self.env["case.ticket"].create(
            {"name": "Ajeno", "queue_id": self.queue_n3.id, "partner_id": self.partner.id}
        )
        with self.assertRaises(AccessError):
            self._kb_reply_action(self.a_public, "link", ticket=other)
        self.assertEqual(self.a_public.use_count, 0)

    def _anonymous_ticket(self):
        """A ticket of a requester without an account: a name and an e-mail address."""
        return self.env["case.ticket"].create(
            {
                "name": "Sin cuenta",
                "typification_id": self.typ_not_received.id,
                "partner_name": "Ana Anónima",
                "partner_email": "ana.kb@example.org",
            }
        )

    def test_anonymous_requester_gets_the_reply_by_email(self):
        ticket = self._anonymous_ticket()
        action = self._kb_reply_action(self.a_public, "link", ticket=ticket)
        self.assertEqual(action["context"]["default_partner_ids"], [])
        self._send_composer(action)
        message = ticket.message_ids[0]
        self.assertIn("ana.kb@example.org", message.outgoing_email_to)
        self.assertFalse(
            self.env["res.partner"].search([("email", "=", "ana.kb@example.org")]),
            "no contact created for an anonymous requester",
        )

    def test_note_from_the_article_composer_stays_inside(self):
        ticket = self._anonymous_ticket()
        action = self._kb_reply_action(self.a_public, "link", ticket=ticket)
        action["context"]["default_subtype_xmlid"] = "mail.mt_note"
        self._send_composer(action)
        message = ticket.message_ids[0]
        self.assertTrue(message.subtype_id.internal)
        self.assertFalse(message.outgoing_email_to, "a note is not e-mailed to the requester")
        ticket.with_user(self.agent).with_context(case_kb_reply=True).message_post(
            body="Nota", message_type="notification"
        )
        self.assertFalse(ticket.message_ids[0].outgoing_email_to)


@tagged("post_install", "-at_install")
class TestKbDeflection(KbCommon):
    def setUp(self):
        super().setUp()
        self.Deflection = self.env["case.kb.deflection"]
        self.Deflection.search([]).unlink()

    def _open(self, visitor, origin="public"):
        return self.Deflection.create(
            {"article_id": self.a_public.id, "visitor_key": visitor, "origin": origin}
        )

    def test_opened_then_case_sent_is_not_deflected(self):
        opened = self._open("v1")
        other = self._open("v2")
        self.assertEqual(opened.state, "opened")
        with freeze_time(fields.Datetime.now() + timedelta(minutes=50)):
            self.Deflection._kb_mark_submitted("v1")
        self.assertEqual((opened.state, opened.deflection_rate), ("not_deflected", 0.0))
        self.assertEqual(other.state, "opened", "another visitor's suggestion waits")

    def test_window_passed_without_a_case_is_deflected(self):
        opened = self._open("v1")
        with freeze_time(fields.Datetime.now() + DEFLECTION_WINDOW - timedelta(minutes=1)):
            self.Deflection._cron_kb_settle_deflections()
            self.assertEqual(opened.state, "opened", "still within the window")
        with freeze_time(fields.Datetime.now() + DEFLECTION_WINDOW + timedelta(minutes=1)):
            self.Deflection._cron_kb_settle_deflections()
            self.assertEqual((opened.state, opened.deflection_rate), ("deflected", 100.0))
            # a case sent later is another story: the suggestion stays deflected
            self.Deflection._kb_mark_submitted("v1")
        self.assertEqual(opened.state, "deflected")

    def test_deflection_rate(self):
        self.assertEqual(self.Deflection._kb_deflection_rate(), 0.0, "nothing settled")
        for visitor in ("a", "b", "c", "d"):
            self._open(visitor, origin="portal" if visitor == "d" else "public")
        self.Deflection._kb_mark_submitted("c")
        with freeze_time(fields.Datetime.now() + timedelta(hours=2)):
            self._open("e")  # opened just now: neither deflected nor not, yet
            with self.assertQueryCount(2):  # settle (one UPDATE), one grouped count
                rate = self.Deflection._kb_deflection_rate()
            self.assertAlmostEqual(rate, 75.0)
            self.assertAlmostEqual(
                self.Deflection._kb_deflection_rate([("origin", "=", "public")]), 200 / 3
            )
            # the report: settled suggestions, the average computed by PostgreSQL
            action = self.Deflection.with_user(self.supervisor)._kb_action_deflection_report()
            [group] = self.Deflection.with_user(self.supervisor).formatted_read_group(
                literal_eval(action["domain"]),
                [],
                ["deflection_rate:avg", "__count"],
            )
        self.assertEqual(group["__count"], 4)
        self.assertAlmostEqual(group["deflection_rate:avg"], 75.0)

    def test_report_menu_settles_for_supervisors_only(self):
        opened = self._open("v1")
        action = self.env.ref("helpdesk_case.case_kb_deflection_action_server")
        with freeze_time(fields.Datetime.now() + timedelta(hours=2)):
            with self.assertRaises(AccessError):
                action.with_user(self.agent).run()
            self.assertEqual(opened.state, "opened")
            result = action.with_user(self.supervisor).run()
        self.assertEqual(result["res_model"], "case.kb.deflection")
        self.assertEqual(opened.state, "deflected")


@tagged("post_install", "-at_install")
class TestKbSearchLogReport(KbCommon):
    def test_the_searches_report_pages_past_its_limit(self):
        """A field named ``search_count`` hid the ORM method the list's pager calls."""
        Log = self.env["case.kb.search.log"]
        Log.create([{"query": f"busqueda {i}", "result_count": 0} for i in range(3)])
        total = Log.search_count([])
        result = Log.web_search_read([], {"query": {}}, limit=1)
        self.assertEqual(result["length"], total)
        groups = Log.formatted_read_group([("result_count", "=", 0)], ["query"], ["__count"])
        self.assertTrue(all(group["__count"] >= 1 for group in groups))
