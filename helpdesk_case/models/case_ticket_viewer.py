from odoo import _, api, fields, models
from odoo.exceptions import AccessError

# An open ticket form pings every VIEWER_HEARTBEAT seconds (see ticket_viewers.js); one that
# stopped pinging for VIEWER_TIMEOUT seconds (closed tab, lost network) no longer counts.
VIEWER_HEARTBEAT = 30
VIEWER_TIMEOUT = 75
VIEWERS_NOTIFICATION = "helpdesk_case/ticket_viewers"
VIEWERS_SUBCHANNEL = "case_viewers"


class CaseTicketViewer(models.Model):
    """An agent with a ticket's form open, so that others working on it know (collisions).

    Written in SQL with the database clock: a ping is an upsert that must not fail when the same
    agent has the ticket open in two tabs, and "recent" is judged by one clock for everybody.
    """

    _name = "case.ticket.viewer"
    _description = "Ticket Viewer"
    _log_access = False

    ticket_id = fields.Many2one("case.ticket", required=True, index=True, ondelete="cascade")
    user_id = fields.Many2one("res.users", required=True, ondelete="cascade")
    last_seen = fields.Datetime(required=True)

    _ticket_user_unique = models.UniqueIndex("(ticket_id, user_id)")

    @api.model
    def join_ticket(self, ticket_id):
        """Register the current agent as viewing ``ticket_id`` (first call and every heartbeat).

        :return: the other agents viewing it, ``[{"id", "name"}]``
        """
        ticket = self._ticket_for_viewer(ticket_id)
        cr = self.env.cr
        # forget closed tabs; rows another request holds are left for the next ping
        cr.execute(
            """
            DELETE FROM case_ticket_viewer
             WHERE id IN (
                SELECT id FROM case_ticket_viewer
                 WHERE last_seen < (now() AT TIME ZONE 'UTC') - make_interval(secs => %s)
                   FOR UPDATE SKIP LOCKED
             )
            """,
            [VIEWER_TIMEOUT],
        )
        cr.execute(
            """
            INSERT INTO case_ticket_viewer (ticket_id, user_id, last_seen)
            VALUES (%s, %s, now() AT TIME ZONE 'UTC')
            ON CONFLICT (ticket_id, user_id) DO UPDATE SET last_seen = EXCLUDED.last_seen
            RETURNING xmax = 0
            """,
            [ticket.id, self.env.uid],
        )
        [(joined,)] = cr.fetchall()
        viewers = self._viewers(ticket)
        if joined:
            self._notify(ticket, viewers)
        return [viewer for viewer in viewers if viewer["id"] != self.env.uid]

    @api.model
    def leave_ticket(self, ticket_id):
        """The current agent closed the form of ``ticket_id``."""
        ticket = self._ticket_for_viewer(ticket_id)
        self.env.cr.execute(
            "DELETE FROM case_ticket_viewer WHERE ticket_id = %s AND user_id = %s",
            [ticket.id, self.env.uid],
        )
        if self.env.cr.rowcount:
            self._notify(ticket, self._viewers(ticket))
        return True

    @api.model
    def _ticket_for_viewer(self, ticket_id):
        """The ticket, if the current user is an internal user who may read it."""
        if self.env.user.share:
            raise AccessError(_("Only agents see who else is viewing a ticket."))
        ticket = self.env["case.ticket"].browse(ticket_id)
        ticket.check_access("read")
        return ticket

    @api.model
    def _viewers(self, ticket):
        """Agents whose form of ``ticket`` pinged recently, ``[{"id", "name"}]`` by name."""
        self.env.cr.execute(
            """
            SELECT user_id FROM case_ticket_viewer
             WHERE ticket_id = %s
               AND last_seen >= (now() AT TIME ZONE 'UTC') - make_interval(secs => %s)
            """,
            [ticket.id, VIEWER_TIMEOUT],
        )
        # sudo: the names of fellow agents, as on the ticket's assignee field
        users = self.env["res.users"].sudo().browse(uid for (uid,) in self.env.cr.fetchall())
        return [{"id": user.id, "name": user.name} for user in users.sorted("name")]

    @api.model
    def _notify(self, ticket, viewers):
        self.env["bus.bus"]._sendone(
            (ticket, VIEWERS_SUBCHANNEL),
            VIEWERS_NOTIFICATION,
            {"ticket_id": ticket.id, "viewers": viewers},
        )
