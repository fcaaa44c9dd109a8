import re

from odoo import models
from odoo.exceptions import AccessError, MissingError

from .case_ticket_viewer import VIEWERS_SUBCHANNEL

VIEWERS_CHANNEL = re.compile(r"helpdesk_case\.ticket_viewers_(\d+)")


class IrWebsocket(models.AbstractModel):
    _inherit = "ir.websocket"

    def _build_bus_channel_list(self, channels):
        """An agent's open ticket form listens to who else opens or leaves it."""
        channels = list(channels)  # do not alter the client's list
        for channel in list(channels):
            match = isinstance(channel, str) and VIEWERS_CHANNEL.fullmatch(channel)
            if not match:
                continue
            channels.remove(channel)
            if not self.env.uid or self.env.user.share:
                continue
            ticket = self.env["case.ticket"].browse(int(match[1]))
            try:
                ticket.check_access("read")
            except (AccessError, MissingError):
                continue
            channels.append((ticket, VIEWERS_SUBCHANNEL))
        return super()._build_bus_channel_list(channels)
