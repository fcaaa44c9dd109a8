from odoo import _
from odoo.addons.helpdesk_case.controllers.portal import CaseCustomerPortal
from odoo.exceptions import AccessError, MissingError


class CaseAccountPortal(CaseCustomerPortal):
    def _case_link_sections(self, ticket_sudo, access_token=None):
        """The case's invoice and its posted notes, when the visitor may open them."""
        sections = super()._case_link_sections(ticket_sudo, access_token)
        documents = ticket_sudo.invoice_id | ticket_sudo.credit_note_ids.filtered(
            lambda note: note.state == "posted"
        )
        for document in documents:
            try:
                self._document_check_access("account.move", document.id)
                url = document.access_url
            except (AccessError, MissingError):
                if not access_token:
                    continue
                # the visitor holds this case's token: its documents are theirs as requester
                url = document.get_portal_url()
            title = (
                _("Invoice %s", document.name)
                if document.move_type == "out_invoice"
                else _("Note %s", document.name)
            )
            sections.append({"title": title, "access_url": url})
        return sections
