import os

from odoo import _, api, models
from odoo.exceptions import ValidationError

DEFAULT_EXTENSIONS = "pdf,xls,xlsx,png,jpg,jpeg,xsd,doc,docx"
DEFAULT_MAX_SIZE_MB = 10


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    @api.model
    def _case_upload_policy(self):
        """Allowed extensions (set, lower case, no dot) and maximum size in bytes."""
        params = self.env["ir.config_parameter"].sudo()
        raw = params.get_param("helpdesk_case.attachment_extensions", DEFAULT_EXTENSIONS)
        extensions = {ext.strip().lower().lstrip(".") for ext in raw.split(",") if ext.strip()}
        try:
            max_mb = int(params.get_param("helpdesk_case.attachment_max_size_mb") or 0)
        except ValueError:
            max_mb = 0
        return extensions, (max_mb or DEFAULT_MAX_SIZE_MB) * 1024 * 1024

    @api.model
    def _case_check_upload(self, filename, size):
        """Refuse a file customers may not attach to a ticket, with a message saying why."""
        extensions, max_size = self._case_upload_policy()
        extension = os.path.splitext(filename or "")[1].lower().lstrip(".")
        if extension not in extensions:
            raise ValidationError(
                _(
                    "“%(file)s” cannot be attached: allowed file types are %(types)s.",
                    file=filename,
                    types=", ".join(sorted(ext.upper() for ext in extensions)),
                )
            )
        if size > max_size:
            raise ValidationError(
                _(
                    "“%(file)s” is too large (%(size).1f MB): the limit is %(limit).1f MB.",
                    file=filename,
                    size=size / 1024 / 1024,
                    limit=max_size / 1024 / 1024,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        if self.env.user.share:  # portal and public users
            for vals in vals_list:
                if vals.get("res_model") == "case.ticket":
                    size = len(vals.get("raw") or b"") or len(vals.get("datas") or b"") * 3 // 4
                    self._case_check_upload(vals.get("name"), size)
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("res_model") == "case.ticket" and self.env.user.share:
            # portal chatter uploads are created pending, then linked to the ticket
            for attachment in self:
                name = vals.get("name", attachment.name)
                size = len(vals["raw"]) if vals.get("raw") else attachment.file_size
                self._case_check_upload(name, size)
        return super().write(vals)
