from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


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

    @api.constrains("required_document_ids", "workflow_id")
    def _check_docwait_stage(self):
        for typification in self.filtered(lambda t: t.required_document_ids and t.workflow_id):
            if not typification.workflow_id.stage_ids.filtered("is_doc_wait"):
                raise ValidationError(
                    _(
                        "Typification “%(typification)s” asks for documents, but its workflow "
                        "“%(workflow)s” has no stage waiting for documents: add one to the "
                        "workflow or choose another workflow.",
                        typification=typification.display_name,
                        workflow=typification.workflow_id.display_name,
                    )
                )
