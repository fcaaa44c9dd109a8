from odoo import models


class IrRule(models.Model):
    _inherit = "ir.rule"

    def _eval_context(self):
        """``case_ticket_domain()`` in record rules: the tickets the user may read, for the rules
        of records hanging from a ticket (time entries...). Record rules' subqueries run as
        superuser, so ``('ticket_id', 'any', [])`` alone would not apply the ticket's rules; this
        reuses them instead of copying them. A function: it is computed only by rules using it."""
        context = super()._eval_context()
        context["case_ticket_domain"] = lambda: self._compute_domain("case.ticket", "read")
        return context
