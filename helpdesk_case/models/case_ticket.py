from collections import defaultdict
from datetime import timedelta

import pytz
from markupsafe import Markup
from psycopg2 import errors

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import (
    SQL,
    email_normalize,
    format_datetime,
    formataddr,
    html2plaintext,
    parse_contact_from_email,
)

from ..tools import netiquette
from .case_typification import IMPORTANCE, URGENCY

# Eisenhower matrix: (importance, urgency) -> priority. Higher value = more stars.
PRIORITY_DO = "3"
PRIORITIES = [
    ("0", "Delete"),
    ("1", "Delegate"),
    ("2", "Decide"),
    (PRIORITY_DO, "Do"),
]
PRIORITY_MATRIX = {
    ("high", "high"): PRIORITY_DO,
    ("high", "low"): "2",
    ("low", "high"): "1",
    ("low", "low"): "0",
}
MATRIX_OF_PRIORITY = {priority: cell for cell, priority in PRIORITY_MATRIX.items()}

# Fields that follow the stage only: writing them directly would make a closed ticket look open.
STAGE_DERIVED_FIELDS = frozenset({"state_group", "is_closed"})
# Fields whose change may move a ticket to another stage (directly or through its workflow).
STAGE_MOVING_FIELDS = frozenset({"stage_id", "typification_id", "company_id"})

NAME_MAX_LENGTH = 200
# How long "Assign to Me" waits for a ticket row another transaction holds
ASSIGN_LOCK_TIMEOUT = "2s"

# Fields customers never read nor search: the token is for anonymous e-mail links only, and the
# message relations reach internal notes and their files (they bypass the message access rules).
CUSTOMER_HIDDEN_FIELDS = frozenset({"access_token", "message_ids", "website_message_ids"})

# What the chatter of the portal page may load for a customer: its files, nothing internal.
CUSTOMER_THREAD_DATA = frozenset({"attachments", "display_name"})

# Chatter parameters a customer may not choose: a customer's post is a plain comment.
CUSTOMER_FORBIDDEN_MESSAGE_PARAMS = frozenset({"message_type", "subtype_xmlid"})


class CaseTicket(models.Model):
    """Customer-service ticket ("caso", "incidente", "tiquete")."""

    _name = "case.ticket"
    _description = "Helpdesk Ticket"
    _inherit = [
        "mail.thread.cc",
        "mail.activity.mixin",
        "mail.tracking.duration.mixin",
        "portal.mixin",
        "rating.mixin",
    ]
    _order = "priority desc, id desc"
    _rec_names_search = ["number", "name", "partner_email"]
    _mail_post_access = "read"
    _primary_email = "partner_email"
    _mail_thread_customer = True  # the requester follows their ticket when written to
    _track_duration_field = "stage_id"
    _check_company_auto = True

    number = fields.Char(string="Reference", readonly=True, copy=False, index="trigram")
    name = fields.Char(string="Subject", required=True, tracking=True)
    description = fields.Html()
    active = fields.Boolean(default=True)
    color = fields.Integer()
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )

    # Requester: a known partner, or the data an anonymous person typed in.
    partner_id = fields.Many2one(
        "res.partner", string="Affected Person", tracking=True, index=True, check_company=True
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, index=True
    )
    partner_name = fields.Char(
        string="Requester Name", compute="_compute_partner_data", store=True, readonly=False
    )
    partner_email = fields.Char(
        string="Requester E-mail", compute="_compute_partner_data", store=True, readonly=False
    )
    partner_phone = fields.Char(
        string="Requester Phone", compute="_compute_partner_data", store=True, readonly=False
    )
    partner_vat = fields.Char(
        string="Requester Tax ID", compute="_compute_partner_data", store=True, readonly=False
    )

    # Typification drives workflow, queue, request type and priority defaults.
    typification_id = fields.Many2one(
        "case.typification",
        tracking=True,
        index=True,
        check_company=True,
        domain="[('child_ids', '=', False)]",
    )
    workflow_id = fields.Many2one(
        "case.workflow", compute="_compute_workflow_id", store=True, index=True
    )
    stage_id = fields.Many2one(
        "case.stage",
        compute="_compute_stage_id",
        store=True,
        readonly=False,
        tracking=True,
        index=True,
        copy=False,
        ondelete="restrict",
        group_expand="_read_group_stage_ids",
        domain="[('workflow_ids', 'in', workflow_id)]",
    )
    workflow_code = fields.Selection(
        related="workflow_id.code",
        string="Workflow Kind",
        help="Bridges show their workflow actions (notes, backorders...) by this code.",
        groups="base.group_user",
    )
    state_group = fields.Selection(related="stage_id.state_group", store=True, index=True)
    is_closed = fields.Boolean(related="stage_id.is_close", store=True, index=True)
    # groups: also keeps their tracking values out of the portal chatter and customer e-mails
    queue_id = fields.Many2one(
        "case.queue", tracking=True, index=True, check_company=True, groups="base.group_user"
    )
    user_id = fields.Many2one(
        "res.users",
        string="Assigned To",
        tracking=True,
        index=True,
        groups="base.group_user",
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
    request_type_id = fields.Many2one("case.request.type", tracking=True, check_company=True)
    channel_id = fields.Many2one(
        "case.channel",
        index=True,
        check_company=True,
        default=lambda self: self.env["case.channel"]._for_code("back_office"),
        help="Where the request came in; each intake path sets its own (portal, e-mail...).",
    )
    importance = fields.Selection(IMPORTANCE, required=True, default="low", tracking=True)
    urgency = fields.Selection(URGENCY, required=True, default="low", tracking=True)
    priority = fields.Selection(
        PRIORITIES,
        compute="_compute_priority",
        inverse="_inverse_priority",
        store=True,
        index=True,
        help="Eisenhower matrix: Do (important, urgent), Decide (important, not urgent), "
        "Delegate (not important, urgent), Delete (not important, not urgent).",
    )
    tag_ids = fields.Many2many("case.tag", string="Tags", check_company=True)

    first_response_date = fields.Datetime(readonly=True, copy=False)
    last_update_date = fields.Datetime(
        readonly=True,
        copy=False,
        default=fields.Datetime.now,
        help="Last outgoing message or internal note written by an agent.",
    )
    close_date = fields.Datetime(compute="_compute_close_date", store=True, copy=False)
    in_my_network = fields.Boolean(
        compute="_compute_in_my_network",
        search="_search_in_my_network",
        help="The requester is the current consultant or someone in their downline.",
    )
    parent_id = fields.Many2one(
        "case.ticket", string="Split From", index="btree_not_null", check_company=True
    )
    child_ids = fields.One2many("case.ticket", "parent_id", string="Split Tickets")
    reject_reason = fields.Text(copy=False)

    # ------------------------------------------------------------------ computes

    @api.depends("partner_id")
    def _compute_partner_data(self):
        for ticket in self.filtered("partner_id"):
            partner = ticket.partner_id
            ticket.partner_name = partner.name
            ticket.partner_email = partner.email
            ticket.partner_phone = partner.phone
            ticket.partner_vat = partner.commercial_partner_id.vat

    @api.depends("typification_id.workflow_id", "company_id")
    def _compute_workflow_id(self):
        for company, tickets in self.grouped("company_id").items():
            generic = self.env["case.workflow"]._get_generic(company)
            for ticket in tickets:
                ticket.workflow_id = ticket.typification_id.workflow_id or generic

    @api.depends("workflow_id")
    def _compute_stage_id(self):
        for ticket in self:
            workflow = ticket.workflow_id
            if workflow and ticket.stage_id not in workflow.stage_ids:
                if not ticket.stage_id.is_close:
                    ticket.stage_id = workflow._first_stage()
                    continue
                # a closed ticket stays closed: another workflow never reopens it
                closing = workflow._close_stage()
                if not closing:
                    raise UserError(
                        _(
                            "Ticket %(ticket)s is closed and workflow “%(workflow)s” has no "
                            "closing stage to keep it closed: reopen it first.",
                            ticket=ticket.number,
                            workflow=workflow.name,
                        )
                    )
                ticket.stage_id = closing

    @api.depends("importance", "urgency")
    def _compute_priority(self):
        for ticket in self:
            ticket.priority = PRIORITY_MATRIX[ticket.importance or "low", ticket.urgency or "low"]

    def _inverse_priority(self):
        for ticket in self:
            ticket.importance, ticket.urgency = MATRIX_OF_PRIORITY[ticket.priority or "0"]

    @api.depends("stage_id.is_close")
    def _compute_close_date(self):
        now = fields.Datetime.now()
        for ticket in self:
            if not ticket.stage_id.is_close:
                ticket.close_date = False
            elif not ticket.close_date:
                ticket.close_date = now

    @api.depends("number", "name")
    def _compute_display_name(self):
        for ticket in self:
            ticket.display_name = (
                f"{ticket.number} - {ticket.name}" if ticket.name else ticket.number
            )

    @api.depends_context("uid")
    def _compute_in_my_network(self):
        partners = self.sudo().partner_id
        network = partners.filtered_domain(self.env.user.partner_id._case_downline_domain())
        for ticket in self:
            ticket.in_my_network = bool(ticket.sudo().partner_id & network)

    def _search_in_my_network(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        # "any!": the downline is matched on paths, whatever partners the user may read
        domain = [("partner_id", "any!", self.env.user.partner_id._case_downline_domain())]
        return domain if operator == "in" else ["!", *domain]

    def _compute_access_url(self):
        super()._compute_access_url()
        for ticket in self:
            ticket.access_url = f"/my/cases/{ticket.id}"

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        """Show every stage of the workflow in context (or the generic one) in the kanban."""
        workflow_id = self.env.context.get("default_workflow_id")
        Workflow = self.env["case.workflow"]
        workflow = Workflow.browse(workflow_id) if workflow_id else Workflow._get_generic()
        return (stages | workflow.stage_ids).sorted()

    # --------------------------------------------------------------- constraints

    @api.constrains("stage_id")
    def _check_stage_in_workflow(self):
        for ticket in self:
            if ticket.stage_id and ticket.stage_id not in ticket.workflow_id.stage_ids:
                raise ValidationError(
                    _(
                        "Stage “%(stage)s” is not part of workflow “%(workflow)s” of ticket %(ticket)s.",  # noqa: E501
                        stage=ticket.stage_id.name,
                        workflow=ticket.workflow_id.name,
                        ticket=ticket.number,
                    )
                )

    @api.constrains("name")
    def _check_name_length(self):
        for ticket in self:
            if ticket.name and len(ticket.name) > NAME_MAX_LENGTH:
                raise ValidationError(
                    _(
                        "The subject is limited to %(limit)s characters (this one has "
                        "%(length)s): put the details in the description.",
                        limit=NAME_MAX_LENGTH,
                        length=len(ticket.name),
                    )
                )

    @api.constrains("stage_id", "request_type_id")
    def _check_backlog_allowed(self):
        for ticket in self:
            if (
                ticket.stage_id.is_backlog
                and ticket.request_type_id
                and not ticket.request_type_id.backlog_allowed
            ):
                raise ValidationError(
                    _(
                        "Ticket %(ticket)s is a “%(type)s” request: it cannot wait in the "
                        "backlog stage “%(stage)s”. Move it to a working stage instead.",
                        ticket=ticket.number,
                        type=ticket.request_type_id.name,
                        stage=ticket.stage_id.name,
                    )
                )

    # ---------------------------------------------------------------------- CRUD

    @api.model
    def _typification_default_fields(self):
        """Ticket fields that take the same-named typification value unless the user set them.

        Extend with ``super()`` to add a field (the SLA policy, a bridge's defaults...).
        """
        return ["queue_id", "request_type_id", "importance", "urgency"]

    @api.model
    def _typification_default_values(self, typification):
        """Values a ticket takes from ``typification``; without one, the field defaults."""
        fields_ = self._typification_default_fields()
        if not typification:
            return {
                field: self._fields[field].default(self) if self._fields[field].default else False
                for field in fields_
            }
        return {field: typification[field] for field in fields_}

    def _next_numbers(self, count):
        """Reserve ``count`` ticket numbers with one query (batched ``nextval``)."""
        sequence = self.env["ir.sequence"].sudo().search([("code", "=", "case.ticket")], limit=1)
        if not count:
            return []
        if not sequence:
            raise UserError(_("The ticket sequence (code “case.ticket”) is missing."))
        if sequence.implementation != "standard" or sequence.use_date_range:
            return [sequence.next_by_id() for __ in range(count)]
        self.env.cr.execute(
            "SELECT nextval(%s) FROM generate_series(1, %s)",
            [f"ir_sequence_{sequence.id:03d}", count],
        )
        return [sequence.get_next_char(number) for (number,) in self.env.cr.fetchall()]

    @api.model_create_multi
    def create(self, vals_list):
        self._check_parent_readable(vals_list)
        typifications = self.env["case.typification"].browse(
            {vals["typification_id"] for vals in vals_list if vals.get("typification_id")}
        )
        typifications.fetch(self._typification_default_fields())
        numbers = iter(self._next_numbers(sum(1 for v in vals_list if not v.get("number"))))
        if any("channel_id" not in vals for vals in vals_list):
            # one lookup for the batch, instead of the field default's one per ticket
            default_channel = self.env.context.get("default_channel_id") or (
                self._fields["channel_id"].default(self).id
            )
            for vals in vals_list:
                vals.setdefault("channel_id", default_channel)
        for vals in vals_list:
            if not vals.get("number"):
                vals["number"] = next(numbers)
            if vals.get("typification_id"):
                typification = typifications.browse(vals["typification_id"])
                for field, value in self._typification_default_values(typification).items():
                    if field not in vals and value:
                        vals[field] = value.id if isinstance(value, models.BaseModel) else value
        self._assign_from_queues(vals_list)
        if not self.env.su and not self.env.user.share:
            for vals in vals_list:
                if not vals.get("queue_id") and not vals.get("user_id"):
                    vals["user_id"] = self.env.uid  # the creator owns the follow-up
        # the creation note is logged in one batch (mail.thread would post it ticket by ticket)
        tickets = super(CaseTicket, self.with_context(mail_create_nolog=True)).create(vals_list)
        tickets = tickets.with_env(self.env)
        if not self.env.context.get("mail_create_nolog") and not self.env.context.get(
            "tracking_disable"
        ):
            tickets._message_log_batch(
                bodies={ticket.id: ticket._creation_message() for ticket in tickets}
            )
        tickets.filtered("channel_id.send_acknowledgement")._send_requester_mail(
            self.env.ref("helpdesk_case.mail_template_ticket_ack", raise_if_not_found=False)
        )
        return tickets

    def _send_requester_mail(self, template):
        """E-mail ``template`` to the requester of each ticket: their partner, or the address
        an anonymous requester gave (no contact is created for them). One batch, queued; the
        e-mail shows in the back-office chatter."""
        if not template or self.env.context.get("case_no_requester_mail"):
            return
        tickets = self.filtered(lambda t: t.partner_id.email or t.partner_email)
        if tickets:
            # sudo: the e-mail goes to the requester of tickets the caller just wrote
            template.sudo().send_mail_batch(
                tickets.ids, email_layout_xmlid="mail.mail_notification_light"
            )

    def _creation_subtype(self):
        # also the subtype of the e-mail that opens a ticket: public, so its author sees it
        return self.env.ref("helpdesk_case.mt_ticket_new")

    def _assign_from_queues(self, vals_list):
        """Fill ``user_id`` of unassigned new tickets following their queue's method."""
        by_queue = {}
        for vals in vals_list:
            if vals.get("queue_id") and not vals.get("user_id"):
                by_queue.setdefault(vals["queue_id"], []).append(vals)
        queues = self.env["case.queue"].browse(by_queue)
        if queues:
            queues._lock_for_assignment()
        for queue in queues:
            pending = by_queue[queue.id]
            for vals, user in zip(pending, queue._assignees_for(len(pending)), strict=False):
                if user:
                    vals["user_id"] = user.id

    def _check_parent_readable(self, vals_list):
        """Link only to a ticket the user may read: its number and subject show on the form."""
        if self.env.su:
            return
        parents = self.browse({vals["parent_id"] for vals in vals_list if vals.get("parent_id")})
        try:
            parents.check_access("read")
        except (AccessError, MissingError):
            raise AccessError(_("You may only link a ticket to a ticket you can read.")) from None

    def _check_queue_move(self, queue_id):
        """A ticket leaves its queue by escalation, or by its supervisor's (or an admin's) hand.

        Without this, anyone who may write a ticket could pull it into a queue they lead and
        then reopen or re-typify it there.
        """
        user = self.env.user
        if self.env.su or user.has_group("helpdesk_case.group_case_admin"):
            return
        refused = self.filtered(
            lambda t: t.queue_id and t.queue_id.id != queue_id and t.queue_id.leader_id != user
        )
        if refused:
            raise AccessError(
                _(
                    "Only the supervisor of queue “%(queue)s” may move its tickets to another "
                    "queue (%(tickets)s): escalate them instead.",
                    queue=", ".join(refused.queue_id.mapped("name")),
                    tickets=", ".join(refused.mapped("number")),
                )
            )

    def write(self, vals):
        if STAGE_DERIVED_FIELDS & vals.keys():
            raise UserError(_("A ticket's status follows its stage: change the stage instead."))
        self._check_parent_readable([vals])
        if "queue_id" in vals:
            self._check_queue_move(vals["queue_id"])
        if "stage_id" in vals and not self.env["case.stage"].browse(vals["stage_id"]).is_close:
            # re-typifying keeps a closed ticket closed: this is the only way to reopen
            self.filtered("is_closed")._check_supervisor(
                _("Only a supervisor of the ticket's queue may reopen it.")
            )
        previous_stages = (
            {ticket.id: ticket.stage_id for ticket in self}
            if STAGE_MOVING_FIELDS & vals.keys()
            else {}
        )
        if "typification_id" in vals:
            self._write_retypify(vals)
        else:
            super().write(vals)
        self._stage_changed_since(previous_stages)
        return True

    def _stage_changed_since(self, previous_stages):
        """Call ``_stage_changed`` for the tickets whose stage differs from ``previous_stages``
        (also when it moved by recomputation: a new typification, workflow or company)."""
        moved = self.filtered(
            lambda t: t.id in previous_stages and t.stage_id != previous_stages[t.id]
        )
        if moved:
            moved._stage_changed({t.id: previous_stages[t.id] for t in moved})

    def _stage_changed(self, previous_stages):
        """Called once after tickets changed stage (a move, a close, a re-typification).

        ``previous_stages`` maps each ticket id to the stage it left. SLA pauses, doc-wait and
        bridge actions extend this with ``super()``. The core sends each stage's e-mail to the
        requester (partner or anonymous address), in one batch per stage.
        """
        for stage, tickets in self.grouped("stage_id").items():
            if stage.template_id:
                tickets._send_requester_mail(stage.template_id)

    def _write_retypify(self, vals):
        """Change the typification and re-apply its defaults where the user kept the old ones."""
        self.filtered(
            lambda t: t.typification_id and t.typification_id.id != vals["typification_id"]
        )._check_supervisor(_("Only supervisors leading the ticket's queue may re-typify it."))
        new_typification = self.env["case.typification"].browse(vals["typification_id"])
        new_defaults = self._typification_default_values(new_typification)
        batches = {}
        for ticket in self:
            old_defaults = self._typification_default_values(ticket.typification_id)
            extra = {}
            for field, new_value in new_defaults.items():
                if field in vals or not new_value:
                    continue
                current = ticket[field]
                if not current or current == old_defaults[field]:
                    extra[field] = (
                        new_value.id if isinstance(new_value, models.BaseModel) else new_value
                    )
            batches.setdefault(tuple(sorted(extra.items())), self.browse())
            batches[tuple(sorted(extra.items()))] |= ticket
        for extra, tickets in batches.items():
            super(CaseTicket, tickets).write({**vals, **dict(extra)})
        return True

    @api.onchange("typification_id")
    def _onchange_typification_id(self):
        old_defaults = self._typification_default_values(self._origin.typification_id)
        for field, value in self._typification_default_values(self.typification_id).items():
            if value and (not self[field] or self[field] == old_defaults[field]):
                self[field] = value

    def copy_data(self, default=None):
        vals_list = super().copy_data(default=default)
        return [
            dict(vals, name=_("%s (copy)", ticket.name))
            for ticket, vals in zip(self, vals_list, strict=False)
        ]

    # -------------------------------------------------------------------- portal

    # -------------------------------------------------------------------- intake

    @api.model
    def _prepare_intake_values(self, channel, partner=None, typification=None, **values):
        """Creation values of a ticket coming from outside the back office.

        Every intake path (portal, e-mail, public form, chat, orders) calls it, so a request
        gets its requester, channel and company the same way wherever it came from.

        :param channel: ``case.channel`` record or its code (``"portal"``, ``"email"``...)
        :param partner: the requester, when known; else pass ``partner_name``/``partner_email``
        :param typification: the chosen ``case.typification``, if any
        :param values: other ticket values (``name``, ``description``...)
        """
        if isinstance(channel, str):
            channel = self.env["case.channel"]._for_code(channel)
        vals = {**values, "channel_id": channel.id}
        if vals.get("name"):
            vals["name"] = self._intake_subject(vals["name"])
        if partner:
            vals["partner_id"] = partner.id
        if typification:
            vals["typification_id"] = typification.id
            if typification.company_id:
                vals["company_id"] = typification.company_id.id
        return vals

    @api.model
    def _intake_subject(self, subject):
        """``subject`` on one line and within the limit: a long subject from an e-mail or a
        chat is cut, not refused (the forms tell their user instead)."""
        subject = " ".join((subject or "").split())
        if len(subject) > NAME_MAX_LENGTH:
            subject = subject[: NAME_MAX_LENGTH - 1] + "…"
        return subject

    def _post_intake_files(self, files, author, body=None):
        """Post the files sent with a request as the requester's first message.

        :param files: ``[(name, content)]``, already checked against the upload policy
        """
        self.ensure_one()
        if not files:
            return self.env["mail.message"]
        return self.message_post(
            body=body or _("Files sent with the request."),
            attachments=files,
            author_id=author.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )

    @api.model
    def _closed_domain(self, closed=True):
        """Closed tickets (or open ones, with ``closed=False``): the one rule every filter,
        counter and report uses. A ticket is closed when its stage is (the Done group)."""
        return Domain("is_closed", "=", closed)

    @api.model
    def _portal_scope_domain(self, scope):
        """Portal filter for the current user: ``all``, ``mine`` or ``network`` (downline only)."""
        commercial = self.env.user.partner_id.commercial_partner_id
        if scope == "mine":
            return [("commercial_partner_id", "=", commercial.id)]
        if scope == "network":
            return [("in_my_network", "=", True), ("commercial_partner_id", "!=", commercial.id)]
        return []

    def _portal_is_requester(self, partner):
        """Whether ``partner`` speaks for the requester: closing and rating are theirs only."""
        self.ensure_one()
        return bool(partner) and self.commercial_partner_id == partner.commercial_partner_id

    def _portal_can_close(self):
        self.ensure_one()
        return not self.is_closed and self.stage_id.portal_closable

    def _portal_rating(self, partner):
        """The rating ``partner`` gave this ticket, if any."""
        self.ensure_one()
        return (
            self.env["rating.rating"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "=", self.id),
                    ("partner_id", "=", partner.id),
                    ("consumed", "=", True),
                ],
                order="id desc",
                limit=1,
            )
        )

    def _portal_can_rate(self, partner):
        """The requester rates a closed ticket, once."""
        self.ensure_one()
        return (
            self._portal_is_requester(partner)
            and self.is_closed
            and not self._portal_rating(partner)
        )

    def _portal_close(self, partner):
        """Close on the customer's request, in their name; the caller checked who they are."""
        for ticket in self:
            if not ticket._portal_can_close():
                raise UserError(
                    _("Case %s cannot be closed from the portal at this stage.", ticket.number)
                )
        self._track_set_author(partner)
        self.action_close()
        for ticket in self:
            ticket.message_post(
                body=_("Closed by the customer from the portal."),
                author_id=partner.id,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )

    def _portal_attachments(self):
        """Files of the messages customers see in the portal: no internal note, no event."""
        self.ensure_one()
        Message = self.env["mail.message"]
        domain = (
            Message._get_search_domain_share()
            & Domain(self._fields["website_message_ids"].get_comodel_domain(self))
            & Domain("res_id", "=", self.id)
            & Domain("attachment_ids", "!=", False)
        )
        # sudo: the caller may read the ticket; the domain keeps what its portal page shows
        return Message.sudo().search(domain).attachment_ids

    # ------------------------------------------------------------------- actions

    def _check_workflow_action(self, code):
        """Workflow actions (a credit note, a backorder...) act on open tickets of their own
        kind of workflow: the one check every bridge's button makes first."""
        kinds = dict(self.env["case.workflow"]._fields["code"]._description_selection(self.env))
        for ticket in self:
            if ticket.workflow_code != code:
                raise UserError(
                    _(
                        "Ticket %(ticket)s does not follow the “%(workflow)s” workflow.",
                        ticket=ticket.number,
                        workflow=kinds.get(code, code),
                    )
                )
            if ticket.is_closed:
                raise UserError(_("Ticket %s is closed: reopen it first.", ticket.number))

    def _workflow_stage(self, stage):
        """``stage`` if it belongs to the ticket's workflow: a workflow action's next stage."""
        self.ensure_one()
        if not stage or stage not in self.workflow_id.stage_ids:
            raise UserError(
                _(
                    "Workflow “%(workflow)s” of ticket %(ticket)s has no stage “%(stage)s”.",
                    workflow=self.workflow_id.name,
                    ticket=self.number,
                    stage=stage.name or "",
                )
            )
        return stage

    def action_open_case_360(self):
        self.ensure_one()
        if not self.partner_id:
            raise UserError(_("Set the ticket's affected person to see their Consulta 360."))
        return self.partner_id.action_open_case_360()

    def action_assign_to_me(self):
        """Take unassigned tickets. The rows are locked first: of two agents clicking at once,
        the second is told instead of silently taking the ticket over. The lock waits a little
        (an SLA batch holds its rows for a moment), then gives up with a message. A ticket
        someone took after this transaction began fails to lock with a serialization error,
        which Odoo retries: the retry reads the new assignee and refuses."""
        self.check_access("write")
        self.flush_recordset(["user_id"])
        cr = self.env.cr
        try:
            with cr.savepoint(flush=False):
                # SET LOCAL outlives the savepoint: the earlier timeout is put back below
                cr.execute(
                    SQL(
                        "SELECT current_setting('lock_timeout'),"
                        " set_config('lock_timeout', %s, TRUE)",
                        ASSIGN_LOCK_TIMEOUT,
                    )
                )
                previous_timeout = cr.fetchone()[0]
                cr.execute(
                    SQL(
                        "SELECT id FROM case_ticket WHERE id = ANY(%s) FOR NO KEY UPDATE",
                        self.ids,
                    ),
                    log_exceptions=False,
                )
                cr.execute(SQL("SELECT set_config('lock_timeout', %s, TRUE)", previous_timeout))
        except errors.LockNotAvailable:
            raise UserError(
                _("Someone else is changing this ticket right now: reload it and try again.")
            ) from None
        self.invalidate_recordset(["user_id"])
        for ticket in self:
            if ticket.user_id and ticket.user_id != self.env.user:
                raise UserError(
                    _(
                        "Ticket %(ticket)s is already assigned to %(user)s.",
                        ticket=ticket.number,
                        user=ticket.user_id.name,
                    )
                )
        self.write({"user_id": self.env.uid})

    def action_close(self):
        for workflow, tickets in self.grouped("workflow_id").items():
            stage = workflow._close_stage()
            if not stage:
                raise UserError(
                    _(
                        "Workflow “%s” has no closing stage: add one before closing tickets.",
                        workflow.name,
                    )
                )
            tickets.write({"stage_id": stage.id})

    def _check_supervisor(self, message):
        """Supervisors act on the tickets of the queues they lead; admins on all."""
        user = self.env.user
        if not self or self.env.su or user.has_group("helpdesk_case.group_case_admin"):
            return
        if not user.has_group("helpdesk_case.group_case_supervisor") or any(
            ticket.queue_id.leader_id != user for ticket in self
        ):
            raise AccessError(message)

    def action_reopen(self):
        for workflow, tickets in self.filtered("is_closed").grouped("workflow_id").items():
            stage = workflow._first_stage()
            if not stage:
                raise UserError(
                    _("Workflow “%s” has no open stage to reopen tickets in.", workflow.name)
                )
            tickets.write({"stage_id": stage.id})

    def action_open_escalate_wizard(self):
        return {
            "type": "ir.actions.act_window",
            "name": _("Escalate"),
            "res_model": "case.ticket.escalate",
            "view_mode": "form",
            "target": "new",
            "context": {"active_model": "case.ticket", "active_ids": self.ids},
        }

    def _escalate(self, reason):
        """Move tickets to their queue's escalation queue, log the reason, re-assign."""
        self.check_access("write")
        if not reason or not reason.strip():
            raise UserError(_("Give the reason for the escalation."))
        without_queue = self.filtered(lambda t: not t.queue_id)
        if without_queue:
            raise UserError(
                _(
                    "Tickets without a queue cannot be escalated: %s",
                    ", ".join(without_queue.mapped("number")),
                )
            )
        dead_ends = self.queue_id.filtered(lambda q: not q.escalation_queue_id)
        if dead_ends:
            raise UserError(
                _(
                    "Queue “%s” has no escalation queue: set “Escalate To” on it, or ask its "
                    "supervisor to move the tickets.",
                    ", ".join(dead_ends.mapped("name")),
                )
            )
        subtype = self.env.ref("helpdesk_case.mt_ticket_escalated")
        self.queue_id.escalation_queue_id._lock_for_assignment()
        for source_queue, tickets in self.grouped("queue_id").items():
            target = source_queue.escalation_queue_id
            body = Markup("<p>%s</p><p>%s</p>") % (
                _(
                    "Escalated from %(source)s to %(target)s.",
                    source=source_queue.name,
                    target=target.name,
                ),
                reason,
            )
            # log first: the agent may no longer see the ticket once it left their queue
            for ticket in tickets:
                ticket.message_post(body=body, subtype_id=subtype.id)
            by_assignee = defaultdict(lambda: self.browse())
            for ticket, user in zip(tickets, target._assignees_for(len(tickets)), strict=True):
                by_assignee[user] |= ticket
            for user, user_tickets in by_assignee.items():
                # sudo: escalation is the agents' way to move a ticket they may write (checked
                # above) out of their queue; other queue moves are the supervisor's
                user_tickets.sudo().write({"queue_id": target.id, "user_id": user.id})
        return True

    # ---------------------------------------------------------------------- mail

    def _track_subtype(self, init_values):
        self.ensure_one()
        if "stage_id" in init_values:
            return self.env.ref("helpdesk_case.mt_ticket_stage")
        return super()._track_subtype(init_values)

    def _message_post_after_hook(self, message, msg_values):
        """An agent's message or note touches the ticket; only a public one answers it."""
        super()._message_post_after_hook(message, msg_values)
        author_user = message.author_id.user_ids[:1]
        if (
            message.message_type in ("comment", "email")
            and author_user
            and not author_user.share
            # an employee writing in as the requester does not answer their own ticket
            and message.author_id != self.partner_id
        ):
            now = fields.Datetime.now()
            values = {"last_update_date": now}
            public = not (message.is_internal or message.subtype_id.internal)
            if public and not self.first_response_date:
                values["first_response_date"] = now
            self.sudo().write(values)
        self._case_customer_replied(message)

    # ------------------------------------------------------------ customer privacy

    def _get_share_url(self, redirect=False, signup_partner=False, pid=None, share_token=True):
        if self.env.user.share and not self.env.su:
            # a customer who may read the case opens it as themselves: no token for them
            return self.access_url
        return super()._get_share_url(
            redirect=redirect, signup_partner=signup_partner, pid=pid, share_token=share_token
        )

    def _has_field_access(self, field, operation):
        if (
            field.name in CUSTOMER_HIDDEN_FIELDS
            and not self.env.su
            and self.env.user.share
            and field.model_name == self._name
        ):
            return False
        return super()._has_field_access(field, operation)

    def _thread_to_store(self, store, fields, *, request_list=None):
        # a token or a portal account opens the thread: only what the portal page shows
        if request_list is not None and self.env.user.share:
            request_list = [name for name in request_list if name in CUSTOMER_THREAD_DATA]
        return super()._thread_to_store(store, fields, request_list=request_list)

    def _get_mail_thread_data_attachments(self):
        if self.env.user.share:
            return self._portal_attachments()
        return super()._get_mail_thread_data_attachments()

    def _get_allowed_message_params(self):
        # rating_value (from rating) stays: message_post refuses it loudly
        params = super()._get_allowed_message_params()
        return params - CUSTOMER_FORBIDDEN_MESSAGE_PARAMS if self.env.user.share else params

    def message_post(self, **kwargs):
        if kwargs.get("rating_value"):
            # a rating in the chatter would skip the rule: the requester, a closed ticket, once
            raise AccessError(_("Rate a case from its page in the portal once it is closed."))
        if self.env.user.share:
            kwargs = self._customer_post_values(kwargs)
        refused = []
        if kwargs.get("message_type") == "email" and kwargs.get("attachments"):
            author = self.env["res.partner"].browse(kwargs.get("author_id")).exists()
            if not author.user_ids.filtered(lambda u: not u.share):
                kwargs["attachments"], refused = self._case_filter_files(kwargs["attachments"])
        message = super().message_post(**kwargs)
        if refused:
            self._case_report_refused_files(refused)
        return message

    def _case_filter_files(self, attachments):
        """Split e-mailed files into those the upload policy accepts and ``(name, reason)``
        for the others: the gateway runs as superuser, the portal's rule still applies."""
        Attachment = self.env["ir.attachment"]
        kept, refused = [], []
        for attachment in attachments:
            name, content = attachment[0], attachment[1]
            size = len(content.encode() if isinstance(content, str) else content or b"")
            try:
                Attachment._case_check_upload(name, size)
            except ValidationError as error:
                refused.append((name, str(error.args[0])))
            else:
                kept.append(attachment)
        return kept, refused

    def _case_report_refused_files(self, refused):
        """Say which files were dropped and why: a note for the agents, an e-mail to the
        requester."""
        self.ensure_one()
        items = Markup("").join(Markup("<li>%s</li>") % reason for __, reason in refused)
        self._message_log(
            body=Markup("<p>%s</p><ul>%s</ul>")
            % (_("Files of the customer's e-mail were not accepted:"), items)
        )
        recipient = self.partner_id.email_formatted or self.partner_email
        if not recipient:
            return
        body = Markup("<p>%s</p><ul>%s</ul><p>%s</p>") % (
            _(
                "We received your message about case %s, but could not accept these files:",
                self.number,
            ),
            items,
            _("Please send them again in an allowed format and size, replying to this e-mail."),
        )
        # sudo: the gateway (or an agent) tells the requester of this ticket
        self.env["mail.mail"].sudo().create(
            {
                "model": self._name,
                "res_id": self.id,
                "subject": _("[%(number)s] Files not accepted", number=self.number),
                "body_html": body,
                "email_to": recipient,
                "email_from": self.company_id.email_formatted or self.env.user.email_formatted,
                "auto_delete": False,
            }
        )

    def _customer_post_values(self, kwargs):
        """What a customer posts is a comment on the case: never a note or a system event."""
        if not self.env.su:
            # portal posts go through the chatter controllers, which check access and then
            # post as superuser; a direct RPC call would pick its own type and subtype
            raise AccessError(_("Write on your case from its page in the portal."))
        if kwargs.get("message_type") == "auto_comment":
            return kwargs  # stage e-mail templates; the chatter controllers cannot ask for it
        return {
            **kwargs,
            "message_type": "comment",
            "subtype_xmlid": "mail.mt_comment",
            "subtype_id": False,
        }

    def _message_update_content(self, message, /, *, body, **kwargs):
        if kwargs.get("rating_value") is not None:
            raise AccessError(_("A rating cannot be changed once it is given."))
        return super()._message_update_content(message, body=body, **kwargs)

    # -------------------------------------------------------------- e-mail intake

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """A new e-mail opens a ticket: channel "E-mail", the sender matched to an existing
        contact by normalised address, else kept as the requester's name and address."""
        email = email_normalize(msg_dict.get("email_from") or "", strict=False)
        # never creates a contact: an unknown sender stays a name and an address
        partner = self._partner_find_from_emails_single([email], no_create=True) if email else None
        values = self._prepare_intake_values(
            "email",
            partner=partner,
            name=(msg_dict.get("subject") or "").strip() or _("E-mail without subject"),
            # the request as the customer wrote it, also shown on their portal page
            description=msg_dict.get("body") or False,
            **(custom_values or {}),
        )
        if not partner:
            name, __ = parse_contact_from_email(msg_dict.get("email_from") or "")
            values.update(
                partner_name=name or email, partner_email=email or msg_dict.get("email_from")
            )
        # mail.thread copies the sender as typed ("Name <address>") into partner_email
        msg_dict = dict(msg_dict, email_from=email or msg_dict.get("email_from"))
        return super().message_new(msg_dict, custom_values=values)

    @api.model
    def _case_ticket_from_subject(self, message_dict):
        """The ticket a reply names in its subject ("Re: [CASE00042] ..."), when its sender is
        the requester or a follower: a reference alone must not let anyone write on a case."""
        from .mail_thread import REFERENCE

        numbers = REFERENCE.findall((message_dict.get("subject") or "").upper())
        email = email_normalize(message_dict.get("email_from") or "", strict=False)
        if not numbers or not email:
            return self.browse()
        tickets = self.sudo().with_context(active_test=False).search([("number", "in", numbers)])
        for ticket in tickets:
            senders = {
                email_normalize(ticket.partner_email or "", strict=False),
                ticket.partner_id.email_normalized,
                *ticket.message_partner_ids.mapped("email_normalized"),
            }
            if email in senders:
                return ticket
        return self.browse()

    def _case_customer_replied(self, message):
        """The requester answered (e-mail or portal): a ticket waiting for them goes back to
        work, in its workflow's first working stage after the waiting one."""
        if not self.stage_id.waits_customer or message.message_type not in ("email", "comment"):
            return
        if message.subtype_id.internal or message.is_internal:
            return
        author = message.author_id
        email = email_normalize(message.email_from or "", strict=False)
        requester = (author and self._portal_is_requester(author)) or (
            email and email == email_normalize(self.partner_email or "", strict=False)
        )
        if not requester:
            return
        stage = (
            self.workflow_id.stage_ids.filtered(
                lambda s: not s.waits_customer
                and not s.is_close
                and not s.is_backlog
                and s.state_group == "doing"
            ).sorted()[:1]
            or self.workflow_id._first_stage()
        )
        if stage:
            # sudo: the customer's answer moves their own ticket; they may not write it
            self.sudo().stage_id = stage

    # ============================================ split, merge and reject (intake tools)
    # Kept together at the end of the model so that parallel work on the ticket merges cleanly.

    merged_into_id = fields.Many2one(
        "case.ticket",
        string="Merged Into",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The ticket this duplicate was merged into; undo the merge to get it back.",
        groups="base.group_user",
    )
    merged_ticket_ids = fields.One2many(
        "case.ticket",
        "merged_into_id",
        string="Merged Tickets",
        context={"active_test": False},
        groups="base.group_user",
    )
    merged_ticket_count = fields.Integer(compute="_compute_merged_ticket_count")
    reject_reason_id = fields.Many2one(
        "case.reject.reason",
        string="Rejection Reason",
        tracking=True,
        copy=False,
        groups="base.group_user",
    )

    @api.depends("merged_ticket_ids")
    def _compute_merged_ticket_count(self):
        for ticket in self:
            ticket.merged_ticket_count = len(ticket.merged_ticket_ids)

    def _requester_post_values(self):
        """Recipients of a message to the requester: their partner, else their e-mail alone
        (anonymous requesters get the message by e-mail without becoming contacts)."""
        self.ensure_one()
        if self.partner_id:
            return {"partner_ids": self.partner_id.ids}
        if self.partner_email:
            return {"outgoing_email_to": formataddr((self.partner_name or "", self.partner_email))}
        return {}

    def _post_to_requester(self, body):
        self.ensure_one()
        return self.message_post(
            body=body,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            **self._requester_post_values(),
        )

    def _open_wizard(self, model, name):
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "view_mode": "form",
            "target": "new",
            "context": {"active_model": "case.ticket", "active_ids": self.ids},
        }

    def action_open_split_wizard(self):
        return self._open_wizard("case.ticket.split", _("Split"))

    def action_open_reject_wizard(self):
        return self._open_wizard("case.ticket.reject", _("Reject"))

    def action_open_merge_wizard(self):
        return self._open_wizard("case.ticket.merge", _("Merge"))

    def action_open_merge_logs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "helpdesk_case.case_ticket_merge_log_action"
        )
        action["domain"] = [("target_id", "=", self.id)]
        return action

    # ---------------------------------------------------------------------- split

    def _split(self, name, messages=None, description=None, typification=None):
        """Move one topic of this ticket into a new linked ticket and tell the requester.

        Messages are *moved* with their files, not copied: one topic per ticket, so the
        conversation about it is answered in one place only.
        """
        self.ensure_one()
        messages = messages or self.env["mail.message"]
        if not messages and not (description and html2plaintext(description).strip()):
            raise UserError(_("Pick the messages of the topic or type its text."))
        if any(m.model != self._name or m.res_id != self.id for m in messages):
            raise UserError(_("Only messages of ticket %s can be split from it.", self.number))
        if messages.filtered(lambda m: m.message_type not in ("comment", "email")):
            raise UserError(_("Only messages and notes can be split, not the ticket's history."))
        self.check_access("write")
        messages.check_access("read")
        typification = typification or self.typification_id
        values = {
            "name": name,
            "description": description,
            "parent_id": self.id,
            "company_id": self.company_id.id,
            "channel_id": self.channel_id.id,
            "typification_id": typification.id,
            "partner_id": self.partner_id.id,
            "partner_name": self.partner_name,
            "partner_email": self.partner_email,
            "partner_phone": self.partner_phone,
            "partner_vat": self.partner_vat,
            "email_cc": self.email_cc,
        }
        if typification == self.typification_id and self.queue_id:
            values["queue_id"] = self.queue_id.id  # same topic kind: stays at this level
        child = self.create(values)
        if messages:
            # sudo: the agent may write this ticket (checked above) and read these messages;
            # moving a message is no edit of its content, which only its author may make
            messages.sudo().write({"res_id": child.id})
            messages.sudo().attachment_ids.filtered(
                lambda a: a.res_model == self._name and a.res_id == self.id
            ).write({"res_id": child.id})
        self._post_to_requester(
            Markup("<p>%s</p>")
            % _(
                "We follow up “%(topic)s” separately, in the new case %(number)s, so that "
                "each request gets its own answer.",
                topic=name,
                number=child.number,
            )
        )
        child._post_to_requester(
            Markup("<p>%s</p>")
            % _(
                "This case %(number)s follows up a topic of your case %(parent)s: “%(topic)s”.",
                number=child.number,
                parent=self.number,
                topic=name,
            )
        )
        return child

    # ---------------------------------------------------------------------- merge

    def _merge_into(self, target):
        """Merge these duplicates into ``target``; return the ``case.ticket.merge.log``.

        Their messages (with their tracking history), files, ratings and activities move to
        the target, their followers also follow it; the duplicates are archived, keep their
        own values and point to the target. The log remembers what moved, for the undo.
        """
        target.ensure_one()
        sources = self - target
        if not sources:
            raise UserError(_("Select at least two tickets to merge."))
        tickets = sources | target
        if len(tickets.company_id) > 1:
            raise UserError(_("Only tickets of the same company can be merged."))
        requesters = {
            ticket.commercial_partner_id.id or email_normalize(ticket.partner_email or "")
            for ticket in tickets
        } - {False, None, ""}  # a ticket without requester (an agent's note) joins any
        if len(requesters) > 1:
            # the target's requester would read the duplicates' public messages, and theirs
            # the target's number: duplicates are the same requester's
            raise UserError(_("Only tickets of the same requester can be merged."))
        merged = tickets.filtered(lambda t: t.merged_into_id or not t.active)
        if merged:
            raise UserError(
                _(
                    "Archived or already merged tickets cannot be merged: %s",
                    ", ".join(merged.mapped("number")),
                )
            )
        # the moves below are done as superuser: the user must be allowed to write them all
        tickets.check_access("write")
        return self.env["case.ticket.merge.log"].sudo()._merge(target.sudo(), sources.sudo())

    # --------------------------------------------------------------------- reject

    def _reject(self, reason, note=None):
        """Send incomplete tickets back to their requester with the reason, and close them.

        A rejected ticket does not meet the minimum a case needs: its attention ends here
        and the requester opens a new case with the missing data (the message says what),
        while the reason stays on the ticket for reporting. Waiting for documents on an
        open ticket is another flow (doc-wait).
        """
        if not reason:
            raise UserError(_("Choose the reason of the rejection."))
        closed = self.filtered("is_closed")
        if closed:
            raise UserError(
                _("Closed tickets cannot be rejected: %s", ", ".join(closed.mapped("number")))
            )
        self.check_access("write")
        for ticket in self:
            parts = [
                _(
                    "Your case %(number)s cannot be worked as it is: %(reason)s.",
                    number=ticket.number,
                    reason=reason.name,
                ),
                reason.description,
                note,
                _("Please open a new case with the complete information."),
            ]
            ticket._post_to_requester(
                Markup("").join(Markup("<p>%s</p>") % part for part in parts if part)
            )
        self.write(
            {
                "reject_reason_id": reason.id,
                "reject_reason": "\n".join(part for part in (reason.name, note) if part),
            }
        )
        self.action_close()
        return True


# ============================================================================================
# Intake and customer communication: netiquette, abusive language, reply collisions.
# A class of its own (same model) because it extends hooks the class above already overrides
# (message_post, _message_post_after_hook, _prepare_intake_values).
# ============================================================================================

ABUSIVE_WORDS_PARAM = "helpdesk_case.abusive_words"


class CaseReplyWarning(UserError):
    """An agent's reply needs a confirmation; the chatter asks for it and sends again."""


class CaseTicketCommunication(models.Model):
    _inherit = "case.ticket"

    # groups: agents only; also keeps their tracking out of the portal chatter and e-mails
    customer_shouting = fields.Boolean(
        readonly=True,
        copy=False,
        groups="base.group_user",
        help="The requester's last message is written in capitals or with runs of “!!!” / "
        "“???”: answer calmly.",
    )
    abusive = fields.Boolean(
        string="Abusive Language",
        tracking=True,
        copy=False,
        groups="base.group_user",
        help="A message of the requester contains a word of the abusive list (Settings → "
        "Helpdesk): the agent may end the attention with a courteous message.",
    )
    abusive_words = fields.Char(
        string="Abusive Words Found", readonly=True, copy=False, groups="base.group_user"
    )

    # --------------------------------------------------------------- netiquette

    @api.model
    def _case_abusive_words(self):
        """The configured abusive words and phrases, normalized for matching."""
        words = self.env["ir.config_parameter"].sudo().get_param(ABUSIVE_WORDS_PARAM, "")
        return netiquette.parse_words(words)

    def _case_netiquette_values(self, text):
        """Flags a text from the requester sets on the ticket (``self`` may be empty)."""
        values = {"customer_shouting": netiquette.is_shouting(text)}
        found = netiquette.find_words(text, self._case_abusive_words())
        if found:
            known = {word.strip() for word in (self[:1].abusive_words or "").split(",")}
            values["abusive"] = True
            values["abusive_words"] = ", ".join(sorted((known | set(found)) - {""}))
        return values

    @api.model
    def _prepare_intake_values(self, channel, partner=None, typification=None, **values):
        vals = super()._prepare_intake_values(channel, partner, typification, **values)
        text = "\n".join(
            filter(None, [vals.get("name"), netiquette.message_text(vals.get("description"))])
        )
        flags = self._case_netiquette_values(text)
        return {**vals, **{field: value for field, value in flags.items() if value}}

    def _case_is_from_requester(self, message):
        """A public comment or e-mail by anyone but an agent: the portal, an e-mail, a visitor."""
        return (
            message.message_type in ("comment", "email")
            and not (message.is_internal or message.subtype_id.internal)
            and not message.author_id.user_ids.filtered(lambda user: not user.share)
        )

    def _message_post_after_hook(self, message, msg_values):
        """Flag the requester's messages that break netiquette; they are never refused."""
        super()._message_post_after_hook(message, msg_values)
        if len(self) == 1 and self._case_is_from_requester(message):
            text = netiquette.message_text(message.body)
            # sudo: customers post too, and the flags are agents-only fields
            ticket = self.sudo()
            values = ticket._case_netiquette_values(text)
            if any(ticket[field] != value for field, value in values.items()):
                ticket.write(values)

    # ------------------------------------------------------------ agent replies

    def _case_reply_warnings(self, body, seen_message_id):
        """Why an agent should think twice before sending ``body`` to the requester.

        :param seen_message_id: the newest message of the ticket the agent's chatter showed
        :return: a list of sentences, empty when the reply may go
        """
        self.ensure_one()
        warnings = []
        if netiquette.is_shouting(netiquette.message_text(body)):
            warnings.append(
                _(
                    "Your reply reads as shouting (capital letters, or runs of “!!!” / “???”): "
                    "the customer may take it as rude."
                )
            )
        # sudo: the authors of messages on a ticket the agent may read
        newer = (
            self.env["mail.message"]
            .sudo()
            .search(
                [
                    ("model", "=", self._name),
                    ("res_id", "=", self.id),
                    ("id", ">", seen_message_id),
                    ("message_type", "in", ("comment", "email")),
                    ("subtype_id", "=", self.env.ref("mail.mt_comment").id),
                    ("author_id", "!=", self.env.user.partner_id.id),
                    ("author_id.user_ids.share", "=", False),
                ]
            )
        )
        if newer:
            warnings.append(
                _(
                    "%(authors)s replied to the customer after you opened this ticket: read "
                    "their reply before sending yours.",
                    authors=", ".join(newer.author_id.sorted("name").mapped("name")),
                )
            )
        return warnings

    def message_post(self, **kwargs):
        """The agent's chatter says which message it showed last (``case_seen_message_id`` in
        the context): a reply that collides or shouts is refused until the agent confirms
        (``case_reply_confirmed``). Other posts (code, e-mail, customers) are not checked."""
        context = self.env.context
        if (
            len(self) == 1
            and "case_seen_message_id" in context
            and not context.get("case_reply_confirmed")
            and not self.env.user.share
            and kwargs.get("message_type") == "comment"
            and kwargs.get("subtype_xmlid") == "mail.mt_comment"
        ):
            warnings = self._case_reply_warnings(
                kwargs.get("body"), int(context["case_seen_message_id"] or 0)
            )
            if warnings:
                raise CaseReplyWarning("\n".join(warnings))
        return super().message_post(**kwargs)

    # ------------------------------------------------------------------ actions

    def action_end_attention(self):
        """End the attention of abusive tickets: a courteous e-mail to the requester, then close."""
        if not self.env.user.has_group("helpdesk_case.group_case_service"):
            raise AccessError(_("Only service agents end the attention of a ticket."))
        self.check_access("write")
        if not all(self.mapped("abusive")):
            raise UserError(_("Only tickets flagged for abusive language end this way."))
        template = self.env.ref("helpdesk_case.mail_template_end_attention")
        for ticket in self.filtered(lambda t: not t.is_closed):
            ticket.message_post_with_source(
                template, message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        self.action_close()

    def action_clear_abusive(self):
        """A false alarm: the agent takes the flag off (tracked)."""
        self.write({"abusive": False, "abusive_words": False})


# ============================================================================================
# SLA in working hours and the red flag (issue 9). A class of its own (same model): it extends
# create, write, _stage_changed and the message hooks after the classes above.
# Deadlines and thresholds are computed per calendar over one list of working intervals
# (tools/working_time.py); statuses and the red flag are set by SQL in batches.
# ============================================================================================

SLA_STATUSES = [
    ("on_track", "On Track"),
    ("at_risk", "At Risk"),
    ("failed", "Failed"),
    ("met", "Met"),
]
# Share of a target after which a ticket is "at risk".
SLA_RISK_RATIO = 0.8
# Fields whose change may select another SLA policy or target.
SLA_MATCH_FIELDS = frozenset(
    {
        "typification_id",
        "importance",
        "urgency",
        "priority",
        "queue_id",
        "partner_id",
        "channel_id",
        "company_id",
    }
)
# Fields whose change may change the SLA status.
SLA_STATUS_FIELDS = frozenset(
    {"first_response_date", "stage_id", "sla_response_deadline", "sla_resolution_deadline"}
)
DEFAULT_EMAIL_RESPONSE_HOURS = 4.0
DEFAULT_STALE_HOURS = 24.0
SLA_BATCH_SIZE = 5000
# The SLA's own writes, ticket by ticket, refresh the status once for the whole batch at the end
SLA_BATCH_CONTEXT = "case_sla_batch"

# One rule for the status, used for a few tickets and by the cron alike. %(now)s is a parameter.
SLA_STATUS_EXPR = """
CASE
  WHEN t.sla_response_deadline IS NULL AND t.sla_resolution_deadline IS NULL THEN NULL
  WHEN t.is_closed THEN
    CASE WHEN (t.sla_resolution_deadline IS NULL
               OR COALESCE(t.close_date, %(now)s) <= t.sla_resolution_deadline)
          AND (t.sla_response_deadline IS NULL
               OR COALESCE(t.first_response_date, t.close_date, %(now)s) <= t.sla_response_deadline)
         THEN 'met' ELSE 'failed' END
  WHEN t.sla_pause_start IS NOT NULL THEN COALESCE(t.sla_status, 'on_track')
  WHEN t.sla_resolution_deadline < %(now)s
    OR t.sla_response_deadline < COALESCE(t.first_response_date, %(now)s) THEN 'failed'
  WHEN t.sla_resolution_risk_date <= %(now)s
    OR (t.first_response_date IS NULL AND t.sla_response_risk_date <= %(now)s) THEN 'at_risk'
  ELSE 'on_track'
END
"""


class _WallTime:
    """Working time without a calendar: every hour counts."""

    def add_hours(self, start, hours):
        return start + timedelta(hours=hours)

    def sub_hours(self, end, hours):
        return end - timedelta(hours=hours)

    def hours_between(self, start, end):
        return max((end - start).total_seconds() / 3600, 0.0) if start and end else 0.0


class CaseTicketSla(models.Model):
    _inherit = "case.ticket"

    sla_policy_id = fields.Many2one(
        "case.sla.policy",
        string="SLA Policy",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The most specific policy matching typification, priority, queue and requester.",
        groups="base.group_user",
    )
    sla_start_date = fields.Datetime(
        string="SLA Start",
        readonly=True,
        copy=False,
        default=fields.Datetime.now,
        help="When the SLA clock started: the ticket's creation.",
        groups="base.group_user",
    )
    sla_response_deadline = fields.Datetime(
        string="First Response Deadline",
        readonly=True,
        copy=False,
        tracking=True,
        groups="base.group_user",
    )
    sla_resolution_deadline = fields.Datetime(
        string="Resolution Deadline",
        readonly=True,
        copy=False,
        tracking=True,
        groups="base.group_user",
    )
    sla_response_risk_date = fields.Datetime(readonly=True, copy=False, groups="base.group_user")
    sla_resolution_risk_date = fields.Datetime(readonly=True, copy=False, groups="base.group_user")
    sla_status = fields.Selection(
        SLA_STATUSES,
        string="SLA Status",
        readonly=True,
        copy=False,
        index=True,
        groups="base.group_user",
    )
    sla_overridden = fields.Boolean(
        string="Deadlines Overridden",
        readonly=True,
        copy=False,
        help="A supervisor set the deadlines: a new policy does not replace them.",
        groups="base.group_user",
    )
    sla_pause_start = fields.Datetime(
        string="SLA Paused Since",
        readonly=True,
        copy=False,
        help="The ticket waits for the customer: the SLA clock is stopped.",
        groups="base.group_user",
    )
    sla_paused_hours = fields.Float(
        string="Paused Working Hours",
        readonly=True,
        copy=False,
        digits=(16, 2),
        groups="base.group_user",
    )
    sla_pause_ids = fields.One2many(
        "case.ticket.sla.pause", "ticket_id", string="SLA Pauses", groups="base.group_user"
    )
    first_response_hours = fields.Float(
        string="First Response Time (working hours)",
        readonly=True,
        copy=False,
        digits=(16, 2),
        aggregator="avg",
        help="Working hours from creation to the first public answer of an agent, pauses "
        "excluded.",
        groups="base.group_user",
    )
    resolution_hours = fields.Float(
        string="Resolution Time (working hours)",
        readonly=True,
        copy=False,
        digits=(16, 2),
        aggregator="avg",
        help="Working hours from creation to closing, pauses excluded.",
        groups="base.group_user",
    )
    stale = fields.Boolean(
        string="Red Flag",
        readonly=True,
        copy=False,
        index=True,
        help="Open and outside backlog with no agent message or note for the configured working "
        "hours (24 by default), until someone writes.",
        groups="base.group_user",
    )

    # ---------------------------------------------------------------- hooks

    @api.model_create_multi
    def create(self, vals_list):
        tickets = super().create(vals_list)
        tickets._sla_apply()
        return tickets

    def write(self, vals):
        if "last_update_date" in vals:
            vals = dict(vals, stale=False)
        result = super().write(vals)
        if vals.get("first_response_date"):
            self._sla_measure("first_response_date", "first_response_hours")
        if SLA_MATCH_FIELDS & vals.keys():
            self._sla_apply()
        elif SLA_STATUS_FIELDS & vals.keys() and not self.env.context.get(SLA_BATCH_CONTEXT):
            self._sla_update_status()
        return result

    def _stage_changed(self, previous_stages):
        super()._stage_changed(previous_stages)
        now = fields.Datetime.now()
        entering = self.filtered(lambda t: t.stage_id.waits_customer and not t.sla_pause_start)
        leaving = self.filtered(lambda t: t.sla_pause_start and not t.stage_id.waits_customer)
        if leaving:
            leaving._sla_resume(now)
        if entering:
            entering._sla_pause(now)
        self.filtered("is_closed")._sla_measure("close_date", "resolution_hours")
        closed = self.filtered(lambda t: t.is_closed or t.stage_id.is_backlog)
        if closed.filtered("stale"):
            closed.sudo().filtered("stale").write({"stale": False})
        self._sla_update_status()

    # -------------------------------------------------------------- working time

    def _sla_calendar(self, policy=None):
        """Calendar of this ticket's deadlines: the policy's, the queue's, else the company's."""
        self.ensure_one()
        policy = self.sla_policy_id if policy is None else policy
        return (
            policy.resource_calendar_id
            or self.queue_id.resource_calendar_id
            or self.company_id.resource_calendar_id
        )

    @api.model
    def _working_time(self, calendar, start, end=None, resource=None):
        from ..tools.working_time import WorkingTime

        return WorkingTime(calendar, start, end, resource) if calendar else _WallTime()

    def _sla_by_calendar(self, start_field=None):
        """``[(working_time, tickets)]``, one calendar fetch per calendar shared by the tickets."""
        result = []
        for calendar, tickets in self.grouped(lambda t: t._sla_calendar()).items():
            starts = [t[start_field] for t in tickets if start_field and t[start_field]]
            start = min(starts) if starts else fields.Datetime.now()
            result.append((self._working_time(calendar, start), tickets))
        return result

    @api.model
    def _sla_email_response_hours(self):
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("helpdesk_case.sla_email_response_hours", DEFAULT_EMAIL_RESPONSE_HOURS)
        )
        return float(value or 0)

    @api.model
    def _stale_hours(self):
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("helpdesk_case.stale_hours", DEFAULT_STALE_HOURS)
        )
        return float(value or 0)

    def _sla_targets(self, email_hours):
        """``(response_hours, resolution_hours)`` of this ticket, 0 for none."""
        self.ensure_one()
        response = self.sla_policy_id.response_hours
        if email_hours and self.channel_id.code == "email":
            response = min(response, email_hours) if response else email_hours
        return response, self.sla_policy_id.resolution_hours

    # ---------------------------------------------------------------- computing

    def _sla_apply(self):
        """Match the policy of each ticket and set its deadlines (not where overridden)."""
        tickets = self.sudo().with_context(tracking_disable=True, **{SLA_BATCH_CONTEXT: True})
        if not tickets:
            return
        matches = self.env["case.sla.policy"]._match_tickets(tickets)
        for ticket, policy in matches.items():
            if ticket.sla_policy_id != policy:
                ticket.write({"sla_policy_id": policy.id})
        email_hours = self._sla_email_response_hours()
        now = fields.Datetime.now()
        targets = {
            ticket: ticket._sla_targets(email_hours)
            for ticket in tickets
            if not ticket.sla_overridden
        }
        deadline_fields = (
            ("sla_response_deadline", "sla_response_risk_date"),
            ("sla_resolution_deadline", "sla_resolution_risk_date"),
        )
        # without targets nothing to plan: no calendar to read
        for ticket in [t for t, hours in targets.items() if not any(hours)]:
            if any(ticket[f] for pair in deadline_fields for f in pair):
                ticket.write(dict.fromkeys(sum(deadline_fields, ()), False))
        planned = tickets.browse([t.id for t, hours in targets.items() if any(hours)])
        for working_time, group in planned._sla_by_calendar("sla_start_date"):
            for ticket in group:
                start = ticket.sla_start_date or ticket.create_date or now
                paused = ticket.sla_paused_hours
                values = {}
                for target, (deadline, risk) in zip(targets[ticket], deadline_fields, strict=True):
                    values[deadline] = (
                        working_time.add_hours(start, target + paused) if target else False
                    )
                    values[risk] = (
                        working_time.add_hours(start, target * SLA_RISK_RATIO + paused)
                        if target
                        else False
                    )
                if any(ticket[field] != value for field, value in values.items()):
                    ticket.write(values)
        (tickets.filtered("sla_status") | planned)._sla_update_status()

    def _sla_measure(self, date_field, hours_field):
        """Working hours from the SLA start to ``date_field``, pauses excluded, into
        ``hours_field`` (reports); one calendar fetch per calendar."""
        tickets = self.sudo().with_context(tracking_disable=True).filtered(date_field)
        for working_time, group in tickets._sla_by_calendar("sla_start_date"):
            for ticket in group:
                start = ticket.sla_start_date or ticket.create_date
                hours = working_time.hours_between(start, ticket[date_field])
                hours = max(hours - ticket.sla_paused_hours, 0.0)
                ticket.write({hours_field: round(hours, 2)})

    def _sla_pause(self, now):
        """Stop the clock of tickets that start waiting for the customer."""
        tickets = self.sudo().with_context(tracking_disable=True)
        tickets.write({"sla_pause_start": now})
        self.env["case.ticket.sla.pause"].sudo().create(
            [
                {"ticket_id": ticket.id, "stage_id": ticket.stage_id.id, "date_start": now}
                for ticket in tickets
            ]
        )

    def _sla_resume(self, now):
        """Restart the clock: deadlines not yet passed at the pause move by the paused time."""
        tickets = self.sudo().with_context(tracking_disable=True, **{SLA_BATCH_CONTEXT: True})
        pauses = (
            self.env["case.ticket.sla.pause"]
            .sudo()
            .search([("ticket_id", "in", tickets.ids), ("date_end", "=", False)])
        )
        open_pause = {pause.ticket_id.id: pause for pause in pauses}
        for working_time, group in tickets._sla_by_calendar("sla_pause_start"):
            for ticket in group:
                start = ticket.sla_pause_start
                hours = working_time.hours_between(start, now)
                values = {
                    "sla_pause_start": False,
                    "sla_paused_hours": ticket.sla_paused_hours + hours,
                }
                if hours:
                    for field in (
                        "sla_response_deadline",
                        "sla_response_risk_date",
                        "sla_resolution_deadline",
                        "sla_resolution_risk_date",
                    ):
                        if ticket[field] and ticket[field] > start:
                            values[field] = working_time.add_hours(ticket[field], hours)
                ticket.write(values)
                if ticket.id in open_pause:
                    open_pause[ticket.id].write({"date_end": now, "hours": hours})

    def _sla_update_status(self, now=None):
        """Set ``sla_status`` of these tickets by the one SQL rule (one query)."""
        if not self.ids:
            return
        self.env["case.ticket"].flush_model()
        self.env.cr.execute(
            SQL(
                f"""
                UPDATE case_ticket u SET sla_status = s.new_status
                  FROM (SELECT t.id, {SLA_STATUS_EXPR} AS new_status
                          FROM case_ticket t WHERE t.id = ANY(%(ids)s)) s
                 WHERE u.id = s.id AND u.sla_status IS DISTINCT FROM s.new_status
                """,
                now=now or fields.Datetime.now(),
                ids=self.ids,
            )
        )
        if self.env.cr.rowcount:
            self.invalidate_recordset(["sla_status"])

    # ------------------------------------------------------------------- crons

    @api.model
    def _cron_sla_status(self, batch_size=SLA_BATCH_SIZE):
        """Refresh the status of every ticket with deadlines, by batches of locked rows.

        Each batch is one UPDATE over rows no other worker holds (``SKIP LOCKED``); rows already
        right are not touched, so a second run (or a second worker) finds nothing to do.
        """
        now = fields.Datetime.now()
        self.env["case.ticket"].flush_model()
        done = 0
        while True:
            self.env.cr.execute(
                SQL(
                    f"""
                    WITH batch AS (
                        SELECT t.id, {SLA_STATUS_EXPR} AS new_status
                          FROM case_ticket t
                         WHERE (t.sla_response_deadline IS NOT NULL
                                OR t.sla_resolution_deadline IS NOT NULL
                                OR t.sla_status IS NOT NULL)
                           -- closing settles the status: the history is not read again
                           AND (NOT t.is_closed OR t.sla_status IS NULL
                                OR t.sla_status NOT IN ('met', 'failed'))
                           AND t.sla_status IS DISTINCT FROM ({SLA_STATUS_EXPR})
                         ORDER BY t.id
                         LIMIT %(limit)s
                           FOR UPDATE SKIP LOCKED
                    )
                    UPDATE case_ticket u SET sla_status = batch.new_status
                      FROM batch WHERE u.id = batch.id
                    """,
                    now=now,
                    limit=batch_size,
                )
            )
            count = self.env.cr.rowcount
            done += count
            self.env["case.ticket"].invalidate_model(["sla_status"])
            if count < batch_size or not self.env["ir.cron"]._commit_progress(count):
                break
        return done

    @api.model
    def _cron_stale(self, batch_size=SLA_BATCH_SIZE):
        """Raise the red flag on open tickets outside backlog untouched for the configured working
        hours; lower it where it no longer applies. One threshold per calendar (one calendar
        fetch), then batches of one UPDATE each over unlocked rows; idempotent."""
        hours = self._stale_hours()
        now = fields.Datetime.now()
        self.env["case.ticket"].flush_model()
        calendar_expr = "COALESCE(q.resource_calendar_id, c.resource_calendar_id)"
        from_sql = """
            case_ticket t
            JOIN res_company c ON c.id = t.company_id
            JOIN case_stage st ON st.id = t.stage_id
            LEFT JOIN case_queue q ON q.id = t.queue_id
        """
        open_sql = "NOT t.is_closed AND t.active AND NOT COALESCE(st.is_backlog, FALSE)"
        done = 0
        # lower the flag: closed, archived, in backlog, or turned off
        while True:
            self.env.cr.execute(
                SQL(
                    f"""
                    WITH batch AS (
                        SELECT t.id FROM case_ticket t JOIN case_stage st ON st.id = t.stage_id
                         WHERE t.stale AND (%(off)s OR NOT ({open_sql}))
                         ORDER BY t.id LIMIT %(limit)s FOR UPDATE OF t SKIP LOCKED
                    )
                    UPDATE case_ticket u SET stale = FALSE FROM batch WHERE u.id = batch.id
                    """,
                    off=not hours,
                    limit=batch_size,
                )
            )
            count = self.env.cr.rowcount
            done += count
            if count < batch_size or not self.env["ir.cron"]._commit_progress(count):
                break
        if hours:
            self.env.cr.execute(
                SQL(
                    f"SELECT DISTINCT {calendar_expr} FROM {from_sql} "
                    f"WHERE {open_sql} AND t.stale IS NOT TRUE"
                )
            )
            calendars = self.env["resource.calendar"].browse(
                [row[0] for row in self.env.cr.fetchall() if row[0]]
            )
            thresholds = [
                (
                    calendar.id,
                    self._working_time(calendar, now - timedelta(days=30), now).sub_hours(
                        now, hours
                    ),
                )
                for calendar in calendars
            ]
            thresholds.append((None, now - timedelta(hours=hours)))
            for calendar_id, threshold in thresholds:
                if not threshold:
                    continue
                calendar_sql = (
                    f"{calendar_expr} = %(calendar)s" if calendar_id else f"{calendar_expr} IS NULL"
                )
                while True:
                    self.env.cr.execute(
                        SQL(
                            f"""
                            WITH batch AS (
                                SELECT t.id FROM {from_sql}
                                 WHERE {open_sql} AND t.stale IS NOT TRUE AND {calendar_sql}
                                   AND t.last_update_date <= %(threshold)s
                                 ORDER BY t.id LIMIT %(limit)s FOR UPDATE OF t SKIP LOCKED
                            )
                            UPDATE case_ticket u SET stale = TRUE FROM batch
                             WHERE u.id = batch.id
                            """,
                            calendar=calendar_id,
                            threshold=threshold,
                            limit=batch_size,
                        )
                    )
                    count = self.env.cr.rowcount
                    done += count
                    if count < batch_size or not self.env["ir.cron"]._commit_progress(count):
                        break
        self.env["case.ticket"].invalidate_model(["stale"])
        return done

    # ------------------------------------------------------------------ actions

    def action_open_sla_override(self):
        self._check_supervisor(_("Only a supervisor of the ticket's queue may override its SLA."))
        return self._open_wizard("case.ticket.sla.override", _("Override SLA"))

    def _sla_format_datetime(self, value):
        """A deadline as the supervisor who set it reads it: in their time zone."""
        if not value:
            return _("none")
        return format_datetime(self.env, value, tz=self.env.user.tz or "UTC", dt_format="short")

    def _sla_override(self, response_deadline, resolution_deadline, reason):
        """Set the deadlines by hand (supervisors), with the reason in the chatter."""
        self._check_supervisor(_("Only a supervisor of the ticket's queue may override its SLA."))
        if not (reason or "").strip():
            raise UserError(_("Give a reason for overriding the SLA."))
        for ticket in self:
            body = Markup("<p>%s</p><ul><li>%s</li><li>%s</li></ul><p>%s</p>") % (
                _("SLA deadlines overridden."),
                _("First response: %s", ticket._sla_format_datetime(response_deadline)),
                _("Resolution: %s", ticket._sla_format_datetime(resolution_deadline)),
                _("Reason: %s", reason),
            )
            ticket.message_post(body=body, subtype_xmlid="mail.mt_note")
        self.sudo().write(
            {
                "sla_overridden": True,
                "sla_response_deadline": response_deadline or False,
                "sla_response_risk_date": response_deadline or False,
                "sla_resolution_deadline": resolution_deadline or False,
                "sla_resolution_risk_date": resolution_deadline or False,
            },
        )
        self._sla_update_status()


# ============================================================================================
# Doc-wait ("Sin documentación completa", issue 9): tickets of a typification with required
# documents wait for them; follow-ups are counted; a cron closes the ticket after the configured
# hours with enough follow-ups, telling the requester; a later e-mail opens a new linked ticket.
# ============================================================================================

DEFAULT_DOCWAIT_HOURS = 24.0
DEFAULT_DOCWAIT_FOLLOWUPS = 3


class CaseTicketDocWait(models.Model):
    _inherit = "case.ticket"

    required_document_ids = fields.Many2many(
        related="typification_id.required_document_ids", groups="base.group_user"
    )
    docwait_since = fields.Datetime(
        string="Waiting for Documents Since", readonly=True, copy=False, groups="base.group_user"
    )
    docwait_followup_count = fields.Integer(
        string="Follow-ups",
        readonly=True,
        copy=False,
        help="Follow-ups logged while the ticket waited for documents.",
        groups="base.group_user",
    )
    docwait_closed = fields.Boolean(
        string="Closed for Missing Documents",
        readonly=True,
        copy=False,
        help="Closed by the doc-wait rule: a later message opens a new ticket linked to this one.",
        groups="base.group_user",
    )
    is_doc_wait = fields.Boolean(related="stage_id.is_doc_wait", groups="base.group_user")

    @api.model_create_multi
    def create(self, vals_list):
        typifications = self.env["case.typification"].browse(
            {vals["typification_id"] for vals in vals_list if vals.get("typification_id")}
        )
        # sudo: only whether documents are required, without the documents' access rules
        needing = typifications.sudo().filtered("required_document_ids").sudo(self.env.su)
        if needing:
            for vals in vals_list:
                typification = needing.browse(vals.get("typification_id"))
                if typification in needing and "stage_id" not in vals:
                    stage = typification.workflow_id.stage_ids.filtered("is_doc_wait")[:1]
                    if stage:
                        vals["stage_id"] = stage.id
        tickets = super().create(vals_list)
        if not any(vals.get("stage_id") for vals in vals_list):
            return tickets  # the first stage of a workflow neither waits nor pauses
        waiting = tickets.filtered("stage_id.is_doc_wait")
        if waiting:
            waiting.sudo().write({"docwait_since": fields.Datetime.now()})
        paused = tickets.filtered(lambda t: t.stage_id.waits_customer and not t.sla_pause_start)
        if paused:
            paused._sla_pause(fields.Datetime.now())
        return tickets

    def _stage_changed(self, previous_stages):
        super()._stage_changed(previous_stages)
        entering = self.filtered(lambda t: t.stage_id.is_doc_wait and not t.docwait_since)
        if entering:
            # a new wait: its own deadline and its own follow-ups
            entering.sudo().write(
                {
                    "docwait_since": fields.Datetime.now(),
                    "docwait_closed": False,
                    "docwait_followup_count": 0,
                }
            )
        reopened = self.filtered(lambda t: t.docwait_closed and not t.is_closed)
        if reopened:
            # reopened by hand: a later reply threads on it like on any ticket
            reopened.sudo().write({"docwait_closed": False})
        leaving = self.filtered(lambda t: t.docwait_since and not t.stage_id.is_doc_wait)
        if leaving:
            leaving.sudo().write({"docwait_since": False})

    def _case_customer_replied(self, message):
        """While waiting for documents, only a file from the requester brings the ticket back."""
        if self.stage_id.is_doc_wait and not message.attachment_ids:
            return
        super()._case_customer_replied(message)

    @api.model
    def _docwait_settings(self):
        params = self.env["ir.config_parameter"].sudo()
        hours = float(params.get_param("helpdesk_case.docwait_hours", DEFAULT_DOCWAIT_HOURS) or 0)
        followups = int(
            params.get_param("helpdesk_case.docwait_followups", DEFAULT_DOCWAIT_FOLLOWUPS) or 0
        )
        return hours, followups

    def action_docwait_followup(self):
        """One click: remind the requester of the missing documents, and count it."""
        tickets = self.filtered("stage_id.is_doc_wait")
        if not tickets:
            raise UserError(_("Only tickets waiting for documents take follow-ups."))
        for ticket in tickets:
            documents = ticket.required_document_ids
            body = Markup("<p>%s</p><ul>%s</ul>") % (
                _(
                    "Reminder (%(count)s): to continue with your case we still need:",
                    count=ticket.docwait_followup_count + 1,
                ),
                Markup().join(
                    Markup("<li>%s</li>")
                    % (f"{doc.name}: {doc.description}" if doc.description else doc.name)
                    for doc in documents
                ),
            )
            ticket._post_to_requester(body)
            # sudo: the counter is read-only for everybody; one click counts one follow-up
            ticket.sudo().write({"docwait_followup_count": ticket.docwait_followup_count + 1})
        tickets._log_followups("documents")
        return True

    def _log_followups(self, kind):
        """Count a follow-up of each ticket for the current agent (the follow-ups report)."""
        self.check_access("write")
        # sudo: the log is read-only for everybody; the caller may work these tickets
        self.env["case.ticket.followup"].sudo().create(
            [{"ticket_id": ticket.id, "user_id": self.env.uid, "kind": kind} for ticket in self]
        )

    @api.model
    def _cron_docwait_close(self, batch_size=500):
        """Close tickets waiting for documents past the deadline with enough follow-ups.

        Each batch: one locking select (``SKIP LOCKED``: another worker takes other rows), one
        batched e-mail to the requesters, one stage write per closing stage. Idempotent: a closed
        ticket no longer matches.
        """
        hours, followups = self._docwait_settings()
        if not hours:
            return 0
        limit = fields.Datetime.now() - timedelta(hours=hours)
        template = self.env.ref(
            "helpdesk_case.mail_template_ticket_docwait_closed", raise_if_not_found=False
        )
        self.env["case.ticket"].flush_model()
        done = 0
        while True:
            self.env.cr.execute(
                SQL(
                    """
                    SELECT t.id FROM case_ticket t JOIN case_stage s ON s.id = t.stage_id
                     WHERE s.is_doc_wait AND NOT t.is_closed AND t.active
                       AND t.docwait_since <= %(limit)s
                       AND t.docwait_followup_count >= %(followups)s
                       AND EXISTS (
                           SELECT 1 FROM case_stage_workflow_rel r
                             JOIN case_stage c ON c.id = r.stage_id
                            WHERE r.workflow_id = t.workflow_id AND c.is_close AND c.active
                       )
                     ORDER BY t.id LIMIT %(batch)s
                       FOR UPDATE OF t SKIP LOCKED
                    """,
                    limit=limit,
                    followups=followups,
                    batch=batch_size,
                )
            )
            tickets = self.sudo().browse([row[0] for row in self.env.cr.fetchall()])
            if not tickets:
                break
            tickets._docwait_close(template)
            done += len(tickets)
            if len(tickets) < batch_size or not self.env["ir.cron"]._commit_progress(len(tickets)):
                break
        return done

    def _docwait_close(self, template):
        """Close the tickets (the cron only picks those whose workflow has a closing stage) and
        tell their requesters; the closing e-mail replaces the closing stage's own."""
        quiet = self.with_context(case_no_requester_mail=True)
        for workflow, tickets in quiet.grouped("workflow_id").items():
            stage = workflow._close_stage()
            if stage:
                tickets.write({"stage_id": stage.id})
        closed = self.filtered("is_closed")
        closed.write({"docwait_closed": True})
        closed._send_requester_mail(template)

    def message_post(self, **kwargs):
        """A requester's message on a ticket closed for missing documents opens a new ticket
        linked to it, with the message and its files, as a late e-mail does (see
        ``mail_thread_docwait``): the closed ticket stays closed."""
        if len(self) == 1 and self._docwait_opens_followup(kwargs):
            # sudo: the requester may post on this ticket (the caller checked it); the new
            # ticket is theirs as the old one was, and they may read it
            followup = self.sudo()._docwait_open_followup() or self.sudo().create(
                {**self._docwait_followup_values(), "name": self.name}
            )
            return followup.message_post(**kwargs)
        return super().message_post(**kwargs)

    def _docwait_open_followup(self):
        """The ticket a late message opened already, while it is open: the next messages go
        there instead of opening one ticket each."""
        self.ensure_one()
        return self.search(
            Domain("parent_id", "=", self.id) & self._closed_domain(False), order="id desc", limit=1
        )

    def _docwait_opens_followup(self, post_values):
        ticket = self.sudo()
        if not (ticket.docwait_closed and ticket.is_closed):
            return False
        if self.env.user.share:
            if not self.env.su:
                return False  # not through the portal's controllers: refused further down
            message_type = post_values.get("message_type") or "comment"  # forced to a comment
        else:
            message_type = post_values.get("message_type", "notification")
        if message_type != "comment" or post_values.get("rating_id"):
            return False  # a rating of the closed ticket is about that ticket
        author = self.env["res.partner"].browse(post_values.get("author_id"))
        author = author or self.env.user.partner_id
        return not author.sudo().user_ids.filtered(lambda user: not user.share)

    def _docwait_followup_values(self):
        """Values of the new ticket a late message on a doc-wait-closed ticket opens."""
        self.ensure_one()
        return {
            "parent_id": self.id,
            "typification_id": self.typification_id.id,
            "partner_id": self.partner_id.id,
            "partner_name": self.partner_name,
            "partner_email": self.partner_email,
            "queue_id": self.queue_id.id,
            "company_id": self.company_id.id,
        }


# ============================================================================================
# Assignment and follow-ups (issue 9): bulk re-assignment by supervisors, a follow-up in the
# agent's next working hour, "My agenda". Absent agents are skipped in case.queue.
# ============================================================================================


class CaseTicketFollowUp(models.Model):
    _inherit = "case.ticket"

    def action_open_reassign_wizard(self):
        self._check_supervisor(_("Only a supervisor of the tickets' queues may re-assign them."))
        return self._open_wizard("case.ticket.reassign", _("Re-assign"))

    def _reassign(self, user, note=None):
        """Give these tickets to ``user`` (or nobody), with ``note`` logged on each."""
        self._check_supervisor(_("Only a supervisor of the tickets' queues may re-assign them."))
        if user and user.share:
            raise UserError(_("Tickets go to internal users only."))
        self.write({"user_id": user.id})
        if note:
            self._message_log_batch(
                bodies={
                    ticket.id: Markup("<p>%s</p>")
                    % _("Re-assigned to %(user)s: %(note)s", user=user.name or "-", note=note)
                    for ticket in self
                }
            )
        return True

    @api.model
    def _next_followup_slot(self, user=None, now=None):
        """One working hour from now on the agent's calendar (theirs, else the company's), their
        own time off left out: in the current shift when an hour of it is left, else at the
        start of the next one."""
        user = user or self.env.user
        now = now or fields.Datetime.now()
        calendar = user.resource_calendar_id or user.company_id.resource_calendar_id
        # sudo: the agent's own resource (their time off), read to plan their own to-do
        resource = user.sudo().resource_ids.filtered(lambda r: r.calendar_id == calendar)[:1]
        return self._working_time(calendar, now, resource=resource).add_hours(now, 1) or now

    def action_schedule_followup(self):
        """Create a to-do for the current agent at the next working slot of their shift."""
        user = self.env.user
        slot = self._next_followup_slot(user)
        tz = pytz.timezone(
            user.tz
            or (user.resource_calendar_id or user.company_id.resource_calendar_id).tz
            or "UTC"
        )
        local = pytz.utc.localize(slot).astimezone(tz)
        for ticket in self:
            ticket.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=local.date(),
                summary=_("Follow-up at %(time)s", time=local.strftime("%H:%M")),
                user_id=user.id,
            )
        self._log_followups("shift")
        return True
