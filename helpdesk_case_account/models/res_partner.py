from odoo import _, api, fields, models
from odoo.addons.helpdesk_case.models.res_partner import CASE_360_LINES
from odoo.fields import Domain

INVOICE_TYPES = ("out_invoice", "out_refund")


class ResPartner(models.Model):
    _inherit = "res.partner"

    # ---------------------------------------------------------------- credit figures

    def _case_receivable_domain(self, company):
        """Open (unreconciled) posted receivable lines of this customer in ``company``."""
        return Domain(
            [
                ("partner_id", "=", self.commercial_partner_id.id),
                ("company_id", "=", company.id),
                ("account_id.account_type", "=", "asset_receivable"),
                ("parent_state", "=", "posted"),
                ("reconciled", "=", False),
            ]
        )

    def _case_credit_figures(self, company):
        """Credit limit, balance and overdue amount of this customer in ``company`` (2 queries).

        sudo: the helpdesk shows them to its agents, who need not be accountants.
        """
        if not self:
            return {"credit_limit": 0.0, "balance": 0.0, "overdue": 0.0}
        partner = self.commercial_partner_id.sudo().with_company(company)
        Line = self.env["account.move.line"].sudo()
        domain = self._case_receivable_domain(company)
        [[balance]] = Line._read_group(domain, aggregates=["amount_residual:sum"])
        today = fields.Date.context_today(self)
        [[overdue]] = Line._read_group(
            domain & Domain("date_maturity", "<", today), aggregates=["amount_residual:sum"]
        )
        return {
            "credit_limit": partner.credit_limit,
            "balance": balance or 0.0,
            "overdue": overdue or 0.0,
        }

    # ---------------------------------------------------------------- Consulta 360

    @api.model
    def _case_360_search_domain(self, term):
        """Also find the customer by one of their invoice or credit note numbers."""
        invoices = (
            self.env["account.move"]
            .sudo()
            ._search([("name", "=ilike", term.strip()), ("move_type", "in", INVOICE_TYPES)])
        )
        return super()._case_360_search_domain(term) | Domain(
            "id", "in", invoices.subselect("commercial_partner_id")
        )

    def _case_360_sections(self):
        sections = super()._case_360_sections()
        commercial = self.commercial_partner_id
        Move = self.env["account.move"]
        company = self.env.company
        # the current company's only: its currency sums them (the statement and credit too)
        domain = Domain(
            [
                ("commercial_partner_id", "=", commercial.id),
                ("company_id", "=", company.id),
                ("move_type", "in", INVOICE_TYPES),
                ("state", "=", "posted"),
            ]
        )
        totals = {
            move_type: (count, total, residual)
            for move_type, count, total, residual in Move._read_group(
                domain,
                ["move_type"],
                ["__count", "amount_total_signed:sum", "amount_residual_signed:sum"],
            )
        }
        currency = company.currency_id
        sections.append(self._case_360_section_invoices(domain, totals, currency))
        sections.append(self._case_360_section_credit_notes(domain, totals, currency))
        sections.append(self._case_360_section_statement(company))
        sections.append(self._case_360_section_credit(company, currency))
        return sections

    def _case_360_moves_action(self, name, domain, move_type):
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": "account.move",
            "view_mode": "list,form",
            "domain": list(domain & Domain("move_type", "=", move_type)),
            "context": {"create": False, "default_move_type": move_type},
        }

    def _case_360_section_invoices(self, domain, totals, currency):
        count, total, residual = totals.get("out_invoice", (0, 0.0, 0.0))
        invoices = self.env["account.move"].search(
            domain & Domain("move_type", "=", "out_invoice"),
            limit=CASE_360_LINES,
            order="invoice_date desc, id desc",
        )
        return {
            "key": "invoices",
            "title": _("Invoices"),
            "figures": [
                (_("Invoices"), count),
                (_("Invoiced"), currency.format(total)),
                (_("To collect"), currency.format(residual)),
            ]
            if count
            else [],
            "records": invoices,
            "detail_field": "payment_state",
            "action": self._case_360_moves_action(_("Invoices"), domain, "out_invoice"),
            "empty": _("No invoices."),
        }

    def _case_360_section_credit_notes(self, domain, totals, currency):
        count, total, __ = totals.get("out_refund", (0, 0.0, 0.0))
        notes = self.env["account.move"].search(
            domain & Domain("move_type", "=", "out_refund"),
            limit=CASE_360_LINES,
            order="invoice_date desc, id desc",
        )
        return {
            "key": "credit_notes",
            "title": _("Credit Notes"),
            "figures": [(_("Credit notes"), count), (_("Credited"), currency.format(-total))]
            if count
            else [],
            "records": notes,
            "detail_field": "payment_state",
            "action": self._case_360_moves_action(_("Credit Notes"), domain, "out_refund"),
            "empty": _("No credit notes."),
        }

    def _case_360_section_statement(self, company):
        domain = Domain(
            [
                ("partner_id", "=", self.commercial_partner_id.id),
                ("company_id", "=", company.id),
                ("account_id.account_type", "=", "asset_receivable"),
                ("parent_state", "=", "posted"),
            ]
        )
        lines = self.env["account.move.line"].search(
            domain, limit=CASE_360_LINES, order="date desc, id desc"
        )
        return {
            "key": "statement",
            "title": _("Statement"),
            "figures": [],
            "records": lines,
            "detail_field": "balance",
            "action": {
                "type": "ir.actions.act_window",
                "name": _("Statement"),
                "res_model": "account.move.line",
                "view_mode": "list,form",
                "domain": list(domain),
                "context": {"create": False},
            },
            "empty": _("No movements."),
        }

    def _case_360_section_credit(self, company, currency):
        figures = self._case_credit_figures(company)
        limit = figures["credit_limit"]
        rows = [
            (_("Balance"), currency.format(figures["balance"])),
            (_("Overdue"), currency.format(figures["overdue"])),
            (_("Credit limit"), currency.format(limit) if limit else _("None")),
        ]
        if limit:
            rows.append((_("Available credit"), currency.format(limit - figures["balance"])))
        return {
            "key": "credit",
            "title": _("Credit"),
            "figures": rows,
            "records": self.browse(),
            "action": False,
            "empty": _("No credit data."),
        }
