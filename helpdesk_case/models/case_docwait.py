from odoo import fields, models


class CaseStageDocWait(models.Model):
    _inherit = "case.stage"

    is_doc_wait = fields.Boolean(
        string="Waiting for Documents",
        help="Tickets whose typification requires documents wait here; a file from the "
        "requester brings them back to work, and they close themselves after the configured "
        "hours and follow-ups.",
    )


class CaseTypificationDocWait(models.Model):
    _inherit = "case.typification"

    required_document_ids = fields.Many2many(
        "case.required.document",
        string="Required Documents",
        help="New tickets of this typification wait for these documents from the requester.",
    )
