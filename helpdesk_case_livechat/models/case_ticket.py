from odoo import _, api, fields, models
from odoo.addons.mail.tools.discuss import Store
from odoo.exceptions import AccessError


class CaseTicket(models.Model):
    _inherit = "case.ticket"

    origin_channel_id = fields.Many2one(
        "discuss.channel",
        string="Live Chat",
        readonly=True,
        copy=False,
        index="btree_not_null",
        groups="base.group_user",
        help="The live-chat conversation the ticket was created from.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_origin_channel_readable(
            {vals["origin_channel_id"] for vals in vals_list if vals.get("origin_channel_id")}
        )
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("origin_channel_id"):
            self._check_origin_channel_readable({vals["origin_channel_id"]})
        return super().write(vals)

    def _check_origin_channel_readable(self, channel_ids):
        """Link a ticket only to a conversation the user may read: its transcript is private."""
        if self.env.su or not channel_ids:
            return
        if not self.env["discuss.channel"].browse(channel_ids).has_access("read"):
            raise AccessError(
                _("You may only link a ticket to a live-chat conversation you can read.")
            )

    def action_open_livechat(self):
        """Open the conversation the ticket came from in a chat window."""
        self.ensure_one()
        channel = self.origin_channel_id
        channel.check_access("read")
        Store(bus_channel=self.env.user).add(
            channel, extra_fields={"open_chat_window": True}
        ).bus_send()
