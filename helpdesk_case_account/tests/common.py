"""Helpdesk fixtures on top of Odoo's accounting test company (a chart of accounts, taxes)."""

from odoo import Command
from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.addons.helpdesk_case.tests.common import CaseCommon
from odoo.tests import new_test_user


class CaseAccountCommon(CaseCommon, AccountTestInvoicingCommon):
    @classmethod
    def get_default_groups(cls):
        # the accounting test user also sets up the helpdesk (queues, typifications)
        return super().get_default_groups() | cls.env.ref("helpdesk_case.group_case_admin")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.finance = new_test_user(
            cls.env,
            login="case_finance",
            name="Finanzas Fabiola",
            groups="helpdesk_case_account.group_case_credit",
        )
        cls.queue_n1.member_ids = [Command.link(cls.finance.id)]
        Typification = cls.env["case.typification"]
        cls.typ_note = Typification.create(
            {
                "name": "Nota crédito por error de precio",
                "parent_id": cls.category.id,
                "workflow_id": cls.env.ref("helpdesk_case.workflow_credit_note").id,
                "queue_id": cls.queue_n1.id,
            }
        )
        cls.typ_credit = Typification.create(
            {
                "name": "Solicitud de cupo de crédito",
                "parent_id": cls.category.id,
                "workflow_id": cls.env.ref("helpdesk_case.workflow_credit_request").id,
                "queue_id": cls.queue_n1.id,
            }
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Distribuidora Andina", "email": "compras@andina.example"}
        )
        cls.reason_price = cls.env.ref("helpdesk_case_account.note_reason_price_error")

    @classmethod
    def _invoice(cls, amount=1000.0, partner=None, post=True, **kwargs):
        return cls._create_invoice_one_line(
            price_unit=amount, partner_id=(partner or cls.customer).id, post=post, **kwargs
        )

    def _ticket(self, typification, **values):
        return self.env["case.ticket"].create(
            {
                "name": "Me cobraron de más",
                "partner_id": self.customer.id,
                "typification_id": typification.id,
                **values,
            }
        )
