from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

CUSTOMER_INVOICE = "out_invoice"
NOTE_TYPES = ("out_refund", "out_invoice")
SUPERVISORS_DECIDE_PARAM = "helpdesk_case_account.supervisors_decide_credit"


class CaseTicket(models.Model):
    _inherit = "case.ticket"

    company_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Currency", groups="base.group_user"
    )

    # ---------------------------------------------------------- credit / debit notes
    invoice_id = fields.Many2one(
        "account.move",
        string="Invoice",
        tracking=True,
        index="btree_not_null",
        check_company=True,
        copy=False,
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted'), "
        "('commercial_partner_id', '=', commercial_partner_id)]",
        help="The requester's posted customer invoice this ticket is about.",
        groups="base.group_user",
    )
    note_reason_id = fields.Many2one(
        "case.note.reason",
        string="Note Reason",
        tracking=True,
        check_company=True,
        help="Why the credit or debit note is issued; its text goes on the note.",
        groups="base.group_user",
    )
    credit_note_ids = fields.Many2many(
        "account.move",
        "case_ticket_account_note_rel",
        "ticket_id",
        "move_id",
        string="Credit / Debit Notes",
        copy=False,
        readonly=True,
        groups="base.group_user",
    )
    credit_note_count = fields.Integer(
        compute="_compute_credit_note_count", groups="base.group_user"
    )
    has_draft_note = fields.Boolean(compute="_compute_credit_note_count", groups="base.group_user")

    # ---------------------------------------------------------------- credit request
    requested_credit_limit = fields.Monetary(
        currency_field="company_currency_id",
        tracking=True,
        copy=False,
        help="Credit limit the customer asks for.",
        groups="base.group_user",
    )
    partner_credit_limit = fields.Monetary(
        string="Current Credit Limit",
        currency_field="company_currency_id",
        compute="_compute_partner_credit",
        groups="base.group_user",
    )
    partner_balance = fields.Monetary(
        string="Balance",
        currency_field="company_currency_id",
        compute="_compute_partner_credit",
        help="What the customer owes: open receivable amounts.",
        groups="base.group_user",
    )
    partner_overdue = fields.Monetary(
        string="Overdue Amount",
        currency_field="company_currency_id",
        compute="_compute_partner_credit",
        help="Open receivable amounts past their due date.",
        groups="base.group_user",
    )
    credit_decision_due = fields.Boolean(
        compute="_compute_credit_decision_due",
        help="The credit request waits for its decision: the only stage it is decided in.",
        groups="base.group_user",
    )

    @api.depends("credit_note_ids.state")
    def _compute_credit_note_count(self):
        for ticket in self:
            notes = ticket.sudo().credit_note_ids
            ticket.credit_note_count = len(notes)
            ticket.has_draft_note = any(note.state == "draft" for note in notes)

    @api.depends("workflow_code", "stage_id")
    def _compute_credit_decision_due(self):
        decision = self.env.ref("helpdesk_case.stage_credit_decision")
        for ticket in self:
            ticket.credit_decision_due = (
                ticket.workflow_code == "credit_request" and ticket.stage_id == decision
            )

    @api.depends("commercial_partner_id", "company_id")
    def _compute_partner_credit(self):
        for ticket in self:
            figures = ticket.commercial_partner_id._case_credit_figures(ticket.company_id)
            ticket.partner_credit_limit = figures["credit_limit"]
            ticket.partner_balance = figures["balance"]
            ticket.partner_overdue = figures["overdue"]

    # ------------------------------------------------------------------ helpers

    def _case_decide(self, accepted, body):
        """Move the ticket to its workflow's outcome stage and tell the requester."""
        self.ensure_one()
        stage = self.workflow_id._outcome_stage(accepted)
        if stage:
            self.write({"stage_id": stage.id})
        self._post_to_requester(body)

    # ---------------------------------------------------------- note actions

    def action_create_note(self):
        """Create the credit (or debit) note of the ticket's invoice with Odoo's own wizard."""
        self.ensure_one()
        self.check_access("write")
        self._check_workflow_action("credit_note")
        invoice = self.invoice_id.sudo()
        if not invoice:
            raise UserError(_("Choose the invoice the note is about first."))
        if invoice.move_type != CUSTOMER_INVOICE:
            raise UserError(_("Notes are issued on customer invoices only."))
        if invoice.state != "posted":
            raise UserError(
                _("Invoice %s is not posted: only posted invoices take a note.", invoice.name)
            )
        if invoice.commercial_partner_id != self.commercial_partner_id:
            raise UserError(_("Invoice %s belongs to another customer.", invoice.name))
        if not self.note_reason_id:
            raise UserError(_("Choose the reason of the note first."))
        if self.has_draft_note:
            raise UserError(_("A note of this ticket awaits a decision: accept or reject it."))
        if self.note_reason_id.note_type == "debit":
            note = self._case_create_debit_note(invoice)
        else:
            note = self._case_create_credit_note(invoice)
        self._case_link_note(note, invoice)
        return True

    def _case_link_note(self, note, invoice):
        """Link a new draft ``note`` about ``invoice`` to the ticket and log it: *Accept Note* or
        *Reject Note* decides it (also the refund of a return, helpdesk_case_stock_account)."""
        self.ensure_one()
        self.credit_note_ids = [fields.Command.link(note.id)]
        self.message_post(
            body=Markup(_("%(note)s created for invoice %(invoice)s: %(reason)s"))
            % {
                "note": note._get_html_link(title=note.display_name),
                "invoice": invoice._get_html_link(title=invoice.name),
                "reason": self.note_reason_id.name,
            },
            subtype_xmlid="mail.mt_note",
        )

    def _case_create_credit_note(self, invoice):
        wizard = (
            self.env["account.move.reversal"]
            .sudo()
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create(
                {
                    "move_ids": invoice.ids,
                    "journal_id": invoice.journal_id.id,
                    "reason": self._case_note_reason_text(),
                    "date": fields.Date.context_today(self),
                }
            )
        )
        wizard.refund_moves()
        return wizard.new_move_ids

    def _case_create_debit_note(self, invoice):
        wizard = (
            self.env["account.debit.note"]
            .sudo()
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"reason": self._case_note_reason_text(), "copy_lines": True})
        )
        action = wizard.create_debit()
        return self.env["account.move"].sudo().browse(action.get("res_id"))

    def _case_note_reason_text(self):
        return f"{self.note_reason_id.name} ({self.number})"

    def _case_check_note_decision(self):
        """Who decides a note and on which tickets: the credit team, on open tickets of the
        credit-note workflow (a bridge adds its own, e.g. the refund of a return)."""
        self._case_check_credit_decider()
        self._check_workflow_action("credit_note")

    def _case_draft_notes(self):
        notes = self.sudo().credit_note_ids.filtered(lambda n: n.state == "draft")
        if not notes:
            raise UserError(_("Ticket %s has no note awaiting a decision.", self.number))
        return notes

    def action_accept_note(self):
        """Post the ticket's draft note: the customer's balance changes."""
        self.ensure_one()
        self._case_check_note_decision()
        notes = self._case_draft_notes()
        notes.action_post()
        self._case_decide(
            True,
            _(
                "Your request was accepted: note %(notes)s was issued for invoice %(invoice)s.",
                notes=", ".join(notes.mapped("name")),
                invoice=self.invoice_id.sudo().name,
            ),
        )
        return True

    def action_reject_note(self):
        """Cancel the ticket's draft note."""
        self.ensure_one()
        self._case_check_note_decision()
        notes = self._case_draft_notes()
        notes.button_cancel()
        self._case_decide(
            False,
            _(
                "Your request about invoice %s was reviewed and no note will be issued.",
                self.invoice_id.sudo().name,
            ),
        )
        return True

    def action_open_credit_notes(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Credit / Debit Notes"),
            "res_model": "account.move",
            "view_mode": "list,form",
            "domain": [("id", "in", self.credit_note_ids.ids)],
            "context": {"create": False},
        }

    # ------------------------------------------------------- credit request

    def _case_check_credit_decider(self):
        """Credit decisions belong to the finance group (and supervisors, when set so)."""
        user = self.env.user
        if self.env.su or user.has_group("helpdesk_case_account.group_case_credit"):
            return
        if user.has_group("helpdesk_case.group_case_admin"):
            return
        supervisors_decide = (
            self.env["ir.config_parameter"].sudo().get_param(SUPERVISORS_DECIDE_PARAM)
        )
        if supervisors_decide and user.has_group("helpdesk_case.group_case_supervisor"):
            return
        raise AccessError(_("Only the credit and collections team decides on credit and notes."))

    def _case_check_credit_decision_stage(self):
        """A credit is decided once its data is reviewed: in "Decisión del crédito" only."""
        self.ensure_one()
        self._check_workflow_action("credit_request")
        if not self.credit_decision_due:
            raise UserError(
                _(
                    "Move ticket %(ticket)s to the “%(stage)s” stage before deciding on the "
                    "credit (it is in “%(current)s”).",
                    ticket=self.number,
                    stage=self.env.ref("helpdesk_case.stage_credit_decision").name,
                    current=self.stage_id.name,
                )
            )

    def action_credit_accept(self):
        """Grant the requested credit limit: it becomes the customer's limit in this company."""
        self.ensure_one()
        self._case_check_credit_decider()
        self._case_check_credit_decision_stage()
        partner = self.commercial_partner_id
        if not partner:
            raise UserError(_("Set the ticket's affected person before deciding on their credit."))
        if self.requested_credit_limit <= 0:
            raise UserError(_("Enter the requested credit limit (greater than zero) first."))
        partner_sudo = partner.sudo().with_company(self.company_id)
        previous = partner_sudo.credit_limit
        partner_sudo.credit_limit = self.requested_credit_limit
        currency = self.company_currency_id
        partner_sudo.message_post(
            body=Markup(
                _(
                    "Credit limit changed from %(old)s to %(new)s (%(company)s) by ticket "
                    "%(ticket)s."
                )
            )
            % {
                "old": currency.format(previous),
                "new": currency.format(self.requested_credit_limit),
                "company": self.company_id.name,
                "ticket": self._get_html_link(title=self.number),
            },
            subtype_xmlid="mail.mt_note",
        )
        if not self.company_id.account_use_credit_limit:
            self.message_post(
                body=_(
                    "Sales credit limits are off for %s: Odoo will not check this limit until "
                    "they are enabled in the Invoicing settings.",
                    self.company_id.name,
                ),
                subtype_xmlid="mail.mt_note",
            )
        self._case_decide(
            True,
            _(
                "Your credit request was accepted: your credit limit is now %s.",
                currency.format(self.requested_credit_limit),
            ),
        )
        return True

    def action_credit_deny(self):
        self.ensure_one()
        self._case_check_credit_decider()
        self._case_check_credit_decision_stage()
        self._case_decide(False, _("Your credit request was reviewed and could not be granted."))
        return True
