from odoo import fields, models


class CaseNoteReason(models.Model):
    """Why a credit or debit note is issued ("motivo de la nota"): its text goes on the note."""

    _name = "case.note.reason"
    _description = "Credit / Debit Note Reason"
    _order = "note_type, sequence, name"

    name = fields.Char(required=True, translate=True)
    note_type = fields.Selection(
        [("credit", "Credit Note"), ("debit", "Debit Note")],
        required=True,
        default="credit",
    )
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", index=True, help="Leave empty to share it with every company."
    )
