from odoo import _, api, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

# Models whose customers may read only what their portal page shows.
CUSTOMER_SAFE_MODELS = ("case.ticket",)


class MailMessage(models.Model):
    _inherit = "mail.message"

    def _get_forbidden_access(self, operation):
        """Customers reach a case's messages by id too (RPC ``read``, ``web_read``): give them
        only what its portal page shows. Odoo hides internal *comments* only; an escalation
        note or an agent's e-mail reply to a note is internal whatever its type."""
        forbidden = super()._get_forbidden_access(operation)
        others = self - forbidden
        if self.env.user._is_internal() or not others:
            return forbidden
        rows = self.env.execute_query(
            SQL(
                """
                SELECT message.id
                  FROM mail_message AS message
             LEFT JOIN mail_message_subtype AS subtype ON message.subtype_id = subtype.id
                 WHERE message.id = ANY(%s)
                   AND message.model IN %s
                   AND (message.is_internal IS TRUE
                        OR message.subtype_id IS NULL
                        OR subtype.internal IS TRUE)
                """,
                others.ids,
                CUSTOMER_SAFE_MODELS,
            )
        )
        return forbidden + self.browse(id_ for [id_] in rows)

    @api.model_create_multi
    def create(self, vals_list):
        if self._is_customer_writing() and any(
            vals.get("model") in CUSTOMER_SAFE_MODELS for vals in vals_list
        ):
            self._refuse_customer_write()
        return super().create(vals_list)

    def write(self, vals):
        if self._is_customer_writing() and any(
            model in CUSTOMER_SAFE_MODELS for model in self.sudo().mapped("model")
        ):
            self._refuse_customer_write()
        return super().write(vals)

    def _is_customer_writing(self):
        """Customers write on a case through its chatter routes, which post as superuser once
        they checked access; a direct ``create`` or ``write`` could forge an author, a system
        event or a stage change in the agents' chatter."""
        return self.env.user.share and not self.env.su

    def _refuse_customer_write(self):
        raise AccessError(_("Write on your case from its page in the portal."))
