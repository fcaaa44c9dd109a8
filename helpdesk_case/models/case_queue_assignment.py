from odoo import models


class CaseQueueAssignment(models.Model):
    _inherit = "case.queue"

    def _assignable_members(self):
        """Skip agents who switched off "Available for Assignment"."""
        return super()._assignable_members().filtered("case_available")
