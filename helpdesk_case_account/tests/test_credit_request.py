from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import CaseAccountCommon


@tagged("post_install", "-at_install")
class TestCreditRequest(CaseAccountCommon):
    def _decision_ticket(self, **values):
        """A credit request whose data was reviewed: waiting for its decision."""
        ticket = self._ticket(self.typ_credit, **values)
        ticket.stage_id = self.env.ref("helpdesk_case.stage_credit_decision")
        return ticket

    def _limit(self, partner=None):
        return (partner or self.customer).sudo().with_company(self.env.company).credit_limit

    def test_figures_on_the_ticket(self):
        self._invoice(400.0)
        self._invoice(600.0, invoice_date="2020-01-01", invoice_date_due="2020-01-31")  # overdue
        self.customer.sudo().with_company(self.env.company).credit_limit = 2000.0
        ticket = self._ticket(self.typ_credit, requested_credit_limit=5000.0)
        ticket = ticket.with_user(self.agent)
        self.assertEqual(ticket.workflow_code, "credit_request")
        self.assertEqual(ticket.partner_credit_limit, 2000.0)
        self.assertAlmostEqual(ticket.partner_balance, self.customer_balance())
        self.assertGreater(ticket.partner_overdue, 0.0)
        self.assertLess(ticket.partner_overdue, ticket.partner_balance)

    def customer_balance(self):
        return sum(
            self.env["account.move"]
            .search([("partner_id", "=", self.customer.id), ("state", "=", "posted")])
            .mapped("amount_residual")
        )

    def test_finance_accepts_and_the_limit_changes(self):
        ticket = self._decision_ticket(requested_credit_limit=7500.0)
        ticket.with_user(self.finance).action_credit_accept()
        self.assertEqual(self._limit(), 7500.0)
        self.assertEqual(ticket.stage_id, self.env.ref("helpdesk_case.stage_credit_accepted"))
        log = self.customer.message_ids[:1]
        self.assertIn(ticket.number, log.body, "the partner's history names the ticket")
        self.assertIn("7,500.00", log.body)
        self.assertTrue(ticket.message_ids.filtered(lambda m: self.customer in m.partner_ids))

    def test_agents_hear_when_limits_are_not_checked(self):
        self.env.company.account_use_credit_limit = False
        ticket = self._decision_ticket(requested_credit_limit=900.0)
        ticket.with_user(self.finance).action_credit_accept()
        self.assertEqual(self._limit(), 900.0)
        self.assertTrue(
            ticket.message_ids.filtered(lambda m: "Invoicing settings" in (m.body or ""))
        )
        self.env.company.account_use_credit_limit = True
        other = self._decision_ticket(requested_credit_limit=950.0)
        other.with_user(self.finance).action_credit_accept()
        self.assertFalse(
            other.message_ids.filtered(lambda m: "Invoicing settings" in (m.body or ""))
        )

    def test_finance_denies(self):
        ticket = self._decision_ticket(requested_credit_limit=7500.0)
        ticket.with_user(self.finance).action_credit_deny()
        self.assertEqual(self._limit(), 0.0)
        self.assertEqual(ticket.stage_id, self.env.ref("helpdesk_case.stage_credit_denied"))

    def test_plain_agent_and_supervisor_cannot_decide(self):
        ticket = self._decision_ticket(requested_credit_limit=7500.0)
        for user in (self.agent, self.supervisor):
            for action in ("action_credit_accept", "action_credit_deny"):
                with (
                    self.subTest(user=user.login, action=action),
                    self.assertRaises(AccessError),
                ):
                    getattr(ticket.with_user(user), action)()
        self.assertEqual(self._limit(), 0.0)
        self.assertFalse(ticket.is_closed)

    def test_setting_lets_supervisors_decide(self):
        self.env["res.config.settings"].create({"case_supervisors_decide_credit": True}).execute()
        ticket = self._decision_ticket(requested_credit_limit=1200.0)
        ticket.with_user(self.supervisor).action_credit_accept()
        self.assertEqual(self._limit(), 1200.0)
        with self.assertRaises(AccessError):
            self._decision_ticket().with_user(self.agent).action_credit_deny()

    def test_refusals(self):
        ticket = self._decision_ticket()
        with self.assertRaisesRegex(UserError, "requested credit limit"):
            ticket.with_user(self.finance).action_credit_accept()
        note_ticket = self._ticket(self.typ_note, requested_credit_limit=100.0)
        with self.assertRaisesRegex(UserError, "workflow"):
            note_ticket.with_user(self.finance).action_credit_accept()
        ticket.requested_credit_limit = 300.0
        ticket.with_user(self.finance).action_credit_deny()
        with self.assertRaisesRegex(UserError, "closed"):
            ticket.with_user(self.finance).action_credit_accept()
        self.assertEqual(self._limit(), 0.0)

    def test_missing_data_waits_on_the_customer(self):
        ticket = self._ticket(self.typ_credit, requested_credit_limit=100.0)
        ticket.stage_id = self.env.ref("helpdesk_case.stage_credit_missing_data")
        self.assertTrue(ticket.stage_id.waits_customer)
        self.assertEqual(ticket.partner_id, self.customer)
        ticket.message_post(
            body="Adjunto el certificado de ingresos",
            author_id=self.customer.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        # the customer's answer completes the data: the request goes to its decision
        self.assertEqual(ticket.stage_id, self.env.ref("helpdesk_case.stage_credit_decision"))
        self.assertTrue(ticket.credit_decision_due)

    def test_decided_in_the_decision_stage_only(self):
        ticket = self._ticket(self.typ_credit, requested_credit_limit=7500.0)
        self.assertFalse(ticket.credit_decision_due, "no Accept/Deny buttons in review")
        for stage in ("stage_credit_review", "stage_credit_missing_data"):
            ticket.stage_id = self.env.ref(f"helpdesk_case.{stage}")
            for action in ("action_credit_accept", "action_credit_deny"):
                with (
                    self.subTest(stage=stage, action=action),
                    self.assertRaisesRegex(UserError, "before deciding on the credit"),
                ):
                    getattr(ticket.with_user(self.finance), action)()
        self.assertEqual(self._limit(), 0.0)
        self.assertEqual(ticket.stage_id, self.env.ref("helpdesk_case.stage_credit_missing_data"))
        ticket.stage_id = self.env.ref("helpdesk_case.stage_credit_decision")
        self.assertTrue(ticket.credit_decision_due)
        ticket.with_user(self.finance).action_credit_accept()
        self.assertEqual(self._limit(), 7500.0)
