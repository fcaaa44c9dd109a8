from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

# The same miss by the same user within this time is one search: a back-office list evaluates
# its domain for the records, the search panel's counters, the groups and the pager.
BACKEND_DEDUPE_WINDOW = timedelta(minutes=5)


class CaseKbSearchLog(models.Model):
    """A search made in the knowledge base and how many articles it found."""

    _name = "case.kb.search.log"
    _description = "Knowledge Base Search"
    _order = "id desc"

    query = fields.Char(required=True, index=True)
    result_count = fields.Integer(string="Results")
    origin = fields.Selection(
        [("backend", "Back office"), ("portal", "Portal"), ("public", "Public pages")],
        default="backend",
    )
    user_id = fields.Many2one("res.users", default=lambda self: self.env.user)

    @api.model
    def _kb_log_backend_miss(self, query):
        """Log a back-office search without result, unless the user's same search already is
        within ``BACKEND_DEDUPE_WINDOW``: one statement, whoever searches (no access needed)."""
        self.flush_model()
        now = fields.Datetime.now()
        uid = self.env.uid
        self.env.execute_query(
            SQL(
                """INSERT INTO case_kb_search_log
                       (query, result_count, origin, user_id,
                        create_uid, write_uid, create_date, write_date)
                   SELECT %(query)s, 0, 'backend', %(uid)s, %(uid)s, %(uid)s, %(now)s, %(now)s
                    WHERE NOT EXISTS (
                          SELECT 1 FROM case_kb_search_log
                           WHERE query = %(query)s AND user_id = %(uid)s
                             AND origin = 'backend' AND create_date > %(since)s)""",
                query=query[:200],
                uid=uid,
                now=now,
                since=now - BACKEND_DEDUPE_WINDOW,
            )
        )
