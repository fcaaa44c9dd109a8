"""Shared fixtures: queues and agents, portal users and a consultant chain, bulk SQL data.

The bridges' tests import them from here; the bulk SQL builders live in ``tools/bulk_data.py``,
which the benchmarks import without loading any test.
"""

import base64
from pathlib import Path

import polib

from odoo import Command, http
from odoo.tests import HttpCase, TransactionCase, new_test_user

from ..tools.bulk_data import insert_downline, insert_tickets  # noqa: F401 (fixtures)


class CaseCommon(TransactionCase):
    """Queues N1 → N2 → N3, one agent, one supervisor and a few typifications."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.agent = new_test_user(
            cls.env, login="case_agent", name="Agent Ana", groups="helpdesk_case.group_case_service"
        )
        cls.agent2 = new_test_user(
            cls.env,
            login="case_agent2",
            name="Agent Beto",
            groups="helpdesk_case.group_case_service",
        )
        cls.supervisor = new_test_user(
            cls.env,
            login="case_supervisor",
            name="Super Sara",
            groups="helpdesk_case.group_case_supervisor",
        )
        Queue = cls.env["case.queue"]
        cls.queue_n3 = Queue.create({"name": "N3", "level": 3, "leader_id": cls.supervisor.id})
        cls.queue_n2 = Queue.create(
            {
                "name": "N2",
                "level": 2,
                "escalation_queue_id": cls.queue_n3.id,
                "member_ids": [Command.link(cls.supervisor.id)],
            }
        )
        cls.queue_n1 = Queue.create(
            {
                "name": "N1",
                "level": 1,
                "escalation_queue_id": cls.queue_n2.id,
                "leader_id": cls.supervisor.id,
                "member_ids": [Command.link(cls.agent.id), Command.link(cls.agent2.id)],
            }
        )
        cls.generic = cls.env.ref("helpdesk_case.workflow_generic")
        cls.credit_note = cls.env.ref("helpdesk_case.workflow_credit_note")
        cls.support = cls.env.ref("helpdesk_case.request_type_support")
        cls.change = cls.env.ref("helpdesk_case.request_type_change")
        Typification = cls.env["case.typification"]
        cls.category = Typification.create({"name": "Operaciones"})
        cls.typ_not_received = Typification.create(
            {
                "name": "Pedido no recibido",
                "parent_id": cls.category.id,
                "workflow_id": cls.generic.id,
                "queue_id": cls.queue_n1.id,
                "importance": "high",
                "urgency": "high",
                "request_type_id": cls.support.id,
            }
        )
        cls.typ_invoice_error = Typification.create(
            {
                "name": "Error en liquidación de la factura",
                "parent_id": cls.category.id,
                "workflow_id": cls.credit_note.id,
                "queue_id": cls.queue_n2.id,
                "importance": "high",
                "urgency": "low",
                "request_type_id": cls.change.id,
            }
        )
        cls.partner = cls.env["res.partner"].create(
            {"name": "María Pérez", "email": "maria@example.com", "vat": "PEGM800101AB1"}
        )

    def flush_tracking(self):
        """Run the pre-commit hooks that turn pending changes into tracking values."""
        self.env.flush_all()
        self.cr.flush()


PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


class CasePortalCommon(HttpCase):
    """Two customers, a six-level consultant chain, portal typifications and tickets."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        Partner = env["res.partner"]
        cls.generic = env.ref("helpdesk_case.workflow_generic")
        cls.stage_new = env.ref("helpdesk_case.stage_new")
        cls.stage_new.portal_closable = True
        Typification = env["case.typification"]
        category = Typification.create({"name": "Portal tests", "portal_visible": True})
        cls.typ_portal = Typification.create(
            {
                "name": "Order never arrived",
                "parent_id": category.id,
                "workflow_id": cls.generic.id,
                "portal_visible": True,
            }
        )
        cls.typ_internal = Typification.create(
            {
                "name": "Internal audit",
                "parent_id": category.id,
                "workflow_id": cls.generic.id,
                "portal_visible": False,
            }
        )
        cls.typ_category = category

        cls.customer_a = cls._portal_user("case_cust_a", "Alicia Customer")
        cls.customer_b = cls._portal_user("case_cust_b", "Bruno Customer")
        # Consultant chain: level 0 (top) recruited level 1 ... down to level 5 (bottom).
        cls.chain = Partner
        sponsor = Partner
        for level in range(6):
            sponsor = Partner.create(
                {
                    "name": f"Consultant L{level}",
                    "email": f"consultant{level}@example.com",
                    "is_consultant": True,
                    "sponsor_id": sponsor.id,
                }
            )
            cls.chain |= sponsor
        cls.other_root = Partner.create(
            {"name": "Other Root", "email": "root2@example.com", "is_consultant": True}
        )
        cls.top_user = cls._portal_user("case_top", partner=cls.chain[0])
        cls.bottom_user = cls._portal_user("case_bottom", partner=cls.chain[5])
        cls.other_root_user = cls._portal_user("case_root2", partner=cls.other_root)

        Ticket = env["case.ticket"]
        cls.ticket_a = Ticket.create(
            {
                "name": "Alpha secret subject",
                "partner_id": cls.customer_a.partner_id.id,
                "typification_id": cls.typ_portal.id,
            }
        )
        cls.ticket_b = Ticket.create(
            {"name": "Bravo subject", "partner_id": cls.customer_b.partner_id.id}
        )
        cls.ticket_bottom = Ticket.create(
            {
                "name": "Bottom level subject",
                "partner_id": cls.chain[5].id,
                "typification_id": cls.typ_portal.id,
            }
        )
        Attachment = env["ir.attachment"]
        cls.attachment_a = Attachment.create(
            {"name": "alpha.png", "raw": PNG, "res_model": "case.ticket", "res_id": cls.ticket_a.id}
        )
        cls.ticket_a.message_post(
            body="Here is the proof",
            attachment_ids=cls.attachment_a.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        cls.internal_attachment_a = Attachment.create(
            {
                "name": "memo.pdf",
                "raw": b"%PDF-1.4",
                "res_model": "case.ticket",
                "res_id": cls.ticket_a.id,
            }
        )
        cls.ticket_a.message_post(
            body="Internal memo",
            attachment_ids=cls.internal_attachment_a.ids,
            subtype_xmlid="mail.mt_note",
        )

    @classmethod
    def _portal_user(cls, login, name=None, partner=None):
        values = (
            {"partner_id": partner.id, "name": partner.name}
            if partner
            else {"name": name, "email": f"{login}@ex.com"}
        )
        return new_test_user(cls.env, login=login, groups="base.group_portal", **values)

    def _post(self, url, data=None, **kwargs):
        if not self.session:
            self.authenticate(None, None)  # a public session, for its CSRF token
        return self.url_open(
            url, data={"csrf_token": http.Request.csrf_token(self), **(data or {})}, **kwargs
        )

    def assertDenied(self, response, *secrets):
        """Redirected to /my (or the login page) or refused, and no secret in the body."""
        self.assertTrue(
            response.status_code in (403, 404)
            or response.url.split("?")[0].endswith(("/my", "/my/home", "/web/login")),
            f"expected a denial, got {response.status_code} at {response.url}",
        )
        for secret in secrets:
            self.assertNotIn(secret, response.text)


def spanish_gaps(addon_dir):
    """Terms of ``addon_dir``'s .pot without Spanish in its es.po, and fuzzy ones."""
    i18n = Path(addon_dir) / "i18n"
    pot = polib.pofile(str(i18n / f"{Path(addon_dir).name}.pot"))
    spanish = {entry.msgid: entry for entry in polib.pofile(str(i18n / "es.po"))}
    missing = [
        entry.msgid
        for entry in pot
        if entry.msgid not in spanish or not spanish[entry.msgid].msgstr.strip()
    ]
    fuzzy = [entry.msgid for entry in spanish.values() if "fuzzy" in entry.flags]
    return missing, fuzzy
