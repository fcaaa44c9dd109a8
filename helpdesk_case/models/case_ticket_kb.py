from odoo import api, fields, models
from odoo.tools import html2plaintext

KB_SUGGESTION_LIMIT = 5
KB_SUGGESTION_TEXT_LIMIT = 1000
# set by the composer of an article reply: the anonymous requester's address is a recipient
KB_REPLY_CONTEXT = "case_kb_reply"


class CaseTicket(models.Model):
    """Knowledge-base suggestions on the ticket form."""

    _inherit = "case.ticket"

    kb_suggestion_ids = fields.Many2many(
        "case.kb.article",
        string="Suggested Articles",
        compute="_compute_kb_suggestion_ids",
        help="Published articles of this ticket's typification and about its subject and "
        "description, best first.",
        groups="base.group_user",
    )

    @api.depends("name", "description", "typification_id")
    @api.depends_context("uid", "allowed_company_ids")  # only the articles the user may read
    def _compute_kb_suggestion_ids(self):
        Article = self.env["case.kb.article"]
        for ticket in self:
            ticket.kb_suggestion_ids = Article.search_articles(
                ticket._kb_suggestion_text(),
                limit=KB_SUGGESTION_LIMIT,
                typifications=ticket.typification_id,
                any_word=True,
            )

    def _kb_suggestion_text(self):
        self.ensure_one()
        description = html2plaintext(self.description or "") if self.description else ""
        return f"{self.name or ''} {description}"[:KB_SUGGESTION_TEXT_LIMIT]

    def _kb_reply_composer(self, body):
        """Odoo's full composer on this ticket with ``body`` ready to edit: a reply to the
        followers and the requester (the chatter's suggested recipients), sent by the agent."""
        self.ensure_one()
        recipients = self._message_get_suggested_recipients(reply_discussion=True)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reply with an Article"),
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [[False, "form"]],
            "target": "new",
            "context": {
                "default_composition_mode": "comment",
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_subtype_xmlid": "mail.mt_comment",
                "default_body": body,
                "default_partner_ids": [r["partner_id"] for r in recipients if r["partner_id"]],
                # the chatter's own full composer: recipients optional, followers notified
                "clicked_on_full_composer": True,
                KB_REPLY_CONTEXT: True,
            },
        }

    def message_post(self, **kwargs):
        # an anonymous requester has no contact to pick in the composer: their address
        if (
            self.env.context.get(KB_REPLY_CONTEXT)
            and not self.env.user.share
            and len(self) == 1
            and not self.partner_id
            and self.partner_email
            and "outgoing_email_to" not in kwargs
            and self._kb_is_public_reply(kwargs)
        ):
            kwargs.update(self._requester_post_values())
        return super().message_post(**kwargs)

    def _kb_is_public_reply(self, post_values):
        """A comment with a public subtype: a note written in the same composer stays inside."""
        if post_values.get("message_type", "notification") != "comment":
            return False
        if post_values.get("subtype_id"):
            subtype = self.env["mail.message.subtype"].browse(post_values["subtype_id"])
        else:
            subtype = self.env.ref(post_values.get("subtype_xmlid") or "mail.mt_note")
        return not subtype.internal
