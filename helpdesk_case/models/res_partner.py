from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.fields import Domain
from odoo.tools import format_amount

# Records listed per Consulta 360 section; "open all" shows the rest.
CASE_360_LINES = 5
CASE_360_SEARCH_LIMIT = 80


class ResPartner(models.Model):
    """Consultant network (genealogy): who recruited whom, with a materialised path.

    ``sponsor_path`` holds the ids from the root sponsor down to the partner ("4/17/52/"), so
    "everyone below me" is one indexed prefix query, and moving a sub-tree is one UPDATE.
    """

    _inherit = "res.partner"

    is_consultant = fields.Boolean(
        string="Consultant", help="Member of the sales network: sees the cases of their downline."
    )
    sponsor_id = fields.Many2one(
        "res.partner",
        string="Sponsor",
        index="btree_not_null",
        ondelete="restrict",
        domain=[("is_consultant", "=", True)],
        help="Consultant who recruited this person.",
    )
    sponsor_path = fields.Char(readonly=True, copy=False)
    downline_count = fields.Integer(
        string="Downline", compute="_compute_downline_count", help="People below in the network."
    )
    case_ticket_ids = fields.One2many(
        "case.ticket", "partner_id", string="Tickets", groups="helpdesk_case.group_case_service"
    )
    case_ticket_count = fields.Integer(
        string="Ticket Count",
        compute="_compute_case_ticket_count",
        groups="helpdesk_case.group_case_service",
    )

    _sponsor_path_prefix_idx = models.Index("(sponsor_path text_pattern_ops)")

    def _sponsor_path_rebuild(self):
        """Recompute every path from the sponsor links (install, repair).

        One recursive query whatever the size of the network; rows already right are kept.
        """
        self.env["res.partner"].flush_model(["sponsor_id", "sponsor_path"])
        self.env.cr.execute(
            """
            WITH RECURSIVE tree(id, path) AS (
                SELECT id, id || '/' FROM res_partner WHERE sponsor_id IS NULL
                UNION ALL
                SELECT p.id, t.path || p.id || '/'
                  FROM res_partner p JOIN tree t ON p.sponsor_id = t.id
            )
            UPDATE res_partner SET sponsor_path = tree.path
              FROM tree
             WHERE tree.id = res_partner.id
               AND res_partner.sponsor_path IS DISTINCT FROM tree.path
            """
        )
        repaired = self.env.cr.rowcount
        self.env["res.partner"].invalidate_model(["sponsor_path", "downline_count"])
        return repaired

    def action_sponsor_path_repair(self):
        """Rebuild the network's paths, e.g. after sponsors were changed by SQL or an import."""
        if not self.env.user.has_group("helpdesk_case.group_case_admin"):
            raise AccessError(_("Only helpdesk administrators may repair the consultant network."))
        repaired = self._sponsor_path_rebuild()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _("Consultant network checked: %s contacts repaired.", repaired),
                "sticky": False,
            },
        }

    def _compute_downline_count(self):
        paths = {p.sponsor_path for p in self if p.sponsor_path}
        counts = {}
        if paths:
            self.flush_model(["sponsor_path"])
            self.env.cr.execute(
                """
                SELECT prefix.path, count(p.id) FILTER (WHERE p.sponsor_path <> prefix.path)
                  FROM unnest(%s::varchar[]) AS prefix(path)
                  -- "/" sorts right before "0": the range is the prefix, and it uses the index
                  JOIN res_partner p ON p.sponsor_path >= prefix.path
                                    AND p.sponsor_path < left(prefix.path, -1) || '0'
                 WHERE p.active
                 GROUP BY prefix.path
                """,
                [list(paths)],
            )
            counts = dict(self.env.cr.fetchall())
        for partner in self:
            partner.downline_count = counts.get(partner.sponsor_path, 0)

    @api.depends_context("uid", "allowed_company_ids")  # counted under the user's rules
    def _compute_case_ticket_count(self):
        counts = dict(
            self.env["case.ticket"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        company_counts = dict(
            self.env["case.ticket"]._read_group(
                [("commercial_partner_id", "in", self.filtered("is_company").ids)],
                ["commercial_partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.case_ticket_count = (
                company_counts.get(partner, 0) if partner.is_company else counts.get(partner, 0)
            )

    def _check_network_manager(self, vals_list):
        """The network decides what consultants see in the portal: helpdesk supervisors set it."""
        if self.env.su or self.env.user.has_group("helpdesk_case.group_case_supervisor"):
            return
        if any(vals.get("is_consultant") or vals.get("sponsor_id") for vals in vals_list):
            raise AccessError(
                _(
                    "Only helpdesk supervisors may change the consultant network "
                    "(sponsor, consultant)."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_network_manager(vals_list)
        partners = super().create(vals_list)
        partners._sponsor_path_set_new()
        return partners

    def _sponsor_path_set_new(self):
        """Give new partners their path, parents first (a batch may hold a sponsor and recruit)."""
        cr = self.env.cr
        pending = set(self.ids)
        while pending:
            cr.execute(
                """
                UPDATE res_partner node
                   SET sponsor_path = COALESCE(
                           (SELECT s.sponsor_path FROM res_partner s WHERE s.id = node.sponsor_id),
                           ''
                       ) || node.id || '/'
                 WHERE node.id = ANY(%s)
                   AND (node.sponsor_id IS NULL OR NOT node.sponsor_id = ANY(%s))
                RETURNING node.id
                """,
                [list(pending), list(pending)],
            )
            done = {row[0] for row in cr.fetchall()}
            if not done:
                raise ValidationError(_("The sponsor chain of the new contacts forms a loop."))
            pending -= done
        self.invalidate_recordset(["sponsor_path"])

    def write(self, vals):
        if "is_consultant" in vals or "sponsor_id" in vals:
            self._check_network_manager([{**vals, "is_consultant": True}])
        if "sponsor_id" not in vals:
            return super().write(vals)
        sponsor = self.browse(vals["sponsor_id"])
        for partner in self:
            if (
                sponsor
                and sponsor.sponsor_path
                and partner.sponsor_path
                and (sponsor.sponsor_path.startswith(partner.sponsor_path))
            ):
                raise ValidationError(
                    _(
                        "%(sponsor)s is in the downline of %(partner)s: they cannot be their "
                        "sponsor (the network would loop).",
                        sponsor=sponsor.display_name,
                        partner=partner.display_name,
                    )
                )
        moved = self.filtered(lambda p: p.sponsor_id != sponsor)
        res = super().write(vals)
        moved._sponsor_path_move(sponsor)
        return res

    def _sponsor_path_move(self, sponsor):
        """Re-root the moved partners' sub-trees: two queries, whatever their number and size."""
        if not self:
            return
        cr = self.env.cr
        cr.execute("SELECT id, sponsor_path FROM res_partner WHERE id = ANY(%s)", [self.ids])
        old_paths = {pid: path or f"{pid}/" for pid, path in cr.fetchall()}
        new_prefix = sponsor.sponsor_path or ""
        # each row follows its deepest moved ancestor (a moved partner may sit below another)
        cr.execute(
            """
            UPDATE res_partner p
               SET sponsor_path = u.path
              FROM (
                    SELECT DISTINCT ON (node.id) node.id,
                           m.new || substr(node.sponsor_path, length(m.old) + 1) AS path
                      FROM res_partner node
                      JOIN (SELECT unnest(%s::varchar[]) AS old,
                                   unnest(%s::varchar[]) AS new) m
                        ON node.sponsor_path LIKE m.old || '%%'
                     ORDER BY node.id, length(m.old) DESC
                   ) u
             WHERE u.id = p.id
            """,
            [list(old_paths.values()), [f"{new_prefix}{pid}/" for pid in old_paths]],
        )
        self.env["res.partner"].invalidate_model(["sponsor_path", "downline_count"])

    def unlink(self):
        """Recruits of a deleted consultant move up to the deleted one's sponsor."""
        orphans = (
            self.sudo()
            .with_context(active_test=False)
            .search([("sponsor_id", "in", self.ids), ("id", "not in", self.ids)])
        )
        new_sponsors = {}
        for sponsor in orphans.sponsor_id:
            grand_sponsor = sponsor.sponsor_id
            while grand_sponsor in self:
                grand_sponsor = grand_sponsor.sponsor_id
            new_sponsors[sponsor] = grand_sponsor
        for grand_sponsor, recruits in orphans.grouped(
            lambda p: new_sponsors[p.sponsor_id]
        ).items():
            recruits.write({"sponsor_id": grand_sponsor.id})
        return super().unlink()

    def _case_downline_domain(self):
        """Domain on res.partner: this consultant and everyone below them."""
        self.ensure_one()
        if not self.is_consultant or not self.sponsor_path:
            return [("id", "=", self.id)]
        return [("sponsor_path", "=like", self.sponsor_path + "%")]

    def action_open_case_tickets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("helpdesk_case.case_ticket_action")
        field = "commercial_partner_id" if self.is_company else "partner_id"
        action["domain"] = [(field, "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_open_downline(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Downline of %s", self.display_name),
            "res_model": "res.partner",
            "view_mode": "list,form",
            "domain": self._case_downline_domain() + [("id", "!=", self.id)],
        }

    # ---------------------------------------------------------------- Consulta 360

    @api.model
    def _case_360_check_access(self):
        if not self.env.user.has_group("helpdesk_case.group_case_service"):
            raise AccessError(_("Consulta 360 is for the service team."))

    @api.model
    def _case_360_search_domain(self, term):
        """Contacts matching ``term`` by name, tax ID, e-mail or phone.

        Bridges widen it with ``super()`` (an order or invoice reference).
        """
        compact = "".join(term.split())
        return (
            Domain("complete_name", "ilike", term)
            | Domain("vat", "ilike", compact)
            | Domain("email", "ilike", term)
            | Domain("phone", "ilike", term)
            | Domain("ref", "=ilike", term)
        )

    @api.model
    def case_360_search(self, term, limit=20):
        """Contacts for the Consulta 360 search box: ``[{id, display_name, details}]``."""
        self._case_360_check_access()
        term = (term or "").strip()
        if not term:
            return []
        partners = self.search_fetch(
            self._case_360_search_domain(term),
            ["display_name", "email", "vat"],
            limit=min(int(limit or 20), CASE_360_SEARCH_LIMIT),
        )
        return [
            {
                "id": partner.id,
                "display_name": partner.display_name,
                "details": " · ".join(filter(None, [partner.vat, partner.email])),
            }
            for partner in partners
        ]

    def case_360_data(self):
        """The Consulta 360 screen of one contact: its sections, ready for the client."""
        self.ensure_one()
        self._case_360_check_access()
        return {
            "partner": {"id": self.id, "display_name": self.display_name},
            "sections": [
                self._case_360_section_to_client(section) for section in self._case_360_sections()
            ],
        }

    def _case_360_sections(self):
        """Ordered sections of the Consulta 360 screen; bridges append theirs with ``super()``.

        A section is a dict:

        - ``key``: technical name; ``title``: shown as the card's title;
        - ``figures``: ``[(label, value)]``;
        - ``records``: a few records (at most ``CASE_360_LINES``), each opened on click, with
          ``detail_field`` (optional) shown beside their name;
        - ``action``: the window action listing all of them, or ``False``;
        - ``empty``: the text shown when the section has neither figures nor records.

        Each section must cost a constant number of queries, whatever the contact's history.
        """
        self.ensure_one()
        return [
            self._case_360_section_contact(),
            self._case_360_section_network(),
            self._case_360_section_tickets(),
        ]

    def _case_360_section_contact(self):
        figures = [
            (_("Tax ID"), self.vat),
            (_("E-mail"), self.email),
            (_("Phone"), self.phone),
            (_("Company"), self.commercial_partner_id.name if self.parent_id else False),
            (_("Address"), self._case_360_address()),
        ]
        return {
            "key": "contact",
            "title": _("Contact"),
            "figures": [(label, value) for label, value in figures if value and value.strip(", ")],
            "records": self.browse(),
            "action": False,
            "empty": _("No contact data."),
        }

    def _case_360_address(self):
        parts = self._display_address(without_company=True).replace("\n", ",").split(",")
        return ", ".join(part.strip() for part in parts if part.strip())

    def _case_360_section_network(self):
        figures = []
        if self.sponsor_id:
            # sudo: the sponsor's name is part of this contact's data, whatever their company
            figures.append((_("Sponsor"), self.sponsor_id.sudo().display_name))
        if self.is_consultant:
            figures.append((_("Consultant"), _("Yes")))
            figures.append((_("People below"), self.downline_count))
        recruits = self.search([("sponsor_id", "=", self.id)], limit=CASE_360_LINES, order="name")
        return {
            "key": "network",
            "title": _("Consultant Network"),
            "figures": figures,
            "records": recruits,
            "action": self.action_open_downline() if self.is_consultant else False,
            "empty": _("Not part of the consultant network."),
        }

    def _case_360_section_tickets(self):
        Ticket = self.env["case.ticket"]
        field = "commercial_partner_id" if self.is_company else "partner_id"
        domain = Domain(field, "=", self.id)
        counts = dict(Ticket._read_group(domain, ["is_closed"], ["__count"]))
        tickets = Ticket.search(domain, limit=CASE_360_LINES, order="id desc")
        return {
            "key": "tickets",
            "title": _("Tickets"),
            "figures": [
                (_("Open"), counts.get(False, 0)),
                (_("Closed"), counts.get(True, 0)),
            ],
            "records": tickets,
            "detail_field": "stage_id",
            "action": self.action_open_case_tickets(),
            "empty": _("No tickets."),
        }

    def _case_360_detail(self, record, field):
        """What a line shows beside its name: a label, an amount in its currency, a name."""
        value = record[field.name]
        if field.type == "selection":
            return field.convert_to_export(value, record)
        if field.type == "monetary":
            return format_amount(self.env, value, record[field.get_currency_field(record)])
        return field.convert_to_display_name(value, record) or ""

    def _case_360_section_to_client(self, section):
        # a section never shows what the user may not open (a bridge's record, another company)
        records = (section.get("records") or self.env["res.partner"])._filtered_access("read")
        detail_field = section.get("detail_field")
        field = records._fields[detail_field] if detail_field and records else None
        lines = [
            {
                "id": record.id,
                "model": record._name,
                "name": record.display_name,
                "detail": self._case_360_detail(record, field) if field else "",
            }
            for record in records
        ]
        return {
            "key": section["key"],
            "title": section["title"],
            "figures": [{"label": label, "value": value} for label, value in section["figures"]],
            "lines": lines,
            "action": section.get("action") or False,
            "empty": section.get("empty") or "",
        }

    def action_open_case_360(self):
        self.ensure_one()
        return {
            "type": "ir.actions.client",
            "tag": "helpdesk_case.consult360",
            "name": _("Consulta 360: %s", self.display_name),
            "params": {"partner_id": self.id},
        }
