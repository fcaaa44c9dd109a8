from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .test_security_portal import SecurityHttpCommon

SOURCES = {"doc", "escala", "cierre", "netiqueta", "llamada", "revision", "incompleto"}


@tagged("post_install", "-at_install")
class TestCannedResponses(SecurityHttpCommon):
    """The "respuestas tipo" are Odoo canned responses shared with the service agents."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        new_test_user(cls.env, login="canned_agent", groups="helpdesk_case.group_case_service")
        new_test_user(
            cls.env, login="canned_supervisor", groups="helpdesk_case.group_case_supervisor"
        )
        new_test_user(cls.env, login="canned_employee", groups="base.group_user")

    def _sources(self, login):
        """Shortcuts the web client gets, as the composer's ``::`` loads them."""
        self.authenticate(login, login)
        answer = self.jsonrpc("/mail/data", {"fetch_params": ["mail.canned.response"]})
        self.assertNotIn("error", answer)
        return {response["source"] for response in answer["result"].get("mail.canned.response", [])}

    def test_agents_get_them(self):
        self.assertLessEqual(SOURCES, self._sources("canned_agent"))
        responses = self.env["mail.canned.response"].search([("source", "in", list(SOURCES))])
        self.assertEqual(len(responses), len(SOURCES), "one per shortcut")
        for response in responses:
            self.assertEqual(response.group_ids, self.env.ref("helpdesk_case.group_case_service"))
            self.assertNotIn("!!", response.substitution, "they follow the netiquette they preach")

    def test_supervisors_get_them_through_the_implied_role(self):
        self.assertLessEqual(SOURCES, self._sources("canned_supervisor"))

    def test_other_employees_and_customers_do_not(self):
        self.assertFalse(SOURCES & self._sources("canned_employee"))
        self.assertFalse(SOURCES & self._sources("case_cust_a"))
        portal = self.customer_a
        with self.assertRaises(AccessError):
            self.env["mail.canned.response"].with_user(portal).search([])
