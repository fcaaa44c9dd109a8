from odoo import _, http
from odoo.addons.helpdesk_case.controllers.portal import CaseCustomerPortal
from odoo.exceptions import AccessError, MissingError
from odoo.fields import Domain
from odoo.http import request
from odoo.tools import SQL

PORTAL_ORDER_CASES = 10
PORTAL_ORDER_REPLIES = 3  # latest public replies shown per case


class CaseSalePortal(CaseCustomerPortal):
    def _case_portal_order(self, order_id, access_token=None):
        """The order (sudo) the visitor may open, else an empty recordset."""
        try:
            return self._document_check_access("sale.order", int(order_id), access_token)
        except (AccessError, MissingError, TypeError, ValueError):
            return request.env["sale.order"]

    def _case_link_sections(self, ticket_sudo, access_token=None):
        sections = super()._case_link_sections(ticket_sudo, access_token)
        order = ticket_sudo.sale_order_id
        if order and self._case_portal_order(order.id):
            sections.append(
                {"title": _("Order %s", order.name), "access_url": order.get_portal_url()}
            )
        return sections

    @http.route()
    def portal_case_new(self, **post):
        if request.httprequest.method != "POST" and post.get("sale_order_id"):
            order = self._case_portal_order(post["sale_order_id"])
            if order:
                form = {"subject": _("Order %s", order.name), "sale_order_id": order.id}
                return self._case_render_new(self._case_portal_typifications(), form, {})
        return super().portal_case_new(**post)

    def _case_validate_new(self, post, typifications, files):
        errors, vals, uploads = super()._case_validate_new(post, typifications, files)
        if post.get("sale_order_id"):
            order = self._case_portal_order(post["sale_order_id"])
            if order:
                # a case about an order comes in through the "order" channel
                vals.update(
                    request.env["case.ticket"]._prepare_intake_values(
                        "order", sale_order_id=order.id
                    )
                )
            else:
                errors["general"] = _("You cannot open a case about this order.")
        return errors, vals, uploads

    def _get_page_view_values(self, document, access_token, values, *args, **kwargs):
        values = super()._get_page_view_values(document, access_token, values, *args, **kwargs)
        if document._name == "sale.order" and not request.env.user._is_public():
            values["case_order_cases"] = self._case_order_cases(document)
        return values

    def _case_order_cases(self, order_sudo):
        """The visitor's cases about ``order_sudo``, each with its latest public replies: 3
        queries whatever the number of cases (tickets, replies, their authors)."""
        partner = request.env.user.partner_id
        # sudo: portal users read their cases through the portal pages only
        Ticket = request.env["case.ticket"].sudo()
        tickets = Ticket.search(
            [
                ("sale_order_id", "=", order_sudo.id),
                ("commercial_partner_id", "=", partner.commercial_partner_id.id),
            ],
            limit=PORTAL_ORDER_CASES,
            order="id desc",
        )
        replies = self._case_public_replies(tickets, partner)
        return [
            {"ticket": ticket, "replies": replies.filtered(lambda m, t=ticket: m.res_id == t.id)}
            for ticket in tickets
        ]

    def _case_public_replies(self, tickets, partner):
        """The latest public replies (not the visitor's own) of each of ``tickets``, newest
        first, at most PORTAL_ORDER_REPLIES a case, in one query."""
        Message = request.env["mail.message"].sudo()
        if not tickets:
            return Message
        query = Message._search(
            Message._get_search_domain_share()
            & Domain(tickets._fields["website_message_ids"].get_comodel_domain(tickets))
            & Domain("res_id", "in", tickets.ids)
            & Domain("author_id", "!=", partner.id)
            & Domain("body", "!=", False)
        )
        # the latest replies of each case: ranked per case in the same query
        ranked = query.select(
            SQL.identifier(query.table, "id"),
            SQL(
                "ROW_NUMBER() OVER (PARTITION BY %s ORDER BY %s DESC, %s DESC) AS case_rank",
                SQL.identifier(query.table, "res_id"),
                SQL.identifier(query.table, "date"),
                SQL.identifier(query.table, "id"),
            ),
        )
        rows = request.env.execute_query(
            SQL(
                "SELECT id FROM (%s) AS ranked WHERE case_rank <= %s ORDER BY case_rank",
                ranked,
                PORTAL_ORDER_REPLIES,
            )
        )
        return Message.browse([row[0] for row in rows])
