from odoo import fields, models

from .case_ticket import DEFAULT_EMAIL_RESPONSE_HOURS, DEFAULT_STALE_HOURS


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    case_sla_email_response_hours = fields.Float(
        string="First Answer to an E-mail (working hours)",
        config_parameter="helpdesk_case.sla_email_response_hours",
        default=DEFAULT_EMAIL_RESPONSE_HOURS,
        help="Tickets that came in by e-mail must get their first answer within these working "
        "hours (a stricter SLA policy still applies); 0 for no such rule.",
    )
    case_stale_hours = fields.Float(
        string="Red Flag After (working hours)",
        config_parameter="helpdesk_case.stale_hours",
        default=DEFAULT_STALE_HOURS,
        help="An open ticket outside backlog with no agent message or note for these working "
        "hours turns red; 0 to turn the red flag off.",
    )
    case_docwait_hours = fields.Float(
        string="Close Without Documents After (hours)",
        config_parameter="helpdesk_case.docwait_hours",
        default=24.0,
        help="Hours a ticket waits for documents before it closes itself; 0 never closes.",
    )
    case_docwait_followups = fields.Integer(
        string="Follow-ups Before Closing",
        config_parameter="helpdesk_case.docwait_followups",
        default=3,
    )
