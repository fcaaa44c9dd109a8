from odoo import api, fields, models

from .case_web_form_request import DEFAULT_LIMIT_PER_EMAIL, DEFAULT_LIMIT_PER_IP
from .ir_attachment import DEFAULT_EXTENSIONS, DEFAULT_MAX_SIZE_MB


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    case_ticket_prefix = fields.Char(
        string="Ticket Reference Prefix",
        compute="_compute_case_ticket_prefix",
        inverse="_inverse_case_ticket_prefix",
        readonly=False,
        help="Prefix of new ticket references, e.g. CASE gives CASE00042.",
    )

    case_attachment_extensions = fields.Char(
        string="Allowed Attachment Types",
        config_parameter="helpdesk_case.attachment_extensions",
        default=DEFAULT_EXTENSIONS,
        help="Comma-separated file extensions customers may attach to their cases.",
    )
    case_attachment_max_size_mb = fields.Integer(
        string="Maximum Attachment Size (MB)",
        config_parameter="helpdesk_case.attachment_max_size_mb",
        default=DEFAULT_MAX_SIZE_MB,
    )
    case_web_form_limit_email = fields.Integer(
        string="Requests per E-mail per Hour",
        config_parameter="helpdesk_case.web_form_limit_email",
        default=DEFAULT_LIMIT_PER_EMAIL,
        help="Requests the public web form accepts per e-mail address in an hour; 0 for no limit.",
    )
    case_web_form_limit_ip = fields.Integer(
        string="Requests per IP Address per Hour",
        config_parameter="helpdesk_case.web_form_limit_ip",
        default=DEFAULT_LIMIT_PER_IP,
        help="Requests the public web form accepts per IP address in an hour; 0 for no limit.",
    )

    @api.model
    def _case_ticket_sequence(self):
        return self.env["ir.sequence"].sudo().search([("code", "=", "case.ticket")], limit=1)

    def _compute_case_ticket_prefix(self):
        prefix = self._case_ticket_sequence().prefix
        for settings in self:
            settings.case_ticket_prefix = prefix

    def _inverse_case_ticket_prefix(self):
        sequence = self._case_ticket_sequence()
        for settings in self:
            if sequence and settings.case_ticket_prefix != sequence.prefix:
                sequence.prefix = settings.case_ticket_prefix

    case_abusive_words = fields.Char(
        string="Abusive Words",
        config_parameter="helpdesk_case.abusive_words",
        help="Comma-separated words and phrases that flag a ticket for abusive language when the "
        "requester writes them (whole words; case and accents do not matter).",
    )
