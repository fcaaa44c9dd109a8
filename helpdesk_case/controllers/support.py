from odoo import _, http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request
from odoo.tools import email_normalize

from .portal import CaseCustomerPortal

# A field people never see: whoever fills it in is a robot (see the form template).
HONEYPOT_FIELD = "website_url"
REQUESTER_FIELD_MAX_LENGTH = 128
THANKS_SESSION_KEY = "case_support_number"


class CaseSupportForm(CaseCustomerPortal):
    """Public web form: anyone opens a case without an account, at ``/support/new``.

    It inherits the portal's controller for its form checks (subject, typification, files)
    and its answer to requests too large for the server.
    """

    @http.route(["/support/new"], type="http", auth="public", methods=["GET", "POST"], website=True)
    def support_new(self, **post):
        typifications = self._case_portal_typifications()
        if request.httprequest.method != "POST":
            return self._support_render(typifications, self._support_defaults(), {})
        if post.get(HONEYPOT_FIELD):
            # a robot: it gets the same answer as a person, and nothing is created
            return request.redirect("/support/thanks")
        files = [f for f in request.httprequest.files.getlist("attachments") if f.filename]
        errors, checked = self._support_validate(post, typifications, files)
        if errors:
            return self._support_render(typifications, post, errors, status=400)
        Request = request.env["case.web.form.request"]
        ip_address = request.httprequest.remote_addr
        if Request._is_over_limit(checked["email"], ip_address):
            message = _(
                "We received too many requests from you in the last hour: please try again later."
            )
            return self._support_render(typifications, post, {"general": message}, status=429)
        try:
            with request.env.cr.savepoint():
                ticket_sudo = self._support_create(checked)
        except (UserError, ValidationError) as error:
            return self._support_render(
                typifications, post, {"general": str(error.args[0])}, status=400
            )
        Request._log_request(checked["email"], ip_address)
        request.session[THANKS_SESSION_KEY] = ticket_sudo.number
        return request.redirect("/support/thanks")

    @http.route(
        ["/support/thanks"],
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
        sitemap=False,
    )
    def support_thanks(self, **kwargs):
        # the reference of the visitor's own request only, once: the page shows nothing else
        number = request.session.pop(THANKS_SESSION_KEY, None)
        return request.render("helpdesk_case.support_thanks", {"number": number})

    def _case_request_too_large(self, path):
        if path != "/support/new":
            return super()._case_request_too_large(path)
        errors = {"attachments": self._case_too_large_message()}
        return self._support_render(self._case_portal_typifications(), {}, errors, status=413)

    def _support_defaults(self):
        """A signed-in visitor finds their own contact data already filled in."""
        if request.env.user._is_public():
            return {}
        partner = request.env.user.partner_id
        return {
            "name": partner.name,
            "email": partner.email,
            "phone": partner.phone,
            "vat": partner.commercial_partner_id.vat,
        }

    def _support_render(self, typifications, post, errors, status=200):
        extensions, max_size = request.env["ir.attachment"]._case_upload_policy()
        values = {
            "typifications": typifications,
            "form": post,
            "errors": errors,
            "upload_extensions": sorted(extensions),
            "upload_max_mb": round(max_size / 1024 / 1024, 1),
            "honeypot_field": HONEYPOT_FIELD,
        }
        return request.render("helpdesk_case.support_new", values, status=status)

    def _support_validate(self, post, typifications, files):
        """Check the whole form: (errors by field, checked values)."""
        errors, checked = self._case_validate_request(post, typifications, files)
        requester = {
            "name": (post.get("name") or "").strip(),
            "email": (post.get("email") or "").strip(),
            "phone": (post.get("phone") or "").strip(),
            "vat": (post.get("vat") or "").strip().upper(),
        }
        if not requester["name"]:
            errors["name"] = _("Tell us your name.")
        if not requester["email"]:
            errors["email"] = _("Give the e-mail address where we will answer you.")
        else:
            email = email_normalize(requester["email"])
            if not email:
                errors["email"] = _(
                    "“%s” is not a valid e-mail address: check it, e.g. name@example.com.",
                    requester["email"][:REQUESTER_FIELD_MAX_LENGTH],
                )
            requester["email"] = email
        too_long = {
            "name": _("Your name is limited to %s characters.", REQUESTER_FIELD_MAX_LENGTH),
            "phone": _("The phone is limited to %s characters.", REQUESTER_FIELD_MAX_LENGTH),
            "vat": _("The tax ID is limited to %s characters.", REQUESTER_FIELD_MAX_LENGTH),
        }
        for field, message in too_long.items():
            if field not in errors and len(requester[field]) > REQUESTER_FIELD_MAX_LENGTH:
                errors[field] = message
        return errors, {**checked, **requester}

    def _support_requester(self, email, company):
        """The contact who owns this e-mail address, if any, in the ticket's company.

        The visitor proves nothing, yet the address does: acknowledgement and answers go to
        it whether or not a contact exists, and linking the ticket lets agents see the
        person's history. The visitor learns nothing about that contact (the answer is the
        same either way), and the contact is never changed.
        """
        return (
            request.env["case.ticket"]
            .sudo()
            ._partner_find_from_emails_single(
                [email],
                filter_found=lambda partner: not partner.company_id
                or partner.company_id == company,
                no_create=True,
            )[:1]
        )

    def _support_create(self, checked):
        """Create the checked ticket, then post its files as the requester's first message."""
        typification = checked["typification"]
        company = typification.company_id or request.env.company
        partner = self._support_requester(checked["email"], company)
        vals = request.env["case.ticket"]._prepare_intake_values(
            "web_form",
            partner=partner,
            typification=typification,
            name=checked["subject"],
            description=checked["description"],
            partner_name=checked["name"],
            partner_email=checked["email"],
            partner_phone=checked["phone"] or False,
            partner_vat=checked["vat"] or False,
        )
        # sudo: visitors may not create tickets; the values come from the form checked above
        ticket_sudo = request.env["case.ticket"].sudo().create(vals)
        ticket_sudo._post_intake_files(checked["uploads"], partner or request.env.user.partner_id)
        return ticket_sudo
