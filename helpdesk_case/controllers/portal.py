from urllib.parse import urlencode

from werkzeug.exceptions import NotFound

from odoo import _, http
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.fields import Domain
from odoo.http import request
from odoo.tools import consteq, plaintext2html

from ..models.case_ticket import NAME_MAX_LENGTH

RATING_VALUES = (1, 3, 5)


class CaseCustomerPortal(CustomerPortal):
    """Portal of the helpdesk: list, detail, close, rate and create cases."""

    # ------------------------------------------------------------------ home

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "case_count" in counters:
            Ticket = request.env["case.ticket"]
            default_scope = next(iter(self._case_searchbar_scopes().values()))
            values["case_count"] = (
                Ticket.search_count(default_scope["domain"]) if Ticket.has_access("read") else 0
            )
        return values

    # ------------------------------------------------------------------ helpers

    def _case_searchbar_sortings(self):
        return {
            "date": {"label": _("Newest"), "order": "id desc"},
            "number": {"label": _("Reference"), "order": "number desc, id desc"},
            "name": {"label": _("Subject"), "order": "name asc, id desc"},
            "stage": {"label": _("Status"), "order": "stage_id asc, id desc"},
        }

    def _case_searchbar_filters(self):
        Ticket = request.env["case.ticket"]
        return {
            "all": {"label": _("All"), "domain": Domain.TRUE},
            "open": {"label": _("Open"), "domain": Ticket._closed_domain(False)},
            "closed": {"label": _("Closed"), "domain": Ticket._closed_domain()},
        }

    def _case_searchbar_scopes(self):
        """Whose cases to list; the first is the default. Consultants choose among them."""
        Ticket = request.env["case.ticket"]
        return {
            "all": {
                "label": _("Mine and my network"),
                "domain": Ticket._portal_scope_domain("all"),
            },
            "mine": {"label": _("Mine"), "domain": Ticket._portal_scope_domain("mine")},
            "network": {"label": _("My network"), "domain": Ticket._portal_scope_domain("network")},
        }

    def _case_searchbar_inputs(self):
        return {
            "all": {"input": "all", "label": _("Search in Reference and Subject")},
            "number": {"input": "number", "label": _("Search in Reference")},
            "name": {"input": "name", "label": _("Search in Subject")},
        }

    def _case_search_domain(self, search_in, search):
        if search_in == "number":
            return [("number", "ilike", search)]
        if search_in == "name":
            return [("name", "ilike", search)]
        return ["|", ("number", "ilike", search), ("name", "ilike", search)]

    def _case_portal_typifications(self):
        """Typifications a portal user may choose: active, portal-visible leaves."""
        company_ids = [False, *request.env.user.company_ids.ids]
        return (
            request.env["case.typification"]
            .sudo()
            .search(
                [
                    ("portal_visible", "=", True),
                    ("child_ids", "=", False),
                    ("company_id", "in", company_ids),
                ]
            )
        )

    def _case_check_access(self, ticket_id, access_token=None):
        """The ticket as superuser once the caller proved read access (rules or token)."""
        return self._document_check_access("case.ticket", ticket_id, access_token=access_token)

    def _case_readable_ticket(self, ticket_id, access_token=None):
        """The checked ticket (sudo), or 404 for anything the caller may not read."""
        try:
            return self._case_check_access(ticket_id, access_token)
        except (AccessError, MissingError):
            raise NotFound() from None

    def _case_ticket_for_requester(self, ticket_id, access_token=None):
        """The checked ticket (sudo) if the caller speaks for its requester, else 404."""
        ticket_sudo = self._case_readable_ticket(ticket_id, access_token)
        if not self._case_may_act(ticket_sudo, access_token):
            raise NotFound()
        return ticket_sudo

    def _case_acting_partner(self, ticket_sudo, access_token=None):
        """Who acts on the ticket: a logged-in user for themselves; an anonymous visitor with
        the e-mail link's token for the requester. The token never lends a logged-in user
        someone else's rights (a consultant may read a downline case, not close or rate it).
        """
        user = request.env.user
        if not user._is_public():
            return user.partner_id
        if (
            access_token
            and ticket_sudo.access_token
            and consteq(ticket_sudo.access_token, access_token)
        ):
            return ticket_sudo.partner_id
        return request.env["res.partner"]

    def _case_may_act(self, ticket_sudo, access_token=None):
        """Whether the caller speaks for the requester: close and rate are theirs only."""
        partner = self._case_acting_partner(ticket_sudo, access_token)
        return ticket_sudo._portal_is_requester(partner)

    def _case_url(self, ticket_sudo, access_token=None, **params):
        query = {**params, **({"access_token": access_token} if access_token else {})}
        return f"{ticket_sudo.access_url}?{urlencode(query)}" if query else ticket_sudo.access_url

    # ------------------------------------------------------------------ list

    @http.route(["/my/cases", "/my/cases/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_cases(self, **kwargs):
        if not request.env["case.ticket"].has_access("read"):
            return request.redirect("/my")
        values = self._prepare_cases_values(**kwargs)
        request.session["my_cases_history"] = values["tickets"].ids[:100]
        return request.render("helpdesk_case.portal_my_cases", values)

    def _prepare_case_search(self, sortby=None, filterby=None, scope=None, search_in="all", **kw):
        """The searchbar's options and the chosen ones, unknown values replaced by defaults."""
        options = {
            "searchbar_sortings": self._case_searchbar_sortings(),
            "searchbar_filters": self._case_searchbar_filters(),
            "searchbar_scopes": self._case_searchbar_scopes(),
            "searchbar_inputs": self._case_searchbar_inputs(),
        }
        chosen = {
            "sortby": (sortby, "searchbar_sortings", "date"),
            "filterby": (filterby, "searchbar_filters", "all"),
            "scope": (scope, "searchbar_scopes", None),
            "search_in": (search_in, "searchbar_inputs", "all"),
        }
        for key, (value, option, default) in chosen.items():
            choices = options[option]
            options[key] = value if value in choices else default or next(iter(choices))
        return options

    def _prepare_case_domain(self, search_values, search=None):
        """The list's domain: scope, filter and search; record rules do the rest."""
        domain = Domain(search_values["searchbar_scopes"][search_values["scope"]]["domain"]) & (
            Domain(search_values["searchbar_filters"][search_values["filterby"]]["domain"])
        )
        if search:
            domain &= Domain(self._case_search_domain(search_values["search_in"], search))
        return domain

    def _prepare_cases_values(self, page=1, search=None, **kwargs):
        """Everything the list template needs; extend with ``super()`` to add columns."""
        Ticket = request.env["case.ticket"]
        values = self._prepare_portal_layout_values()
        search_values = self._prepare_case_search(**kwargs)
        domain = self._prepare_case_domain(search_values, search)
        pager = portal_pager(
            url="/my/cases",
            url_args={
                key: search_values[key] for key in ("sortby", "filterby", "scope", "search_in")
            }
            | {"search": search},
            total=Ticket.search_count(domain),
            page=page,
            step=self._items_per_page,
        )
        tickets = Ticket.search(
            domain,
            order=search_values["searchbar_sortings"][search_values["sortby"]]["order"],
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        partner = request.env.user.partner_id
        values.update(search_values)
        values.update(
            {
                # sudo: display only; the search above ran with the user's rules.
                "tickets": tickets.sudo(),
                "my_commercial_partner": partner.commercial_partner_id,
                "is_consultant": partner.is_consultant,
                "page_name": "cases",
                "pager": pager,
                "default_url": "/my/cases",
                "search": search,
            }
        )
        return values

    # ------------------------------------------------------------------ detail

    @http.route(["/my/cases/<int:ticket_id>"], type="http", auth="public", website=True)
    def portal_my_case(self, ticket_id, access_token=None, message=None, **kw):
        try:
            ticket_sudo = self._case_check_access(ticket_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        if access_token and not request.env.user._is_public():
            ticket = ticket_sudo.sudo(False)
            if ticket.has_access("read"):
                # a logged-in reader opens the case as themselves: keep the token off the page
                query = {"message": message} if message else {}
                return request.redirect(self._case_url(ticket_sudo, **query))
        values = self._case_page_values(ticket_sudo, access_token, message=message, **kw)
        return request.render("helpdesk_case.portal_my_case", values)

    def _case_page_values(self, ticket_sudo, access_token, message=None, **kwargs):
        partner = self._case_acting_partner(ticket_sudo, access_token)
        may_act = ticket_sudo._portal_is_requester(partner)
        messages = {
            "closed": _("Your case is closed. Tell us how we did."),
            "rated": _("Thank you for your feedback."),
            "not_closable": _("This case cannot be closed from the portal at this stage."),
            "not_rateable": _("Only closed cases can be rated, once."),
            "bad_rating": _("Choose one of the proposed ratings."),
        }
        rating = ticket_sudo._portal_rating(partner) if ticket_sudo.is_closed else None
        values = {
            "ticket": ticket_sudo,
            "page_name": "case",
            "may_act": may_act,
            "can_close": may_act and ticket_sudo._portal_can_close(),
            "can_rate": may_act and ticket_sudo._portal_can_rate(partner),
            "rating": rating,
            "rating_values": RATING_VALUES,
            "case_message": messages.get(message),
            "case_message_is_error": message in ("not_closable", "not_rateable", "bad_rating"),
            "attachments": ticket_sudo._portal_attachments(),
            "case_link_sections": self._case_link_sections(ticket_sudo, access_token),
        }
        no_breadcrumbs = request.env.user._is_public()
        values = self._get_page_view_values(
            ticket_sudo, access_token, values, False, no_breadcrumbs, **kwargs
        )
        values.update(self._case_records_pager(ticket_sudo))
        return values

    def _case_records_pager(self, ticket_sudo):
        """Previous and next case of the visitor's last list, by plain URL.

        Odoo's pager adds each neighbour's access token to its link: a consultant would then
        hold the token of a downline case, which would let them act as its requester.
        """
        history = request.session.get("my_cases_history", [])
        if ticket_sudo.id not in history:
            return {}
        index = history.index(ticket_sudo.id)
        neighbours = {
            "prev_record": history[index - 1] if index > 0 else False,
            "next_record": history[index + 1] if index + 1 < len(history) else False,
        }
        return {key: f"/my/cases/{id_}" if id_ else False for key, id_ in neighbours.items()}

    def _case_link_sections(self, ticket_sudo, access_token=None):
        """Documents linked to the case, shown beside it: ``[{"title", "access_url"}]``.

        Bridges append theirs (the order, the invoices, a credit note) with ``super()``, after
        checking the visitor may open them (``_document_check_access``, or the visitor's
        ``access_token`` for this case when they came from an e-mail link).
        """
        return []

    # ------------------------------------------------------------------ actions

    @http.route(
        ["/my/cases/<int:ticket_id>/close"],
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_case_close(self, ticket_id, access_token=None, **kw):
        ticket_sudo = self._case_ticket_for_requester(ticket_id, access_token)
        if not ticket_sudo._portal_can_close():
            return request.redirect(
                self._case_url(ticket_sudo, access_token, message="not_closable")
            )
        try:
            with request.env.cr.savepoint():
                ticket_sudo._portal_close(self._case_acting_partner(ticket_sudo, access_token))
        except UserError:
            return request.redirect(
                self._case_url(ticket_sudo, access_token, message="not_closable")
            )
        return request.redirect(self._case_url(ticket_sudo, access_token, message="closed"))

    @http.route(
        ["/my/cases/<int:ticket_id>/rate"],
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_case_rate(self, ticket_id, access_token=None, rate=None, feedback=None, **kw):
        ticket_sudo = self._case_ticket_for_requester(ticket_id, access_token)
        try:
            rate = int(rate)
        except (TypeError, ValueError):
            rate = None
        if rate not in RATING_VALUES:
            return request.redirect(self._case_url(ticket_sudo, access_token, message="bad_rating"))
        partner = self._case_acting_partner(ticket_sudo, access_token)
        if not ticket_sudo._portal_can_rate(partner):
            return request.redirect(
                self._case_url(ticket_sudo, access_token, message="not_rateable")
            )
        token = ticket_sudo._rating_get_access_token(partner=partner)
        ticket_sudo.rating_apply(rate, token=token, feedback=(feedback or "").strip()[:2000])
        return request.redirect(self._case_url(ticket_sudo, access_token, message="rated"))

    @http.route(
        ["/my/cases/<int:ticket_id>/attachments/<int:attachment_id>"],
        type="http",
        auth="public",
        methods=["GET"],
    )
    def portal_case_attachment(self, ticket_id, attachment_id, access_token=None, **kw):
        ticket_sudo = self._case_readable_ticket(ticket_id, access_token)
        return self._case_file_download(ticket_sudo._portal_attachments(), attachment_id)

    def _case_file_download(self, attachments_sudo, attachment_id):
        """The file ``attachment_id`` among ``attachments_sudo`` (those the caller checked the
        visitor may read: a case's, an article's) as a download; any other id is not found."""
        attachment_sudo = attachments_sudo.filtered(
            lambda attachment: attachment.id == attachment_id
        )
        if not attachment_sudo:
            raise NotFound()
        stream = request.env["ir.binary"]._get_stream_from(attachment_sudo)
        return stream.get_response(as_attachment=True)

    # ------------------------------------------------------------------ create

    @http.route(["/my/cases/new"], type="http", auth="user", methods=["GET", "POST"], website=True)
    def portal_case_new(self, **post):
        typifications = self._case_portal_typifications()
        if request.httprequest.method != "POST":
            return self._case_render_new(typifications, {}, {})
        files = [f for f in request.httprequest.files.getlist("attachments") if f.filename]
        errors, vals, uploads = self._case_validate_new(post, typifications, files)
        if errors:
            return self._case_render_new(typifications, post, errors, status=400)
        try:
            with request.env.cr.savepoint():
                ticket_sudo = self._case_create(vals, uploads)
        except (UserError, ValidationError) as error:
            return self._case_render_new(
                typifications, post, {"general": str(error.args[0])}, status=400
            )
        return request.redirect(ticket_sudo.access_url)

    def _case_request_too_large(self, path):
        """The page answering a request the server refused as too large (see ``ir.http``)."""
        if path != "/my/cases/new" or request.env.user._is_public():
            return None
        return self._case_render_new(
            self._case_portal_typifications(),
            {},
            {"attachments": self._case_too_large_message()},
            status=413,
        )

    def _case_too_large_message(self):
        __, max_size = request.env["ir.attachment"]._case_upload_policy()
        return _(
            "What you sent is too large for the server: attach files of up to %(limit).1f MB "
            "each, and fewer of them.",
            limit=max_size / 1024 / 1024,
        )

    def _case_render_new(self, typifications, post, errors, status=200):
        extensions, max_size = request.env["ir.attachment"]._case_upload_policy()
        values = {
            **self._prepare_portal_layout_values(),
            "page_name": "case_new",
            "typifications": typifications,
            "form": post,
            "errors": errors,
            "upload_extensions": sorted(extensions),
            "upload_max_mb": round(max_size / 1024 / 1024, 1),
        }
        return request.render("helpdesk_case.portal_case_new", values, status=status)

    def _case_validate_new(self, post, typifications, files):
        """Check the whole form first: (errors, ticket values, [(name, data)])."""
        errors, checked = self._case_validate_request(post, typifications, files)
        vals = request.env["case.ticket"]._prepare_intake_values(
            "portal",
            partner=request.env.user.partner_id,
            typification=checked["typification"],
            name=checked["subject"],
            description=checked["description"],
        )
        return errors, vals, checked["uploads"]

    def _case_validate_request(self, post, typifications, files):
        """The fields every case form asks (subject, type, description, files), checked.

        :return: (errors by field, ``{"subject", "typification", "description", "uploads"}``)
        """
        errors = {}
        subject = (post.get("subject") or "").strip()
        if not subject:
            errors["subject"] = _("Give your case a subject.")
        elif len(subject) > NAME_MAX_LENGTH:
            errors["subject"] = _(
                "The subject is limited to %(limit)s characters (yours has %(length)s): put the "
                "details in the description.",
                limit=NAME_MAX_LENGTH,
                length=len(subject),
            )
        typification = request.env["case.typification"]
        raw_typification = (post.get("typification_id") or "").strip()
        if raw_typification:
            try:
                typification = typifications.filtered(lambda t: t.id == int(raw_typification))
            except ValueError:
                typification = typification.browse()
            if not typification:
                errors["typification_id"] = _("Choose the type of your case from the list.")
        elif typifications:
            errors["typification_id"] = _("Choose the type of your case.")
        uploads = []
        file_errors = []
        for upload in files:
            data = upload.read()
            try:
                request.env["ir.attachment"]._case_check_upload(upload.filename, len(data))
            except ValidationError as error:
                file_errors.append(str(error.args[0]))
            uploads.append((upload.filename, data))
        if file_errors:
            errors["attachments"] = "\n".join(file_errors)
        description = (post.get("description") or "").strip()
        return errors, {
            "subject": subject,
            "typification": typification,
            "description": plaintext2html(description) if description else False,
            "uploads": uploads,
        }

    def _case_create(self, vals, uploads):
        """Create the checked ticket, then post its files as the customer's first message."""
        # sudo: portal users only read tickets; everything was validated above.
        ticket_sudo = request.env["case.ticket"].sudo().create(vals)
        ticket_sudo._post_intake_files(uploads, request.env.user.partner_id)
        return ticket_sudo
