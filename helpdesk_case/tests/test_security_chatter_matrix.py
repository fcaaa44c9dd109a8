"""Odoo's chatter endpoints, every role: read thread data, post, post a note, rate, download.

Each row is one role on the same ticket (a consultant's downline case in an agent's queue); each
column says what that role gets. The expectations are the portal's own rules: customers see
public messages and their files, only agents see internal ones, and nobody rates in the chatter.
"""

import json

from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import PNG
from .test_security_portal import SecurityHttpCommon

PUBLIC, ALL, NONE = "public", "all", "none"  # files one gets in the thread data
COMMENT, NOTE, REFUSED = "comment", "note", "refused"  # what a post with the note subtype makes

# role: (login, uses the e-mail token, thread files, may post, a note post becomes,
#        public file download, internal file download)
MATRIX = {
    "anonymous": (None, False, NONE, False, REFUSED, False, False),
    "anonymous with link": (None, True, PUBLIC, True, COMMENT, True, False),
    "requester": ("case_bottom", False, PUBLIC, True, COMMENT, True, False),
    "consultant upline": ("case_top", False, PUBLIC, True, COMMENT, True, False),
    "other customer": ("case_cust_b", False, NONE, False, REFUSED, False, False),
    "other customer with link": ("case_cust_b", True, PUBLIC, True, COMMENT, True, False),
    "agent of the queue": ("case_matrix_agent", False, ALL, True, NOTE, True, True),
    "agent elsewhere": ("case_matrix_outsider", False, NONE, False, REFUSED, False, False),
    "supervisor": ("case_matrix_supervisor", False, ALL, True, NOTE, True, True),
    "admin": ("admin", False, ALL, True, NOTE, True, True),
}


@tagged("post_install", "-at_install")
class TestChatterMatrix(SecurityHttpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for login, group in (
            ("case_matrix_agent", "helpdesk_case.group_case_service"),
            ("case_matrix_outsider", "helpdesk_case.group_case_service"),
            ("case_matrix_supervisor", "helpdesk_case.group_case_supervisor"),
        ):
            new_test_user(cls.env, login=login, groups=group)
        users = cls.env["res.users"].search([("login", "like", "case_matrix_")])
        by_login = {user.login: user for user in users}
        queue = cls.env["case.queue"].create(
            {
                "name": "Matrix queue",
                "leader_id": by_login["case_matrix_supervisor"].id,
                "member_ids": [Command.link(by_login["case_matrix_agent"].id)],
            }
        )
        cls.ticket = cls.ticket_bottom
        cls.ticket.queue_id = queue
        Attachment = cls.env["ir.attachment"]
        cls.public_file = Attachment.create(
            {"name": "photo.png", "raw": PNG, "res_model": "case.ticket", "res_id": cls.ticket.id}
        )
        cls.ticket.message_post(
            body="Photo",
            attachment_ids=cls.public_file.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        cls.internal_file = Attachment.create(
            {
                "name": "audit.pdf",
                "raw": b"%PDF-1.4 internal",
                "res_model": "case.ticket",
                "res_id": cls.ticket.id,
            }
        )
        cls.ticket.message_post(
            body="Audit", attachment_ids=cls.internal_file.ids, subtype_xmlid="mail.mt_note"
        )
        cls.token = cls.ticket._portal_ensure_token()

    def _files_in_thread_data(self, token):
        answer = self.thread_data(self.ticket, token=token)
        self.assertNotIn("error", answer)
        text = json.dumps(answer["result"])
        names = {name for name in ("photo.png", "audit.pdf") if name in text}
        return {frozenset(): NONE, frozenset({"photo.png"}): PUBLIC}.get(frozenset(names), ALL)

    def _note_post(self, token):
        answer = self.post(
            self.ticket, {"body": "Matrix note", "subtype_xmlid": "mail.mt_note"}, token
        )
        if "error" in answer:
            return REFUSED
        message = self.env["mail.message"].browse(answer["result"]["message_id"])
        return NOTE if message.subtype_id == self.env.ref("mail.mt_note") else COMMENT

    def _downloads(self, url):
        response = self.url_open(url)
        return response.status_code == 200 and response.content in (PNG, b"%PDF-1.4 internal")

    def test_matrix(self):
        closed = self.env.ref("helpdesk_case.stage_closed")
        for role, expected in MATRIX.items():
            login, with_token, files, may_post, note, public_dl, internal_dl = expected
            with self.subTest(role=role):
                self.authenticate(login, login)
                token = self.token if with_token else None
                suffix = f"?access_token={self.token}" if with_token else ""
                self.assertEqual(self._files_in_thread_data(token), files, "thread data")

                answer = self.post(self.ticket, {"body": f"Hello from {role}"}, token)
                self.assertEqual("error" not in answer, may_post, "post")
                self.assertEqual(self._note_post(token), note, "post with the note subtype")

                self.ticket.stage_id = closed
                answer = self.post(self.ticket, {"body": "5!", "rating_value": 5}, token)
                self.assertIn("error", answer, "rating through the chatter")
                self.assertFalse(self.ratings(self.ticket))
                self.ticket.stage_id = self.stage_new

                portal_url = f"/my/cases/{self.ticket.id}/attachments/{self.public_file.id}"
                self.assertEqual(self._downloads(portal_url + suffix), public_dl, "portal file")
                internal_url = f"/web/content/{self.internal_file.id}"
                self.assertEqual(self._downloads(internal_url), internal_dl, "internal file")
                internal_portal = f"/my/cases/{self.ticket.id}/attachments/{self.internal_file.id}"
                self.assertFalse(self._downloads(internal_portal + suffix), "internal via portal")
