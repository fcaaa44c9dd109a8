from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain

# Records that belong to a ticket through (model field, id field): they follow a merge.
MERGED_RECORDS = {
    "mail.message": ("model", "res_id"),
    "ir.attachment": ("res_model", "res_id"),
    "rating.rating": ("res_model", "res_id"),
    "mail.activity": ("res_model", "res_id"),
}
# Ticket fields a merge changes on its duplicates, restored by the undo.
MERGE_SOURCE_FIELDS = ("active", "merged_into_id", "stage_id")


class CaseTicketMergeLog(models.Model):
    """One merge of duplicate tickets: what moved to the target, so that it can be undone."""

    _name = "case.ticket.merge.log"
    _description = "Ticket Merge"
    _order = "id desc"
    _check_company_auto = True

    target_id = fields.Many2one(
        "case.ticket", required=True, index=True, ondelete="cascade", check_company=True
    )
    source_ids = fields.Many2many(
        "case.ticket",
        string="Merged Tickets",
        context={"active_test": False},
        check_company=True,
    )
    company_id = fields.Many2one(related="target_id.company_id", store=True, index=True)
    state = fields.Selection(
        [("merged", "Merged"), ("undone", "Undone")], default="merged", required=True
    )
    undo_date = fields.Datetime(readonly=True)
    undo_uid = fields.Many2one("res.users", string="Undone By", readonly=True)
    snapshot = fields.Json(
        readonly=True,
        help="Per merged ticket, its previous values and the ids of the records that moved; "
        "the followers added to the target.",
    )

    @api.depends("target_id", "source_ids")
    def _compute_display_name(self):
        for log in self:
            log.display_name = _(
                "%(sources)s into %(target)s",
                sources=", ".join(log.sudo().source_ids.mapped("number")),
                target=log.sudo().target_id.number,
            )

    # ------------------------------------------------------------------ access

    def _check_access(self, operation):
        """A merge is as visible, and as undoable, as its target ticket."""
        result = super()._check_access(operation)
        if self.env.su or not self:
            return result
        others = self - result[0] if result else self
        targets = others.sudo().target_id.with_env(self.env)
        allowed = targets._filtered_access("read" if operation == "read" else "write")
        forbidden = others.filtered(lambda log: log.sudo().target_id not in allowed)
        if not forbidden:
            return result
        if result:
            forbidden |= result[0]
        return forbidden, lambda: AccessError(
            _("You may only see or undo the merges of tickets you can access.")
        )

    @api.model
    def _search(self, domain, *args, **kwargs):
        if not self.env.su and not kwargs.get("bypass_access"):
            # the merges of the tickets the user may read
            tickets = self.env["case.ticket"].with_context(active_test=False)._search([])
            domain = Domain(domain) & Domain("target_id", "in", tickets)
        return super()._search(domain, *args, **kwargs)

    # ------------------------------------------------------------------ merge

    @api.model
    def _merge(self, target, sources):
        """Move what belongs to ``sources`` to ``target``; the caller checked access."""
        snapshot = {"sources": {}, "followers": []}
        for source in sources:
            entry = {
                "values": {
                    name: source._fields[name].convert_to_write(source[name], source)
                    for name in MERGE_SOURCE_FIELDS
                }
            }
            for model, (model_field, id_field) in MERGED_RECORDS.items():
                records = (
                    self.env[model]
                    .with_context(active_test=False)
                    .search([(model_field, "=", source._name), (id_field, "=", source.id)])
                )
                records.write({id_field: target.id})
                entry[model] = records.ids
            snapshot["sources"][str(source.id)] = entry
        snapshot["followers"] = self._merge_followers(target, sources).ids
        sources.write({"active": False, "merged_into_id": target.id})
        log = self.create({"target_id": target.id, "source_ids": sources.ids, "snapshot": snapshot})
        target.message_post(
            body=Markup("<p>%s</p>%s")
            % (
                _("Merged %s into this ticket.", ", ".join(sources.mapped("display_name"))),
                Markup("").join(source.description or "" for source in sources),
            ),
            subtype_xmlid="mail.mt_note",
        )
        target.invalidate_recordset()
        return log

    @api.model
    def _merge_followers(self, target, sources):
        """The duplicates' followers also follow the target, with their subtypes; the
        duplicates keep theirs, so the undo only removes what was added here."""
        Followers = self.env["mail.followers"]
        present = set(target.message_follower_ids.partner_id.ids)
        subtypes = {}
        for follower in sources.message_follower_ids:
            if follower.partner_id.id not in present:
                subtypes.setdefault(follower.partner_id.id, set()).update(follower.subtype_ids.ids)
        return Followers.create(
            [
                {
                    "res_model": target._name,
                    "res_id": target.id,
                    "partner_id": partner_id,
                    "subtype_ids": sorted(subtype_ids),
                }
                for partner_id, subtype_ids in subtypes.items()
            ]
        )

    # ------------------------------------------------------------------- undo

    def action_undo(self):
        """Give the merged tickets back exactly what the merge took from them.

        Messages, files, ratings and activities that the merge moved go back to their
        ticket, the followers it added to the target leave it, and the duplicates get their
        previous values (active, stage, no target) again. What reached the target after
        the merge stays there: a reply posted on the merged conversation may be about any
        of its topics, and the requester saw it on the target. Records that left the target
        since (split off to another ticket) stay where they are.

        Refused when the merge is already undone, when the target itself was merged into
        another ticket since (undo that merge first), or when a merged ticket was deleted.
        """
        for log in self:
            log.check_access("read")
            log._check_undo()
            # the moves below are done as superuser: the user must be allowed to write the
            # target and every merged ticket
            (log.sudo().target_id | log.sudo().source_ids).with_env(self.env).check_access("write")
            log.sudo()._undo()
        return True

    def _check_undo(self):
        self.ensure_one()
        if self.state == "undone":
            raise UserError(_("This merge was already undone."))
        target = self.sudo().target_id
        if target.merged_into_id:
            raise UserError(
                _(
                    "%(target)s was merged into %(other)s since: undo that merge first.",
                    target=target.number,
                    other=target.merged_into_id.number,
                )
            )
        sources = self.sudo().with_context(active_test=False).source_ids
        if len(sources) != len(self.snapshot["sources"]):
            raise UserError(_("A merged ticket was deleted: this merge cannot be undone."))

    def _undo(self):
        target = self.target_id
        sources = self.with_context(active_test=False).source_ids
        for source in sources:
            entry = self.snapshot["sources"][str(source.id)]
            for model, (model_field, id_field) in MERGED_RECORDS.items():
                self.env[model].with_context(active_test=False).search(
                    [
                        ("id", "in", entry[model]),
                        (model_field, "=", target._name),
                        (id_field, "=", target.id),
                    ]
                ).write({id_field: source.id})
            values = {
                name: value
                for name, value in entry["values"].items()
                if source._fields[name].convert_to_write(source[name], source) != value
            }
            if values:
                source.write(values)
        self.env["mail.followers"].browse(self.snapshot["followers"]).exists().unlink()
        self.write(
            {"state": "undone", "undo_date": fields.Datetime.now(), "undo_uid": self.env.uid}
        )
        (sources | target).invalidate_recordset()
        target.message_post(
            body=_("Merge of %s undone.", ", ".join(sources.mapped("display_name"))),
            subtype_xmlid="mail.mt_note",
        )
