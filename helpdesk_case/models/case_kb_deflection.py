from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

# A suggestion opened on a case form is a deflected case when its visitor sends no case within
# this time; a case sent within it means the article did not answer.
DEFLECTION_WINDOW = timedelta(hours=1)
STATES = [
    ("opened", "Opened"),
    ("deflected", "Deflected"),
    ("not_deflected", "Not Deflected"),
]


class CaseKbDeflection(models.Model):
    """A suggestion opened from a case form: "opened" until the visitor sends a case within
    ``DEFLECTION_WINDOW`` ("not deflected") or the window passes without one ("deflected")."""

    _name = "case.kb.deflection"
    _description = "Knowledge Base Deflection"
    _order = "id desc"

    article_id = fields.Many2one("case.kb.article", required=True, index=True, ondelete="cascade")
    visitor_key = fields.Char(required=True, index=True)
    origin = fields.Selection([("portal", "Portal form"), ("public", "Public form")], required=True)
    opened_date = fields.Datetime(
        string="Opened on", required=True, readonly=True, default=fields.Datetime.now
    )
    state = fields.Selection(
        STATES,
        required=True,
        default="opened",
        readonly=True,
        index=True,
        help="Opened: the visitor may still send a case. Deflected: no case within the hour "
        "after opening it. Not deflected: a case was sent anyway.",
    )
    deflection_rate = fields.Float(
        string="Deflection (%)",
        compute="_compute_deflection_rate",
        store=True,
        aggregator="avg",
        help="100 for a deflected suggestion, 0 otherwise: the average over settled "
        "suggestions is the deflection rate.",
    )

    @api.depends("state")
    def _compute_deflection_rate(self):
        for record in self:
            record.deflection_rate = 100.0 if record.state == "deflected" else 0.0

    @api.model
    def _kb_opened(self, article, visitor_key, origin):
        """The visitor opened a suggestion: one "opened" row per visitor and article until it
        is settled, however many times they click it (the route is public)."""
        opened = self.search(
            [
                ("article_id", "=", article.id),
                ("visitor_key", "=", visitor_key),
                ("state", "=", "opened"),
                ("opened_date", ">", fields.Datetime.now() - DEFLECTION_WINDOW),
            ],
            limit=1,
        )
        return opened or self.create(
            {"article_id": article.id, "visitor_key": visitor_key, "origin": origin}
        )

    @api.model
    def _kb_mark_submitted(self, visitor_key):
        """The visitor sent a case: what they opened within the window did not deflect it."""
        self._kb_settle(
            "not_deflected",
            SQL(
                "visitor_key = %s AND opened_date > %s",
                visitor_key,
                fields.Datetime.now() - DEFLECTION_WINDOW,
            ),
        )

    @api.model
    def _cron_kb_settle_deflections(self):
        """Suggestions opened longer ago than the window without a case are deflected."""
        self._kb_settle(
            "deflected", SQL("opened_date <= %s", fields.Datetime.now() - DEFLECTION_WINDOW)
        )

    def _kb_settle(self, state, condition):
        # one UPDATE whatever the number of rows (the cron may find thousands)
        self.env["case.kb.deflection"].flush_model()
        self.env.execute_query(
            SQL(
                """UPDATE case_kb_deflection SET state = %s, deflection_rate = %s
                    WHERE state = 'opened' AND %s""",
                state,
                100.0 if state == "deflected" else 0.0,
                condition,
            )
        )
        self.env["case.kb.deflection"].invalidate_model(["state", "deflection_rate"])

    @api.model
    def _kb_action_deflection_report(self):
        self._cron_kb_settle_deflections()
        return self.env["ir.actions.act_window"]._for_xml_id(
            "helpdesk_case.case_kb_deflection_action"
        )

    @api.model
    def _kb_deflection_rate(self, domain=None):
        """Share (in %) of settled suggestions that were deflected, from one grouped count."""
        self._cron_kb_settle_deflections()
        counts = dict(
            self._read_group(
                [*(domain or []), ("state", "in", ("deflected", "not_deflected"))],
                ["state"],
                ["__count"],
            )
        )
        total = sum(counts.values())
        return 100.0 * counts.get("deflected", 0) / total if total else 0.0
