import re

from odoo import http
from odoo.tests import TransactionCase, tagged

from .common import PNG, CasePortalCommon


@tagged("post_install", "-at_install")
class TestPublicForm(CasePortalCommon):
    SUBJECT = "Public form case subject"

    def setUp(self):
        super().setUp()
        self.authenticate(None, None)  # an anonymous visitor, with a session for CSRF

    def _send(self, data=None, files=None, csrf=True):
        data = {
            "name": "Rosa Visitante",
            "email": "rosa.visitante@example.org",
            "phone": "+52 55 1234 5678",
            "vat": "rovr800101ab1",
            "typification_id": str(self.typ_portal.id),
            "subject": self.SUBJECT,
            "description": "My parcel never came.\nPlease help.",
            **(data or {}),
        }
        if csrf:
            data["csrf_token"] = http.Request.csrf_token(self)
        return self.url_open("/support/new", data=data, files=files or {"attachments": ("", b"")})

    def _counts(self):
        return (
            self.env["case.ticket"].search_count([]),
            self.env["ir.attachment"].search_count([("res_model", "=", "case.ticket")]),
            self.env["res.partner"].with_context(active_test=False).search_count([]),
            self.env["case.web.form.request"].search_count([]),
        )

    def _set_limits(self, email, ip_address):
        params = self.env["ir.config_parameter"]
        params.set_param("helpdesk_case.web_form_limit_email", email)
        params.set_param("helpdesk_case.web_form_limit_ip", ip_address)

    def assertRefused(self, response, *messages, status=400):
        self.assertEqual(response.status_code, status)
        self.assertIn("o_case_form_errors", response.text)
        self.assertIn("o_case_support_form", response.text, "the form is there to try again")
        for message in messages:
            self.assertIn(message, response.text)
        self.assertNotIn("Traceback", response.text)

    def assertThanks(self, response, number=None):
        """The thank-you page, with this reference (or with none)."""
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.url.endswith("/support/thanks"), response.url)
        self.assertIn("o_case_support_thanks", response.text)
        if number:
            self.assertIn(number, response.text)
        else:
            self.assertNotIn("o_case_support_number", response.text)

    def test_form_lists_only_portal_leaves(self):
        response = self.url_open("/support/new")
        self.assertEqual(response.status_code, 200)
        options = re.findall(r'<option value="(\d+)"', response.text)
        self.assertIn(str(self.typ_portal.id), options)
        self.assertNotIn(str(self.typ_internal.id), options)
        self.assertNotIn(str(self.typ_category.id), options)
        self.assertIn('name="website_url"', response.text)  # the honeypot
        self.assertIn("XSD", response.text)  # the allowed file types are announced

    def test_success(self):
        before = self._counts()
        response = self._send(files={"attachments": ("proof.png", PNG, "image/png")})
        ticket = self.env["case.ticket"].search([("name", "=", self.SUBJECT)])
        self.assertEqual(len(ticket), 1)
        self.assertThanks(response, ticket.number)
        self.assertEqual(ticket.channel_id, self.env.ref("helpdesk_case.channel_web_form"))
        self.assertEqual(ticket.typification_id, self.typ_portal)
        self.assertFalse(ticket.partner_id, "no contact is created for an unknown address")
        self.assertEqual(
            (ticket.partner_name, ticket.partner_email, ticket.partner_phone, ticket.partner_vat),
            ("Rosa Visitante", "rosa.visitante@example.org", "+52 55 1234 5678", "ROVR800101AB1"),
        )
        self.assertIn("Please help.", ticket.description)
        first = ticket.message_ids.filtered("attachment_ids")
        self.assertEqual(len(first), 1)
        self.assertEqual(first.attachment_ids.mapped("name"), ["proof.png"])
        self.assertEqual(first.attachment_ids.raw, PNG)
        self.assertEqual(first.subtype_id, self.env.ref("mail.mt_comment"))
        tickets, attachments, partners, requests = before
        self.assertEqual(self._counts(), (tickets + 1, attachments + 1, partners, requests + 1))
        # the reference is shown once, to whoever sent the request
        self.assertThanks(self.url_open("/support/thanks"))
        # the acknowledgement goes to the address typed, with the reference and the case's link
        ack = self.env["mail.mail"].search(
            [("model", "=", "case.ticket"), ("res_id", "=", ticket.id)]
        )
        self.assertEqual(len(ack), 1)
        self.assertEqual(ack.email_to, "rosa.visitante@example.org")
        self.assertIn(ticket.number, ack.subject)
        self.assertIn("has been received", ack.body_html)
        self.assertIn(f"/my/cases/{ticket.id}?access_token=", ack.body_html)

    def test_existing_partner_is_linked_and_not_disclosed(self):
        known = self.env["res.partner"].create(
            {"name": "Known Secret Name", "email": "known@example.org", "phone": "+1 555 0100"}
        )
        before = self._counts()
        response = self._send({"email": " Known@Example.org ", "name": "Someone Else"})
        ticket = self.env["case.ticket"].search([("name", "=", self.SUBJECT)])
        self.assertThanks(response, ticket.number)
        self.assertEqual(ticket.partner_id, known)
        self.assertEqual(ticket.partner_email, "known@example.org")
        self.assertEqual(ticket.partner_name, "Someone Else", "what the visitor typed")
        for secret in ("Known Secret Name", "+1 555 0100", "known@example.org"):
            self.assertNotIn(secret, response.text)
        self.assertEqual((known.name, known.phone), ("Known Secret Name", "+1 555 0100"))
        self.assertEqual(self._counts()[2], before[2], "no contact created")

    def test_missing_csrf_token(self):
        before = self._counts()
        response = self._send(csrf=False)
        self.assertEqual(response.status_code, 400)
        self.assertNotIn("Traceback", response.text)
        self.assertEqual(self._counts(), before)

    def test_honeypot(self):
        before = self._counts()
        response = self._send(
            {"website_url": "http://spam.example.com"},
            files={"attachments": ("proof.png", PNG, "image/png")},
        )
        self.assertThanks(response)
        self.assertEqual(self._counts(), before)

    def test_rate_limit_per_email(self):
        self._set_limits(email=2, ip_address=0)
        for __ in range(2):
            self.assertIn("o_case_support_number", self._send().text)
        before = self._counts()
        response = self._send({"email": "ROSA.visitante@example.org"})
        self.assertRefused(response, "too many requests", status=429)
        self.assertIn(self.SUBJECT, response.text)  # the visitor's input is kept
        self.assertEqual(self._counts(), before)
        # another address is still welcome
        self.assertIn("o_case_support_number", self._send({"email": "other@example.org"}).text)

    def test_rate_limit_per_ip(self):
        self._set_limits(email=0, ip_address=2)
        for index in range(2):
            response = self._send({"email": f"visitor{index}@example.org"})
            self.assertIn("o_case_support_number", response.text)
        before = self._counts()
        response = self._send({"email": "visitor9@example.org"})
        self.assertRefused(response, "too many requests", status=429)
        self.assertEqual(self._counts(), before)

    def test_bad_email(self):
        before = self._counts()
        for email in ("not-an-email", "a@example.org, b@example.org", "x@"):
            response = self._send({"email": email})
            self.assertRefused(response, "is not a valid e-mail address")
            self.assertIn(self.SUBJECT, response.text)
        self.assertEqual(self._counts(), before)

    def test_missing_fields(self):
        before = self._counts()
        response = self._send(
            {"name": " ", "email": "", "subject": "  ", "description": "kept description"}
        )
        self.assertRefused(
            response,
            "Tell us your name.",
            "Give the e-mail address where we will answer you.",
            "Give your case a subject.",
            "kept description",
        )
        self.assertEqual(self._counts(), before)

    def test_requester_fields_too_long(self):
        before = self._counts()
        response = self._send({"name": "n" * 129, "phone": "1" * 129, "vat": "v" * 129})
        self.assertRefused(
            response,
            "Your name is limited to 128 characters.",
            "The phone is limited to 128 characters.",
            "The tax ID is limited to 128 characters.",
        )
        self.assertEqual(self._counts(), before)

    def test_forbidden_file_type(self):
        before = self._counts()
        files = [
            ("attachments", ("fine.pdf", b"%PDF-1.4", "application/pdf")),
            ("attachments", ("virus.exe", b"MZ\x90\x00", "application/octet-stream")),
        ]
        response = self._send(files=files)
        self.assertRefused(response, "virus.exe")
        self.assertEqual(self._counts(), before)

    def test_oversize_file(self):
        before = self._counts()
        __, max_size = self.env["ir.attachment"]._case_upload_policy()
        big = b"%PDF-1.4\n" + (b"0" * 1023 + b"\n") * (max_size // 1024 + 1)
        response = self._send(files={"attachments": ("big.pdf", big, "application/pdf")})
        self.assertRefused(response, "big.pdf")
        self.assertEqual(self._counts(), before)

    def test_request_over_the_server_limit(self):
        self.env["ir.config_parameter"].set_param("web.max_file_upload_size", 1024 * 1024)
        before = self._counts()
        big = b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024)
        response = self._send(files={"attachments": ("big.pdf", big, "application/pdf")})
        self.assertRefused(response, "too large for the server", status=413)
        self.assertEqual(self._counts(), before)

    def test_typification_not_offered(self):
        before = self._counts()
        for value in (str(self.typ_internal.id), str(self.typ_category.id), "999999999", "abc"):
            response = self._send({"typification_id": value})
            self.assertRefused(response, "Choose the type of your case from the list.")
        self.assertEqual(self._counts(), before)

    def test_subject_too_long(self):
        before = self._counts()
        response = self._send({"subject": "x" * 201})
        self.assertRefused(response, "limited to 200 characters")
        self.assertEqual(self._counts(), before)

    def test_links_on_my_home_and_in_the_footer(self):
        self.assertIn('class="o_case_support_link', self.url_open("/support/new").text)
        self.authenticate("case_cust_a", "case_cust_a")
        home = self.url_open("/my").text
        self.assertIn('href="/support/new"', home)
        self.assertIn("Support form", home)

    def test_signed_in_visitor_finds_their_data(self):
        self.authenticate("case_cust_a", "case_cust_a")
        response = self.url_open("/support/new")
        self.assertIn(self.customer_a.partner_id.email, response.text)


@tagged("post_install", "-at_install")
class TestWebFormRequestCleanup(TransactionCase):
    def test_autovacuum_deletes_requests_out_of_the_window(self):
        Request = self.env["case.web.form.request"]
        old = Request._log_request("old@example.org", "10.0.0.1")
        recent = Request._log_request("recent@example.org", "10.0.0.1")
        self.env.cr.execute(
            "UPDATE case_web_form_request SET create_date = %s WHERE id = %s",
            [self.env.cr.now().replace(year=2000), old.id],
        )
        Request.invalidate_model()
        Request._gc_expired()
        self.assertFalse(old.exists())
        self.assertTrue(recent.exists())
