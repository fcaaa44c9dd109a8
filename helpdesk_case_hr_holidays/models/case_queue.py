from odoo import fields, models


class CaseQueue(models.Model):
    _inherit = "case.queue"

    def _assignable_members(self):
        """Skip agents on approved time off right now: one query for the whole member set."""
        members = super()._assignable_members()
        if not members:
            return members
        now = fields.Datetime.now()
        # sudo: who is away is needed to assign, whoever creates the ticket
        away = (
            self.env["hr.leave"]
            .sudo()
            .search_fetch(
                [
                    ("user_id", "in", members.ids),
                    ("state", "=", "validate"),
                    ("date_from", "<=", now),
                    ("date_to", ">", now),
                ],
                ["user_id"],
            )
        )
        return members - away.user_id
