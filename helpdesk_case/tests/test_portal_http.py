import json
import re

from odoo import Command, http
from odoo.tests import new_test_user, tagged

from .common import PNG, CasePortalCommon


@tagged("post_install", "-at_install")
class TestPortalAccess(CasePortalCommon):
    def test_list_shows_only_own_cases(self):
        self.authenticate("case_cust_a", "case_cust_a")
        response = self.url_open("/my/cases")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.ticket_a.number, response.text)
        self.assertNotIn(self.ticket_b.number, response.text)
        self.assertNotIn(self.ticket_bottom.number, response.text)
        self.assertNotIn("Assigned", response.text)

    def test_list_search_filter_sort_and_pager(self):
        self.authenticate("case_cust_a", "case_cust_a")
        response = self.url_open("/my/cases?search=Alpha&search_in=name&sortby=stage")
        self.assertIn(self.ticket_a.number, response.text)
        response = self.url_open("/my/cases?search=nothing-like-this")
        self.assertNotIn(self.ticket_a.number, response.text)
        response = self.url_open("/my/cases?filterby=closed")
        self.assertNotIn(self.ticket_a.number, response.text)
        response = self.url_open("/my/cases?filterby=open&sortby=number&scope=bogus")
        self.assertIn(self.ticket_a.number, response.text)
        for sortby in ("date", "number", "name", "stage", "bogus"):
            self.assertEqual(self.url_open(f"/my/cases?sortby={sortby}").status_code, 200)
        self.assertEqual(self.url_open("/my/cases/page/2").status_code, 200)

    def test_home_counter(self):
        self.authenticate("case_cust_a", "case_cust_a")
        self.assertIn("/my/cases", self.url_open("/my").text)
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["case_count"]})
        self.assertEqual(counters["case_count"], 1)

    def test_detail_of_another_customer_is_denied(self):
        self.authenticate("case_cust_b", "case_cust_b")
        response = self.url_open(f"/my/cases/{self.ticket_a.id}")
        self.assertDenied(response, "Alpha secret subject")
        for missing in ("999999999", "99999999999"):
            self.assertDenied(self.url_open(f"/my/cases/{missing}"))
            self.assertEqual(self._post(f"/my/cases/{missing}/close").status_code, 404)
        own = self.url_open(f"/my/cases/{self.ticket_b.id}")
        self.assertEqual(own.status_code, 200)
        self.assertIn("Bravo subject", own.text)

    def test_detail_by_token(self):
        token = self.ticket_a._portal_ensure_token()
        response = self.url_open(f"/my/cases/{self.ticket_a.id}?access_token=wrong-token")
        self.assertDenied(response, "Alpha secret subject")
        response = self.url_open(f"/my/cases/{self.ticket_a.id}?access_token=")
        self.assertDenied(response, "Alpha secret subject")
        response = self.url_open(f"/my/cases/{self.ticket_a.id}?access_token={token}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Alpha secret subject", response.text)
        # the token of one case opens no other case
        response = self.url_open(f"/my/cases/{self.ticket_b.id}?access_token={token}")
        self.assertDenied(response, "Bravo subject")

    def test_detail_hides_queue_and_assignee(self):
        queue = self.env["case.queue"].create({"name": "Secret Queue N9", "level": 9})
        agent = new_test_user(
            self.env,
            login="case_portal_agent",
            name="Agent Hidden Name",
            groups="helpdesk_case.group_case_service",
        )
        self.ticket_a.write({"queue_id": queue.id, "user_id": agent.id})
        self.ticket_a.message_post(
            body="Internal note nobody outside sees", subtype_xmlid="mail.mt_note"
        )
        self.authenticate("case_cust_a", "case_cust_a")
        body = self.url_open(f"/my/cases/{self.ticket_a.id}").text
        self.assertIn("Alpha secret subject", body)
        self.assertNotIn("Secret Queue N9", body)
        self.assertNotIn("Agent Hidden Name", body)
        self.assertNotIn("Internal note nobody outside sees", body)


@tagged("post_install", "-at_install")
class TestPortalActions(CasePortalCommon):
    def test_close_someone_elses_case_is_denied(self):
        self.authenticate("case_cust_b", "case_cust_b")
        response = self._post(f"/my/cases/{self.ticket_a.id}/close")
        self.assertEqual(response.status_code, 404)
        self.assertNotIn("Alpha secret subject", response.text)
        self.assertFalse(self.ticket_a.is_closed)

    def test_close_with_wrong_token_is_denied(self):
        self._post(
            f"/my/cases/{self.ticket_a.id}/close", {"access_token": "wrong"}, allow_redirects=False
        )
        self.assertFalse(self.ticket_a.is_closed)

    def test_close_own_case(self):
        self.authenticate("case_cust_a", "case_cust_a")
        page = self.url_open(f"/my/cases/{self.ticket_a.id}").text
        self.assertIn("o_case_close_button", page)
        response = self._post(f"/my/cases/{self.ticket_a.id}/close")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(self.ticket_a.is_closed)
        self.assertIn("o_case_rating_form", response.text)
        self.assertNotIn("o_case_close_button", response.text)
        # closing twice changes nothing and explains why
        response = self._post(f"/my/cases/{self.ticket_a.id}/close")
        self.assertIn("o_case_message", response.text)

    def test_close_by_token_as_public(self):
        token = self.ticket_a._portal_ensure_token()
        response = self._post(f"/my/cases/{self.ticket_a.id}/close", {"access_token": token})
        self.assertEqual(response.status_code, 200)
        self.assertTrue(self.ticket_a.is_closed)

    def test_close_not_closable_stage(self):
        self.stage_new.portal_closable = False
        self.authenticate("case_cust_a", "case_cust_a")
        self.assertNotIn("o_case_close_button", self.url_open(f"/my/cases/{self.ticket_a.id}").text)
        self._post(f"/my/cases/{self.ticket_a.id}/close")
        self.assertFalse(self.ticket_a.is_closed)

    def test_close_without_csrf_is_rejected(self):
        self.authenticate("case_cust_a", "case_cust_a")
        response = self.url_open(f"/my/cases/{self.ticket_a.id}/close", data={"x": "1"})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.ticket_a.is_closed)

    def test_upline_reads_but_does_not_close_network_case(self):
        self.authenticate("case_top", "case_top")
        response = self.url_open(f"/my/cases/{self.ticket_bottom.id}")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("o_case_close_button", response.text)
        response = self._post(f"/my/cases/{self.ticket_bottom.id}/close")
        self.assertEqual(response.status_code, 404)
        self.assertFalse(self.ticket_bottom.is_closed)

    def _reply(self, ticket, body):
        """Post in the chatter the way the portal does; returns the JSON-RPC answer."""
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {
                "thread_model": "case.ticket",
                "thread_id": ticket.id,
                "post_data": {"body": body, "message_type": "comment"},
            },
        }
        return self.url_open("/mail/message/post", json=payload).json()

    def _bodies(self, ticket):
        messages = self.env["mail.message"].search(
            [("model", "=", "case.ticket"), ("res_id", "=", ticket.id)]
        )
        return "".join(str(body) for body in messages.mapped("body"))

    def test_reply_to_someone_elses_case_is_denied(self):
        self.authenticate("case_cust_b", "case_cust_b")
        answer = self._reply(self.ticket_a, "Intruder reply")
        self.assertIn("error", answer)
        self.assertNotIn("Alpha secret subject", str(answer))
        self.assertNotIn("Intruder reply", self._bodies(self.ticket_a))
        self.authenticate(None, None)
        answer = self._reply(self.ticket_a, "Anonymous intruder")
        self.assertIn("error", answer)
        self.assertNotIn("Anonymous intruder", self._bodies(self.ticket_a))

    def test_reply_to_own_case(self):
        self.authenticate("case_cust_a", "case_cust_a")
        answer = self._reply(self.ticket_a, "Any news about my order?")
        message = self.env["mail.message"].browse(answer["result"]["message_id"])
        self.assertEqual(message.res_id, self.ticket_a.id)
        self.assertEqual(message.author_id, self.customer_a.partner_id)
        self.assertFalse(message.is_internal)

    def test_rate_someone_elses_case_is_denied(self):
        self.ticket_a.action_close()
        self.authenticate("case_cust_b", "case_cust_b")
        response = self._post(f"/my/cases/{self.ticket_a.id}/rate", {"rate": 1})
        self.assertEqual(response.status_code, 404)
        self.assertFalse(self._ratings(self.ticket_a))

    def test_rate_own_closed_case(self):
        self.authenticate("case_cust_a", "case_cust_a")
        self._post(f"/my/cases/{self.ticket_a.id}/rate", {"rate": 5})
        self.assertFalse(self._ratings(self.ticket_a), "an open case cannot be rated")
        self.ticket_a.action_close()
        response = self._post(f"/my/cases/{self.ticket_a.id}/rate", {"rate": 4})
        self.assertFalse(self._ratings(self.ticket_a), "only 1, 3 or 5")
        self.assertIn("o_case_message", response.text)
        response = self._post(
            f"/my/cases/{self.ticket_a.id}/rate", {"rate": 5, "feedback": "Quick and kind"}
        )
        self.assertEqual(response.status_code, 200)
        rating = self._ratings(self.ticket_a)
        self.assertEqual(len(rating), 1)
        self.assertEqual(rating.rating, 5)
        self.assertEqual(rating.feedback, "Quick and kind")
        self.assertEqual(rating.partner_id, self.customer_a.partner_id)
        self.assertIn("o_case_rating_done", response.text)
        self.assertNotIn("o_case_rating_form", response.text)
        # a second rating is refused
        self._post(f"/my/cases/{self.ticket_a.id}/rate", {"rate": 1})
        self.assertEqual(self._ratings(self.ticket_a).rating, 5)

    def _ratings(self, ticket):
        return self.env["rating.rating"].search(
            [("res_model", "=", "case.ticket"), ("res_id", "=", ticket.id), ("consumed", "=", True)]
        )

    def test_download_attachment_of_someone_elses_case_is_denied(self):
        url = f"/my/cases/{self.ticket_a.id}/attachments/{self.attachment_a.id}"
        self.authenticate("case_cust_b", "case_cust_b")
        for response in (
            self.url_open(url),
            self.url_open(f"/my/cases/{self.ticket_b.id}/attachments/{self.attachment_a.id}"),
            self.url_open(f"/web/content/{self.attachment_a.id}"),
            self.url_open(f"{url}?access_token=wrong"),
        ):
            self.assertIn(response.status_code, (403, 404))
            self.assertNotEqual(response.content, PNG)
        self.authenticate(None, None)
        self.assertEqual(self.url_open(url).status_code, 404)

    def test_download_own_attachment(self):
        url = f"/my/cases/{self.ticket_a.id}/attachments/{self.attachment_a.id}"
        self.authenticate("case_cust_a", "case_cust_a")
        page = self.url_open(f"/my/cases/{self.ticket_a.id}").text
        self.assertIn(url, page)
        self.assertNotIn("memo.pdf", page)
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, PNG)
        self.assertIn("attachment", response.headers["Content-Disposition"])
        # files of internal notes stay internal
        internal = f"/my/cases/{self.ticket_a.id}/attachments/{self.internal_attachment_a.id}"
        self.assertEqual(self.url_open(internal).status_code, 404)
        # the e-mail link's token works without an account
        self.authenticate(None, None)
        token = self.ticket_a._portal_ensure_token()
        self.assertEqual(self.url_open(f"{url}?access_token={token}").content, PNG)


@tagged("post_install", "-at_install")
class TestPortalNetwork(CasePortalCommon):
    def test_consultant_five_levels_up_sees_the_bottom_case(self):
        self.authenticate("case_top", "case_top")
        listing = self.url_open("/my/cases").text
        self.assertIn(self.ticket_bottom.number, listing)
        self.assertIn("Consultant L5", listing)  # requester column of a network case
        self.assertNotIn(self.ticket_a.number, listing)
        network = self.url_open("/my/cases?scope=network").text
        self.assertIn(self.ticket_bottom.number, network)
        mine = self.url_open("/my/cases?scope=mine").text
        self.assertNotIn(self.ticket_bottom.number, mine)
        detail = self.url_open(f"/my/cases/{self.ticket_bottom.id}")
        self.assertEqual(detail.status_code, 200)
        self.assertIn("Bottom level subject", detail.text)
        # the bottom consultant sees it as theirs, not as network
        self.authenticate("case_bottom", "case_bottom")
        self.assertIn(self.ticket_bottom.number, self.url_open("/my/cases?scope=mine").text)
        self.assertNotIn(self.ticket_bottom.number, self.url_open("/my/cases?scope=network").text)

    def test_sponsor_change_moves_visibility(self):
        # move level 3 (and levels 4-5 with it) under another root
        self.chain[3].sponsor_id = self.other_root
        self.authenticate("case_top", "case_top")
        self.assertNotIn(self.ticket_bottom.number, self.url_open("/my/cases").text)
        self.assertDenied(
            self.url_open(f"/my/cases/{self.ticket_bottom.id}"), "Bottom level subject"
        )
        self.authenticate("case_root2", "case_root2")
        self.assertIn(self.ticket_bottom.number, self.url_open("/my/cases?scope=network").text)
        detail = self.url_open(f"/my/cases/{self.ticket_bottom.id}")
        self.assertIn("Bottom level subject", detail.text)

    def test_customer_never_sees_network(self):
        self.authenticate("case_cust_a", "case_cust_a")
        self.assertNotIn(self.ticket_bottom.number, self.url_open("/my/cases?scope=network").text)
        self.assertNotIn(self.ticket_bottom.number, self.url_open("/my/cases?scope=all").text)


@tagged("post_install", "-at_install")
class TestPortalCreate(CasePortalCommon):
    SUBJECT = "Portal created case subject"

    def _create(self, data=None, files=None, csrf=True):
        data = {
            "subject": self.SUBJECT,
            "description": "The parcel never came.\nPlease help.",
            "typification_id": str(self.typ_portal.id),
            **(data or {}),
        }
        if csrf:
            data["csrf_token"] = http.Request.csrf_token(self)
        return self.url_open("/my/cases/new", data=data, files=files or {"attachments": ("", b"")})

    def _counts(self):
        return (
            self.env["case.ticket"].search_count([]),
            self.env["ir.attachment"].search_count([("res_model", "=", "case.ticket")]),
        )

    def assertRefused(self, response, message):
        self.assertEqual(response.status_code, 400)
        self.assertIn("o_case_form_errors", response.text)
        self.assertIn(message, response.text)
        self.assertNotIn("Traceback", response.text)

    def setUp(self):
        super().setUp()
        self.authenticate("case_bottom", "case_bottom")

    def test_form_lists_only_portal_leaves(self):
        response = self.url_open("/my/cases/new")
        self.assertEqual(response.status_code, 200)
        options = re.findall(r'<option value="(\d+)"', response.text)
        self.assertIn(str(self.typ_portal.id), options)
        self.assertNotIn(str(self.typ_internal.id), options)
        self.assertNotIn(str(self.typ_category.id), options)
        self.assertIn("XSD", response.text)  # the allowed file types are announced

    def test_create_with_attachment(self):
        before = self._counts()
        response = self._create(files={"attachments": ("proof.png", PNG, "image/png")})
        self.assertEqual(response.status_code, 200)
        ticket = self.env["case.ticket"].search([("name", "=", self.SUBJECT)])
        self.assertEqual(len(ticket), 1)
        self.assertTrue(response.url.endswith(f"/my/cases/{ticket.id}"))
        self.assertEqual(ticket.partner_id, self.chain[5])
        self.assertEqual(ticket.typification_id, self.typ_portal)
        self.assertEqual(ticket.channel_id, self.env.ref("helpdesk_case.channel_portal"))
        self.assertIn("Please help.", ticket.description)
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", "case.ticket"), ("res_id", "=", ticket.id)]
        )
        self.assertEqual(attachment.mapped("name"), ["proof.png"])
        self.assertEqual(attachment.raw, PNG)
        self.assertEqual(self._counts(), (before[0] + 1, before[1] + 1))
        # and the requester can download it
        url = f"/my/cases/{ticket.id}/attachments/{attachment.id}"
        self.assertIn(url, response.text)
        self.assertEqual(self.url_open(url).content, PNG)

    def test_create_several_attachments(self):
        files = [
            ("attachments", ("a.pdf", b"%PDF-1.4 a", "application/pdf")),
            ("attachments", ("b.png", PNG, "image/png")),
        ]
        response = self._create(files=files)
        self.assertEqual(response.status_code, 200)
        ticket = self.env["case.ticket"].search([("name", "=", self.SUBJECT)])
        attachments = self.env["ir.attachment"].search(
            [("res_model", "=", "case.ticket"), ("res_id", "=", ticket.id)]
        )
        self.assertEqual(sorted(attachments.mapped("name")), ["a.pdf", "b.png"])

    def test_missing_subject(self):
        before = self._counts()
        response = self._create({"subject": "   ", "description": "kept description"})
        self.assertRefused(response, "Give your case a subject.")
        self.assertIn("kept description", response.text)
        self.assertEqual(self._counts(), before)

    def test_unknown_typification(self):
        before = self._counts()
        for value in ("999999999", "abc", str(self.typ_category.id)):
            response = self._create({"typification_id": value})
            self.assertRefused(response, "Choose the type of your case from the list.")
            self.assertIn(self.SUBJECT, response.text)  # the user's input is kept
        self.assertEqual(self._counts(), before)

    def test_tampered_typification(self):
        before = self._counts()
        response = self._create({"typification_id": str(self.typ_internal.id)})
        self.assertRefused(response, "Choose the type of your case from the list.")
        self.typ_portal.active = False
        response = self._create()
        self.assertRefused(response, "Choose the type of your case from the list.")
        self.assertEqual(self._counts(), before)

    def test_forbidden_extension(self):
        before = self._counts()
        response = self._create(
            files={"attachments": ("virus.exe", b"MZ\x90\x00", "application/octet-stream")}
        )
        self.assertRefused(response, "virus.exe")
        self.assertEqual(self._counts(), before)

    def test_good_and_bad_files_create_nothing(self):
        before = self._counts()
        files = [
            ("attachments", ("fine.pdf", b"%PDF-1.4", "application/pdf")),
            ("attachments", ("script.js", b"alert(1)", "text/javascript")),
        ]
        response = self._create(files=files)
        self.assertRefused(response, "script.js")
        self.assertEqual(self._counts(), before)

    def test_oversize_file(self):
        before = self._counts()
        __, max_size = self.env["ir.attachment"]._case_upload_policy()
        big = b"%PDF-1.4\n" + (b"0" * 1023 + b"\n") * (max_size // 1024 + 1)
        response = self._create(files={"attachments": ("big.pdf", big, "application/pdf")})
        self.assertRefused(response, "big.pdf")
        self.assertEqual(self._counts(), before)

    def test_missing_csrf_token(self):
        before = self._counts()
        response = self._create(csrf=False)
        self.assertEqual(response.status_code, 400)
        self.assertNotIn("Traceback", response.text)
        self.assertEqual(self._counts(), before)

    def test_public_user_cannot_open_the_form(self):
        self.authenticate(None, None)
        response = self.url_open("/my/cases/new")
        self.assertIn("/web/login", response.url)
        self.assertNotIn(self.typ_portal.name, response.text)


@tagged("post_install", "-at_install")
class TestPortalTyping(CasePortalCommon):
    def test_ticket_typification_hidden_from_portal_still_renders(self):
        """A case re-typified by an agent to a non-portal type stays readable."""
        self.ticket_a.sudo().write({"typification_id": self.typ_internal.id})
        self.authenticate("case_cust_a", "case_cust_a")
        self.assertEqual(self.url_open("/my/cases").status_code, 200)
        self.assertEqual(self.url_open(f"/my/cases/{self.ticket_a.id}").status_code, 200)


@tagged("post_install", "-at_install")
class TestPortalChatterPrivacy(CasePortalCommon):
    def test_tracking_hides_queue_and_assignee_from_the_customer(self):
        agent = self.env["res.users"].create(
            {
                "name": "Agente Secreto",
                "login": "case_secret_agent",
                "group_ids": [Command.link(self.env.ref("helpdesk_case.group_case_service").id)],
            }
        )
        queue = self.env["case.queue"].create({"name": "Cola interna"})
        self.ticket_a.message_subscribe(self.customer_a.partner_id.ids)
        self.env.flush_all()
        self.cr.flush()
        self.ticket_a.write(
            {
                "stage_id": self.env.ref("helpdesk_case.stage_in_progress").id,
                "user_id": agent.id,
                "queue_id": queue.id,
            }
        )
        self.env.flush_all()
        self.cr.flush()
        self.authenticate("case_cust_a", "case_cust_a")
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {"thread_model": "case.ticket", "thread_id": self.ticket_a.id},
        }
        answer = self.url_open("/mail/thread/messages", json=payload).json()
        self.assertNotIn("error", answer)
        text = json.dumps(answer["result"])
        self.assertIn("In Progress", text, "the stage change itself is public")
        self.assertNotIn("Agente Secreto", text)
        self.assertNotIn("Cola interna", text)
        # internal users still see the whole tracking
        self.authenticate("admin", "admin")
        answer = self.url_open("/mail/thread/messages", json=payload).json()
        self.assertIn("Agente Secreto", json.dumps(answer["result"]))
