"""The holes found by attacking a running server as real users would, each shut at its cause.

Every test goes through the HTTP routes a browser or a script reaches (our portal routes and
Odoo's generic chatter and RPC endpoints), asserts the refusal, then that nothing changed.
"""

import json

from lxml import html

from odoo import Command, http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import CaseCommon, CasePortalCommon

EVERYTHING = [
    "activities",
    "attachments",
    "contact_fields",
    "display_name",
    "followers",
    "scheduledMessages",
    "suggestedRecipients",
]


class SecurityHttpCommon(CasePortalCommon):
    """JSON-RPC helpers returning the raw answer, so a test can assert an error."""

    def jsonrpc(self, route, params):
        payload = {"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}
        return self.url_open(route, json=payload).json()

    def call_kw(self, model, method, args, kwargs=None):
        return self.jsonrpc(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def thread_data(self, ticket, token=None, request_list=EVERYTHING):
        params = {
            "thread_model": "case.ticket",
            "thread_id": ticket.id,
            "request_list": request_list,
            "access_params": {"token": token} if token else {},
        }
        return self.jsonrpc("/mail/data", {"fetch_params": [["mail.thread", params]]})

    def post(self, ticket, post_data, token=None):
        params = {"thread_model": "case.ticket", "thread_id": ticket.id, "post_data": post_data}
        if token:
            params["token"] = token
        return self.jsonrpc("/mail/message/post", params)

    def ratings(self, ticket):
        return self.env["rating.rating"].search(
            [("res_model", "=", "case.ticket"), ("res_id", "=", ticket.id), ("consumed", "=", True)]
        )

    def messages(self, ticket):
        return self.env["mail.message"].search(
            [("model", "=", "case.ticket"), ("res_id", "=", ticket.id)]
        )

    def assertRpcError(self, answer, name="AccessError"):
        self.assertIn("error", answer, f"expected a refusal, got {str(answer)[:300]}")
        self.assertIn(name, answer["error"]["data"]["name"])


@tagged("post_install", "-at_install")
class TestRequesterOnlyActions(SecurityHttpCommon):
    """1. A consultant (or any reader) cannot close or rate a case that is not theirs."""

    def test_portal_users_cannot_read_the_token(self):
        token = self.ticket_bottom._portal_ensure_token()  # as the acknowledgement e-mail does
        self.authenticate("case_top", "case_top")
        bottom = self.ticket_bottom.id
        answers = [
            self.call_kw("case.ticket", "read", [[bottom], ["access_token"]]),
            self.call_kw("case.ticket", "get_portal_url", [[bottom]]),
            self.call_kw(
                "case.ticket", "search_read", [[("id", "=", bottom)]], {"fields": ["access_token"]}
            ),
            self.call_kw("case.ticket", "search_count", [[("access_token", "=", token)]]),
            self.call_kw("case.ticket", "web_read", [[bottom], {"access_token": {}}]),
        ]
        for answer in answers:
            self.assertRpcError(answer)
            self.assertNotIn(token, json.dumps(answer))
        # reading what the portal shows still works
        answer = self.call_kw("case.ticket", "read", [[bottom], ["number", "name"]])
        self.assertEqual(answer["result"][0]["number"], self.ticket_bottom.number)

    def test_token_does_not_lend_a_logged_in_user_the_requesters_rights(self):
        token = self.ticket_bottom._portal_ensure_token()
        self.authenticate("case_top", "case_top")
        page = self.url_open(f"/my/cases/{self.ticket_bottom.id}?access_token={token}")
        self.assertEqual(page.status_code, 200)
        self.assertNotIn("o_case_close_button", page.text)
        response = self._post(f"/my/cases/{self.ticket_bottom.id}/close", {"access_token": token})
        self.assertEqual(response.status_code, 404)
        self.assertFalse(self.ticket_bottom.is_closed)

        self.ticket_bottom.action_close()
        response = self._post(
            f"/my/cases/{self.ticket_bottom.id}/rate", {"rate": 1, "access_token": token}
        )
        self.assertEqual(response.status_code, 404)
        self.assertFalse(self.ratings(self.ticket_bottom))

        # another customer holding the token fares no better
        self.authenticate("case_cust_b", "case_cust_b")
        response = self._post(
            f"/my/cases/{self.ticket_bottom.id}/rate", {"rate": 1, "access_token": token}
        )
        self.assertEqual(response.status_code, 404)
        self.assertFalse(self.ratings(self.ticket_bottom))

    def test_anonymous_e_mail_link_still_acts_for_the_requester(self):
        token = self.ticket_bottom._portal_ensure_token()
        self.authenticate(None, None)
        self._post(f"/my/cases/{self.ticket_bottom.id}/close", {"access_token": token})
        self.assertTrue(self.ticket_bottom.is_closed)
        self._post(f"/my/cases/{self.ticket_bottom.id}/rate", {"rate": 5, "access_token": token})
        rating = self.ratings(self.ticket_bottom)
        self.assertEqual(rating.rating, 5)
        self.assertEqual(rating.partner_id, self.chain[5])


@tagged("post_install", "-at_install")
class TestThreadDataPrivacy(SecurityHttpCommon):
    """2. Token holders and portal users get only the public messages' files, nothing internal."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.follower = cls.env["res.partner"].create(
            {"name": "Hidden Follower", "email": "hidden.follower@example.com"}
        )
        cls.ticket_a.message_subscribe(cls.follower.ids)
        cls.ticket_a.activity_schedule(
            "mail.mail_activity_data_todo", summary="Secret activity summary"
        )

    def assertOnlyPublic(self, answer):
        self.assertNotIn("error", answer)
        text = json.dumps(answer["result"])
        self.assertIn("alpha.png", text)
        for secret in (
            "memo.pdf",
            "Secret activity summary",
            "hidden.follower@example.com",
            "Hidden Follower",
        ):
            self.assertNotIn(secret, text)
        attachment_ids = {a["id"] for a in answer["result"].get("ir.attachment", [])}
        self.assertEqual(attachment_ids, set(self.attachment_a.ids))

    def test_anonymous_token_holder(self):
        token = self.ticket_a._portal_ensure_token()
        self.authenticate(None, None)
        self.assertOnlyPublic(self.thread_data(self.ticket_a, token=token))

    def test_other_portal_user_with_the_token(self):
        token = self.ticket_a._portal_ensure_token()
        self.authenticate("case_cust_b", "case_cust_b")
        self.assertOnlyPublic(self.thread_data(self.ticket_a, token=token))

    def test_requester_and_consultant(self):
        self.authenticate("case_cust_a", "case_cust_a")
        self.assertOnlyPublic(self.thread_data(self.ticket_a))
        self.authenticate("case_top", "case_top")
        answer = self.thread_data(self.ticket_bottom)
        self.assertNotIn("error", answer)
        self.assertNotIn("consultant5@example.com", json.dumps(answer["result"]))

    def test_internal_file_is_not_served(self):
        token = self.ticket_a._portal_ensure_token()
        self.authenticate(None, None)
        internal = self.internal_attachment_a
        for url in (
            f"/web/content/{internal.id}?access_token={token}",
            f"/web/content/{internal.id}",
            f"/my/cases/{self.ticket_a.id}/attachments/{internal.id}?access_token={token}",
        ):
            response = self.url_open(url)
            self.assertNotEqual(response.status_code, 200, url)
            self.assertNotIn(b"%PDF-1.4", response.content)

    def test_agents_still_get_everything(self):
        self.authenticate("admin", "admin")
        text = json.dumps(self.thread_data(self.ticket_a)["result"])
        for expected in ("alpha.png", "memo.pdf", "Secret activity summary", "Hidden Follower"):
            self.assertIn(expected, text)


@tagged("post_install", "-at_install")
class TestSearchOnInternalMessages(SecurityHttpCommon):
    """3. Portal users cannot filter tickets on internal messages or their files."""

    def test_search_on_message_paths_is_refused(self):
        self.authenticate("case_cust_a", "case_cust_a")
        for path, word in (
            ("message_ids.body", "Internal memo"),
            ("message_ids.attachment_ids.name", "memo"),
            ("website_message_ids.body", "Internal memo"),
            ("message_ids.subtype_id.internal", True),
        ):
            for method in ("search_count", "search_read"):
                domain = [("id", "=", self.ticket_a.id), (path, "ilike", word)]
                if isinstance(word, bool):
                    domain[1] = (path, "=", word)
                answer = self.call_kw("case.ticket", method, [domain])
                self.assertRpcError(answer)
        # the consultant cannot enumerate the downline's files either
        self.authenticate("case_top", "case_top")
        answer = self.call_kw(
            "case.ticket", "search_read", [[("message_ids.attachment_ids.name", "!=", False)]]
        )
        self.assertRpcError(answer)
        # what the portal filters on still works
        answer = self.call_kw("case.ticket", "search_count", [[("name", "ilike", "Bottom")]])
        self.assertEqual(answer["result"], 1)

    def test_agents_may_still_search_messages(self):
        agent = new_test_user(
            self.env, login="case_sec_admin", groups="helpdesk_case.group_case_admin"
        )
        found = (
            self.env["case.ticket"]
            .with_user(agent)
            .search([("message_ids.body", "ilike", "Internal memo")])
        )
        self.assertEqual(found, self.ticket_a)


@tagged("post_install", "-at_install")
class TestRatingOnlyThroughThePortalRule(SecurityHttpCommon):
    """4. The chatter gives no other way to rate than the portal's rule."""

    def test_requester_cannot_rate_an_open_case_from_the_chatter(self):
        self.authenticate("case_cust_a", "case_cust_a")
        before = len(self.messages(self.ticket_a))
        for __ in range(2):
            answer = self.post(self.ticket_a, {"body": "5 stars!", "rating_value": 5})
            self.assertRpcError(answer)
        self.assertFalse(self.ratings(self.ticket_a))
        self.assertEqual(len(self.messages(self.ticket_a)), before)

    def test_consultant_cannot_rate_a_downline_case(self):
        self.ticket_bottom.action_close()
        self.authenticate("case_top", "case_top")
        self.assertRpcError(self.post(self.ticket_bottom, {"body": "meh", "rating_value": 1}))
        self.assertFalse(self.ratings(self.ticket_bottom))

    def test_anonymous_token_holder_cannot_rate(self):
        self.ticket_a.action_close()
        token = self.ticket_a._portal_ensure_token()
        self.authenticate(None, None)
        self.assertRpcError(self.post(self.ticket_a, {"body": "x", "rating_value": 1}, token))
        self.assertFalse(self.ratings(self.ticket_a))

    def test_a_given_rating_cannot_be_edited(self):
        self.ticket_a.action_close()
        self.authenticate("case_cust_a", "case_cust_a")
        self._post(f"/my/cases/{self.ticket_a.id}/rate", {"rate": 5})
        rating = self.ratings(self.ticket_a)
        self.assertEqual(rating.rating, 5)
        message = self.messages(self.ticket_a).filtered("rating_ids")[:1]
        self.assertTrue(message)
        for value in (2, False):
            answer = self.jsonrpc(
                "/mail/message/update_content",
                {"message_id": message.id, "update_data": {"body": "x", "rating_value": value}},
            )
            self.assertRpcError(answer)
        rating.invalidate_recordset()
        self.assertEqual(rating.rating, 5)
        self.assertTrue(rating.exists())

    def test_direct_rpc_post_is_refused(self):
        self.authenticate("case_cust_a", "case_cust_a")
        answer = self.call_kw(
            "case.ticket", "message_post", [[self.ticket_a.id]], {"body": "x", "rating_value": 5}
        )
        self.assertRpcError(answer)
        self.assertFalse(self.ratings(self.ticket_a))


@tagged("post_install", "-at_install")
class TestPortalCloseAuthor(SecurityHttpCommon):
    """7. A customer's close is recorded in their name, not OdooBot's."""

    def _close_messages(self, ticket):
        self.env.invalidate_all()
        return self.messages(ticket).filtered(
            lambda m: m.tracking_value_ids or "Closed by the customer" in str(m.body)
        )

    def test_logged_in_customer(self):
        self.authenticate("case_cust_a", "case_cust_a")
        self._post(f"/my/cases/{self.ticket_a.id}/close")
        self.assertTrue(self.ticket_a.is_closed)
        messages = self._close_messages(self.ticket_a)
        self.assertTrue(messages.tracking_value_ids, "the stage change is tracked")
        self.assertEqual(messages.author_id, self.customer_a.partner_id)

    def test_e_mail_link(self):
        token = self.ticket_bottom._portal_ensure_token()
        self.authenticate(None, None)
        self._post(f"/my/cases/{self.ticket_bottom.id}/close", {"access_token": token})
        self.assertTrue(self.ticket_bottom.is_closed)
        messages = self._close_messages(self.ticket_bottom)
        self.assertTrue(messages.tracking_value_ids)
        self.assertEqual(messages.author_id, self.chain[5])


@tagged("post_install", "-at_install")
class TestPortalPostsAreComments(SecurityHttpCommon):
    """8. A portal post is a customer comment: no internal note, no faked system event."""

    def test_subtype_and_type_are_forced(self):
        self.authenticate("case_cust_a", "case_cust_a")
        escalated = "helpdesk_case.mt_ticket_escalated"
        for body, post_data in (
            ("Fake note", {"subtype_xmlid": "mail.mt_note"}),
            ("Fake escalation", {"message_type": "notification", "subtype_xmlid": escalated}),
            ("Fake automated", {"message_type": "auto_comment", "subtype_xmlid": "mail.mt_note"}),
        ):
            answer = self.post(self.ticket_a, {"body": body, **post_data})
            self.assertNotIn("error", answer)
            message = self.env["mail.message"].browse(answer["result"]["message_id"])
            self.assertEqual(message.message_type, "comment", body)
            self.assertEqual(message.subtype_id, self.env.ref("mail.mt_comment"), body)
            self.assertFalse(message.is_internal, body)
            self.assertEqual(message.author_id, self.customer_a.partner_id)

    def test_anonymous_token_post_is_a_comment(self):
        token = self.ticket_a._portal_ensure_token()
        self.authenticate(None, None)
        answer = self.post(
            self.ticket_a, {"body": "Fake note", "subtype_xmlid": "mail.mt_note"}, token
        )
        self.assertNotIn("error", answer)
        message = self.env["mail.message"].browse(answer["result"]["message_id"])
        self.assertEqual(message.subtype_id, self.env.ref("mail.mt_comment"))

    def test_direct_rpc_message_post_is_refused(self):
        self.authenticate("case_cust_a", "case_cust_a")
        before = len(self.messages(self.ticket_a))
        answer = self.call_kw(
            "case.ticket",
            "message_post",
            [[self.ticket_a.id]],
            {"body": "x", "subtype_xmlid": "helpdesk_case.mt_ticket_escalated"},
        )
        self.assertRpcError(answer)
        self.assertEqual(len(self.messages(self.ticket_a)), before)

    def test_agents_still_write_internal_notes(self):
        self.authenticate("admin", "admin")
        answer = self.post(self.ticket_a, {"body": "Note", "subtype_xmlid": "mail.mt_note"})
        message = self.env["mail.message"].browse(answer["result"]["message_id"])
        self.assertEqual(message.subtype_id, self.env.ref("mail.mt_note"))


@tagged("post_install", "-at_install")
class TestBadPortalInput(SecurityHttpCommon):
    """9. Oversized input gets the form's message, never a bare error."""

    def setUp(self):
        super().setUp()
        self.authenticate("case_cust_a", "case_cust_a")

    def _new(self, data, files=None):
        data = {
            "csrf_token": http.Request.csrf_token(self),
            "typification_id": str(self.typ_portal.id),
            **data,
        }
        return self.url_open("/my/cases/new", data=data, files=files or {"attachments": ("", b"")})

    def test_huge_subject(self):
        before = self.env["case.ticket"].search_count([])
        response = self._new({"subject": "x" * 200_000})
        self.assertEqual(response.status_code, 400)
        self.assertIn("o_case_form_errors", response.text)
        self.assertIn("limited to 200 characters", response.text)
        self.assertEqual(self.env["case.ticket"].search_count([]), before)

    def test_request_over_the_server_limit_gets_the_form_message(self):
        # the server refuses a request above web.max_file_upload_size before any controller
        # reads it; here that limit is below the helpdesk's own file limit
        self.env["ir.config_parameter"].set_param("web.max_file_upload_size", 1024 * 1024)
        before = self.env["case.ticket"].search_count([])
        big = b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024)
        response = self._new(
            {"subject": "Big"}, files={"attachments": ("big.pdf", big, "application/pdf")}
        )
        self.assertEqual(response.status_code, 413)
        self.assertIn("o_case_form_errors", response.text)
        self.assertIn("too large for the server", response.text)
        self.assertIn("o_case_new_form", response.text, "the form is there to try again")
        self.assertNotIn("Traceback", response.text)
        self.assertEqual(self.env["case.ticket"].search_count([]), before)


@tagged("post_install", "-at_install")
class TestSubjectLimitInTheModel(CaseCommon):
    def test_rpc_and_back_office_are_limited_too(self):
        with self.assertRaises(ValidationError):
            self.env["case.ticket"].with_user(self.agent).create({"name": "x" * 201})
        ticket = self.env["case.ticket"].create({"name": "x" * 200})
        with self.assertRaises(ValidationError):
            ticket.name = "y" * 5000


@tagged("post_install", "-at_install")
class TestParentTicket(CaseCommon):
    """5. A ticket links only to a parent its author may read, in the same company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.hidden = cls.env["case.ticket"].create(
            {"name": "Hidden parent", "queue_id": cls.queue_n3.id}
        )
        cls.other_company = cls.env["res.company"].create({"name": "Other Co"})
        cls.foreign = (
            cls.env["case.ticket"]
            .with_company(cls.other_company)
            .create({"name": "Foreign", "company_id": cls.other_company.id})
        )
        cls.agent.company_ids = [Command.link(cls.other_company.id)]

    def test_agent_cannot_link_to_an_unreadable_ticket(self):
        Ticket = self.env["case.ticket"].with_user(self.agent)
        with self.assertRaises(AccessError), mute_logger("odoo.addons.base.models.ir_rule"):
            Ticket.create({"name": "Child", "parent_id": self.hidden.id})
        mine = Ticket.create({"name": "Mine", "queue_id": self.queue_n1.id})
        with self.assertRaises(AccessError), mute_logger("odoo.addons.base.models.ir_rule"):
            mine.write({"parent_id": self.hidden.id})
        with self.assertRaises(AccessError):
            mine.write({"parent_id": 999_999_999})
        self.assertFalse(mine.parent_id)
        child = Ticket.create({"name": "Split", "parent_id": mine.id, "queue_id": self.queue_n1.id})
        self.assertEqual(child.parent_id, mine)

    def test_parent_stays_in_the_company(self):
        with self.assertRaises(UserError):
            self.env["case.ticket"].create({"name": "Child", "parent_id": self.foreign.id})


@tagged("post_install", "-at_install")
class TestQueueMoves(CaseCommon):
    """6. Tickets leave a queue by escalation, or by its supervisor's or an admin's hand."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_supervisor = new_test_user(
            cls.env, login="case_sup_other", groups="helpdesk_case.group_case_supervisor"
        )
        cls.own_queue = cls.env["case.queue"].create(
            {"name": "Mine", "leader_id": cls.other_supervisor.id}
        )
        cls.ticket = cls.env["case.ticket"].create(
            {"name": "In N1", "queue_id": cls.queue_n1.id, "user_id": cls.agent.id}
        )
        # the other supervisor follows it, so the rules let them write it
        cls.ticket.message_subscribe(cls.other_supervisor.partner_id.ids)

    def test_outsider_cannot_pull_a_ticket_into_their_queue(self):
        ticket = self.ticket.with_user(self.other_supervisor)
        with self.assertRaises(AccessError):
            ticket.write({"queue_id": self.own_queue.id})
        with self.assertRaises(AccessError):
            ticket.write({"queue_id": False})
        self.assertEqual(self.ticket.queue_id, self.queue_n1)

    def test_agents_escalate_but_do_not_move(self):
        ticket = self.ticket.with_user(self.agent)
        with self.assertRaises(AccessError):
            ticket.write({"queue_id": self.queue_n3.id})
        ticket._escalate("Needs level 2")
        self.assertEqual(self.ticket.queue_id, self.queue_n2)

    def test_source_supervisor_and_admin_move(self):
        self.ticket.with_user(self.supervisor).write({"queue_id": self.own_queue.id})
        self.assertEqual(self.ticket.queue_id, self.own_queue)
        admin = new_test_user(
            self.env, login="case_q_admin", groups="helpdesk_case.group_case_admin"
        )
        self.ticket.with_user(admin).write({"queue_id": self.queue_n1.id})
        self.assertEqual(self.ticket.queue_id, self.queue_n1)

    def test_a_ticket_without_queue_may_be_queued(self):
        loose = self.env["case.ticket"].with_user(self.agent).create({"name": "Phone call"})
        loose.write({"queue_id": self.queue_n1.id})
        self.assertEqual(loose.queue_id, self.queue_n1)


@tagged("post_install", "-at_install")
class TestTokensStayWithTheRequester(SecurityHttpCommon):
    """Review findings: no token through the pager, the e-mail button or a logged-in link."""

    def test_pager_links_carry_no_token(self):
        other = self.env["case.ticket"].create({"name": "Second", "partner_id": self.chain[4].id})
        self.authenticate("case_top", "case_top")
        self.url_open("/my/cases?scope=all")  # the list fills the pager's history
        page = self.url_open(f"/my/cases/{self.ticket_bottom.id}").text
        self.assertNotIn("access_token=", page)
        tree = html.fromstring(page)
        neighbours = tree.xpath("//a[contains(@href, '/my/cases/')]/@href")
        self.assertTrue(all("token" not in href for href in neighbours))
        self.assertTrue(any(href.endswith(f"/my/cases/{other.id}") for href in neighbours))
        self.assertNotIn(other._portal_ensure_token(), page)

    def test_logged_in_reader_is_sent_to_the_plain_url(self):
        token = self.ticket_a._portal_ensure_token()
        self.authenticate("case_cust_a", "case_cust_a")
        response = self.url_open(f"/my/cases/{self.ticket_a.id}?access_token={token}")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.url.endswith(f"/my/cases/{self.ticket_a.id}"), response.url)
        self.assertNotIn(token, response.text)
        answer = self.jsonrpc(
            "/mail/chatter_fetch", {"thread_model": "case.ticket", "thread_id": self.ticket_a.id}
        )
        self.assertNotIn("error", answer)
        self.assertIn("Here is the proof", json.dumps(answer["result"]))

    def test_other_customer_with_the_link_reads_the_public_chatter(self):
        token = self.ticket_a._portal_ensure_token()
        self.authenticate("case_cust_b", "case_cust_b")
        response = self.url_open(f"/my/cases/{self.ticket_a.id}?access_token={token}")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("o_case_close_button", response.text)
        answer = self.jsonrpc(
            "/mail/chatter_fetch",
            {"thread_model": "case.ticket", "thread_id": self.ticket_a.id, "token": token},
        )
        self.assertNotIn("error", answer)
        text = json.dumps(answer["result"])
        self.assertIn("Here is the proof", text)
        self.assertNotIn("Internal memo", text)

    def test_e_mail_view_button_for_a_logged_in_customer(self):
        token = self.ticket_a._portal_ensure_token()
        self.authenticate("case_cust_a", "case_cust_a")
        response = self.url_open(
            f"/mail/view?model=case.ticket&res_id={self.ticket_a.id}&access_token={token}"
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn(f"/my/cases/{self.ticket_a.id}", response.url)
        self.assertIn("Alpha secret subject", response.text)


@tagged("post_install", "-at_install")
class TestMessagesByRpc(SecurityHttpCommon):
    """Review findings: no forged message, no internal message read by id."""

    def test_customer_cannot_create_messages_directly(self):
        stage = self.env["ir.model.fields"]._get("case.ticket", "stage_id")
        before = len(self.messages(self.ticket_a))
        self.authenticate("case_cust_a", "case_cust_a")
        escalated = self.env.ref("helpdesk_case.mt_ticket_escalated").id
        for values in (
            {"body": "plain", "subtype_id": self.env.ref("mail.mt_comment").id},
            {"message_type": "notification", "subtype_id": escalated, "body": "Escalated"},
            {
                "message_type": "notification",
                "subtype_id": self.env.ref("helpdesk_case.mt_ticket_stage").id,
                "body": "Stage changed",
                "tracking_value_ids": [
                    (
                        0,
                        0,
                        {"field_id": stage.id, "old_value_char": "New", "new_value_char": "Paid"},
                    )
                ],
            },
        ):
            answer = self.call_kw(
                "mail.message",
                "create",
                [{"model": "case.ticket", "res_id": self.ticket_a.id, **values}],
            )
            self.assertRpcError(answer)
        self.assertEqual(len(self.messages(self.ticket_a)), before)

    def test_customer_cannot_rewrite_their_own_message(self):
        self.authenticate("case_cust_a", "case_cust_a")
        answer = self.post(self.ticket_a, {"body": "My own words"})
        message = self.env["mail.message"].browse(answer["result"]["message_id"])
        for values in (
            {"author_id": self.env.ref("base.partner_admin").id},
            {"subtype_id": self.env.ref("helpdesk_case.mt_ticket_escalated").id},
            {"message_type": "notification"},
        ):
            self.assertRpcError(self.call_kw("mail.message", "write", [message.ids, values]))
        message.invalidate_recordset()
        self.assertEqual(message.author_id, self.customer_a.partner_id)
        self.assertEqual(message.subtype_id, self.env.ref("mail.mt_comment"))

    def test_internal_messages_are_not_readable_by_id(self):
        queue = self.env["case.queue"].create(
            {
                "name": "Escalation source",
                "escalation_queue_id": self.env["case.queue"]
                .create({"name": "Escalation target"})
                .id,
            }
        )
        self.ticket_a.queue_id = queue
        self.ticket_a._escalate("Customer is shouting at us")
        internal = self.messages(self.ticket_a).filtered(
            lambda m: m.is_internal or not m.subtype_id or m.subtype_id.internal
        )
        public = self.messages(self.ticket_a).filtered(lambda m: "Here is the proof" in str(m.body))
        self.assertTrue(internal)
        self.authenticate("case_cust_a", "case_cust_a")
        for message in internal:
            for method, args in (
                ("read", [message.ids, ["body"]]),
                ("web_read", [message.ids, {"body": {}}]),
            ):
                with self.subTest(message=message.id, method=method):
                    answer = self.call_kw("mail.message", method, args)
                    self.assertRpcError(answer)
                    self.assertNotIn("shouting", json.dumps(answer))
        answer = self.call_kw("mail.message", "read", [public.ids, ["body"]])
        self.assertIn("Here is the proof", answer["result"][0]["body"])


@tagged("post_install", "-at_install")
class TestInternalTicketFields(SecurityHttpCommon):
    """Fields for the service team (SLA, doc-wait, merge, rejection, bridges' credit and
    time fields) are not readable by customers through the generic RPC."""

    INTERNAL = (
        "workflow_code",
        "sla_policy_id",
        "sla_response_deadline",
        "sla_resolution_deadline",
        "sla_status",
        "stale",
        "first_response_hours",
        "sla_pause_ids",
        "sla_recompute",
        "docwait_since",
        "docwait_followup_count",
        "docwait_closed",
        "merged_into_id",
        "reject_reason_id",
        "kb_suggestion_ids",
        # bridges, when installed
        "invoice_id",
        "credit_note_ids",
        "partner_credit_limit",
        "partner_balance",
        "requested_credit_limit",
        "task_id",
        "sale_order_id",
    )

    def test_customers_read_none_of_them(self):
        fields_ = [name for name in self.INTERNAL if name in self.env["case.ticket"]._fields]
        for login, ticket in (("case_cust_a", self.ticket_a), ("case_top", self.ticket_bottom)):
            self.authenticate(login, login)
            for name in fields_:
                with self.subTest(login=login, field=name):
                    answer = self.call_kw("case.ticket", "read", [[ticket.id], [name]])
                    self.assertRpcError(answer)
                    answer = self.call_kw(
                        "case.ticket", "search_read", [[("id", "=", ticket.id)]], {"fields": [name]}
                    )
                    self.assertRpcError(answer)
            # what the portal shows stays readable
            answer = self.call_kw("case.ticket", "read", [[ticket.id], ["number", "stage_id"]])
            self.assertEqual(answer["result"][0]["number"], ticket.number)

    def test_agents_still_read_them(self):
        fields_ = [name for name in self.INTERNAL if name in self.env["case.ticket"]._fields]
        self.authenticate("admin", "admin")
        answer = self.call_kw("case.ticket", "read", [[self.ticket_a.id], fields_])
        self.assertNotIn("error", answer)

    def test_customers_and_anonymous_read_no_pause_nor_follow_up(self):
        """The service team's records hanging from a ticket: not through the generic RPC."""
        ticket = self.ticket_a
        pause = self.env["case.ticket.sla.pause"].create(
            {"ticket_id": ticket.id, "date_start": "2026-03-02 09:00:00"}
        )
        followup = self.env["case.ticket.followup"].create(
            {"ticket_id": ticket.id, "user_id": self.env.ref("base.user_admin").id, "kind": "shift"}
        )
        for login in ("case_cust_a", None):
            self.authenticate(login, login)
            for record in (pause, followup):
                with self.subTest(login=login, model=record._name):
                    answer = self.call_kw(record._name, "read", [record.ids, ["ticket_id"]])
                    self.assertRpcError(answer, "")
                    answer = self.call_kw(
                        record._name, "search_read", [[("ticket_id", "=", ticket.id)]]
                    )
                    self.assertRpcError(answer, "")
                    self.assertNotIn(ticket.name, json.dumps(answer))
