from odoo import api, fields, models

FOLLOWUP_KINDS = [
    ("documents", "Reminder of Documents"),
    ("shift", "Follow-up in Shift"),
]


class CaseTicketFollowup(models.Model):
    """One follow-up an agent did on a ticket, kept so that follow-ups count for the agent who
    did them (the ticket's counter only says how many the ticket got); read by whoever may read
    the ticket (``case_ticket_followup_security.xml``)."""

    _name = "case.ticket.followup"
    _description = "Ticket Follow-up"
    _order = "date desc, id desc"
    _rec_name = "ticket_id"

    ticket_id = fields.Many2one(
        "case.ticket", required=True, index=True, ondelete="cascade", readonly=True
    )
    user_id = fields.Many2one("res.users", string="Agent", required=True, index=True, readonly=True)
    kind = fields.Selection(FOLLOWUP_KINDS, required=True, readonly=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now, readonly=True)
    # the ticket's queue and typification when the follow-up was done, set as it is created and
    # not followed afterwards: an escalated ticket leaves its earlier follow-ups where they were
    queue_id = fields.Many2one(
        "case.queue",
        string="Queue",
        compute="_compute_ticket_place",
        store=True,
        precompute=True,
        readonly=True,
    )
    typification_id = fields.Many2one(
        "case.typification",
        string="Typification",
        compute="_compute_ticket_place",
        store=True,
        precompute=True,
        readonly=True,
    )
    company_id = fields.Many2one(related="ticket_id.company_id", store=True, index=True)

    @api.depends("ticket_id")
    def _compute_ticket_place(self):
        for followup in self:
            followup.queue_id = followup.ticket_id.queue_id
            followup.typification_id = followup.ticket_id.typification_id
