from odoo import api, fields, models


class CaseChannel(models.Model):
    """Intake channel of a ticket (e-mail, portal, phone...), used for reporting."""

    _name = "case.channel"
    _description = "Ticket Channel"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        copy=False, help="Technical code used by integrations (e-mail gateway, portal...)."
    )
    sequence = fields.Integer(default=10)
    send_acknowledgement = fields.Boolean(
        default=True,
        help="Tickets coming in through this channel send the requester an e-mail with their "
        "reference.",
    )
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", index=True, help="Leave empty to share it with every company."
    )

    _code_uniq = models.Constraint("UNIQUE(code)", "The channel code must be unique.")

    @api.model
    def _for_code(self, code):
        """The channel an intake path files its tickets under (``portal``, ``email``...)."""
        # sudo: channels are shared reference data; every intake path may name its own
        return self.sudo().search([("code", "=", code)], limit=1).sudo(self.env.su)
