from odoo.tests import tagged

from .common import CaseAccountCommon


@tagged("post_install", "-at_install")
class TestAgentOpensDocuments(CaseAccountCommon):
    """The credit team opens the full records of the Consulta 360 lists in Odoo's own views;
    plain agents read their names and figures only (the accounting views need an Invoicing
    role)."""

    def _read_like_the_form(self, records, view_type="form", user=None):
        Model = records.with_user(user or self.finance)
        views = Model.get_views([(False, view_type)])
        fields_ = views["models"][records._name]["fields"]
        spec = {name: {} for name in fields_}
        for name, field in fields_.items():
            if field["type"] in ("many2one", "one2many", "many2many"):
                spec[name] = {"fields": {"display_name": {}}}
        return Model.web_read(spec)

    def test_invoice_and_statement_line(self):
        invoice = self._invoice(150.0)
        self.assertTrue(self._read_like_the_form(invoice))
        self.assertTrue(self._read_like_the_form(invoice, "list"))
        receivable = invoice.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )
        self.assertTrue(self._read_like_the_form(receivable, "list"))
        as_agent = (invoice | receivable.move_id).with_user(self.agent)
        self.assertEqual(as_agent.mapped("display_name"), [invoice.display_name])
        self.assertEqual(receivable.with_user(self.agent).balance, invoice.amount_total)

    def test_agent_opens_tickets_of_both_workflows(self):
        invoice = self._invoice(90.0)
        note_ticket = self._ticket(
            self.typ_note, invoice_id=invoice.id, note_reason_id=self.reason_price.id
        )
        note_ticket.with_user(self.agent).action_create_note()
        credit_ticket = self._ticket(self.typ_credit, requested_credit_limit=500.0)
        for ticket in (note_ticket, credit_ticket):
            with self.subTest(workflow=ticket.workflow_code):
                [values] = ticket.with_user(self.agent).web_read(
                    {
                        name: {"fields": {"display_name": {}}}
                        if field["type"] in ("many2one", "one2many", "many2many")
                        else {}
                        for name, field in ticket.with_user(self.agent)
                        .get_views([(False, "form")])["models"]["case.ticket"]["fields"]
                        .items()
                    }
                )
                self.assertEqual(values["workflow_code"], ticket.workflow_code)
        self.assertEqual(len(values["credit_note_ids"]), 0)
