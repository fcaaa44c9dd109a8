"""Who may do what: one table, every role × model × operation, allowed and denied."""

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import CaseCommon

ROLES = ("public", "customer", "consultant", "agent", "supervisor", "admin")
CONFIG = {"agent": "r", "supervisor": "r", "admin": "rwcu"}
# model -> role -> allowed operations (r=read, w=write, c=create, u=unlink); missing = none
MATRIX = {
    "case.ticket": {
        "customer": "r",
        "consultant": "r",
        "agent": "rwc",
        "supervisor": "rwc",
        "admin": "rwcu",
    },
    "case.typification": CONFIG,
    "case.workflow": CONFIG,
    "case.stage": CONFIG,
    "case.queue": CONFIG,
    "case.channel": CONFIG,
    "case.request.type": CONFIG,
    "case.tag": {"agent": "rwc", "supervisor": "rwc", "admin": "rwcu"},
}


@tagged("post_install", "-at_install")
class TestAccessMatrix(CaseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = new_test_user(
            cls.env, login="case_admin", name="Admin Ada", groups="helpdesk_case.group_case_admin"
        )
        cls.customer = new_test_user(
            cls.env, login="case_customer", name="Cliente Carla", groups="base.group_portal"
        )
        cls.consultant = new_test_user(
            cls.env, login="case_consultant", name="Consultora Cata", groups="base.group_portal"
        )
        cls.consultant.partner_id.is_consultant = True
        cls.customer.partner_id.sponsor_id = cls.consultant.partner_id
        cls.users = {
            "public": cls.env.ref("base.public_user"),
            "customer": cls.customer,
            "consultant": cls.consultant,
            "agent": cls.agent,
            "supervisor": cls.supervisor,
            "admin": cls.admin,
        }
        # a ticket every role is entitled to by the rules: the customer's own, in the agent's
        # queue, led by the supervisor
        cls.ticket = cls.env["case.ticket"].create(
            {
                "name": "Visible",
                "partner_id": cls.customer.partner_id.id,
                "queue_id": cls.queue_n1.id,
            }
        )
        cls.samples = {
            "case.ticket": (cls.ticket, {"name": "Nuevo"}),
            "case.typification": (cls.typ_not_received, {"name": "Nueva"}),
            "case.workflow": (cls.generic, {"name": "Nuevo"}),
            "case.stage": (cls.env.ref("helpdesk_case.stage_new"), {"name": "Nueva"}),
            "case.queue": (cls.queue_n1, {"name": "N9"}),
            "case.channel": (cls.env.ref("helpdesk_case.channel_phone"), {"name": "Fax"}),
            "case.request.type": (cls.support, {"name": "Otro"}),
            "case.tag": (cls.env["case.tag"].create({"name": "VIP test"}), {"name": "Otra"}),
        }

    def _attempt(self, model, role, operation):
        record, values = self.samples[model]
        user = self.users[role]
        if operation == "r":
            record.with_user(user).read(["display_name"])
        elif operation == "w":
            record.with_user(user).write({"name": record.name})
        elif operation == "c":
            self.env[model].with_user(user).create(dict(values, name=f"{values['name']} {role}"))
        else:
            copy = record.copy({"name": f"{record.name} (to delete)"})
            if model == "case.ticket":
                copy.queue_id = self.queue_n1
            copy.with_user(user).unlink()

    @mute_logger("odoo.addons.base.models.ir_model", "odoo.addons.base.models.ir_rule")
    def test_matrix(self):
        for model, allowed_by_role in MATRIX.items():
            for role in ROLES:
                allowed = allowed_by_role.get(role, "")
                for operation in "rwcu":
                    with self.subTest(model=model, role=role, operation=operation):
                        if operation in allowed:
                            with self.env.cr.savepoint():
                                self._attempt(model, role, operation)
                        else:
                            with self.assertRaises(AccessError), self.env.cr.savepoint():
                                self._attempt(model, role, operation)


@tagged("post_install", "-at_install")
class TestTicketVisibility(CaseCommon):
    """Record rules of DESIGN's role table, each from both sides."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Ticket = cls.env["case.ticket"]
        cls.other_queue = cls.env["case.queue"].create({"name": "Finanzas"})
        cls.finance_group = cls.env["res.groups"].create({"name": "Finanzas"})
        cls.typ_finance = cls.env["case.typification"].create(
            {"name": "Pago sin identificar", "group_ids": [Command.link(cls.finance_group.id)]}
        )
        cls.t_assigned = Ticket.create(
            {"name": "asignado", "queue_id": cls.other_queue.id, "user_id": cls.agent.id}
        )
        cls.t_queue = Ticket.create({"name": "cola", "queue_id": cls.queue_n1.id})
        cls.t_affected = Ticket.create(
            {
                "name": "afectado",
                "queue_id": cls.other_queue.id,
                "partner_id": cls.agent.partner_id.id,
            }
        )
        cls.t_role = Ticket.create(
            {"name": "rol", "queue_id": cls.other_queue.id, "typification_id": cls.typ_finance.id}
        )
        cls.t_foreign = Ticket.create({"name": "ajeno", "queue_id": cls.other_queue.id})
        cls.t_n3 = Ticket.create({"name": "n3", "queue_id": cls.queue_n3.id})
        cls.all_tickets = cls.t_assigned | cls.t_queue | cls.t_affected | cls.t_role
        cls.all_tickets |= cls.t_foreign | cls.t_n3

    def _visible(self, user):
        return self.env["case.ticket"].with_user(user).search([("id", "in", self.all_tickets.ids)])

    def test_agent(self):
        self.assertEqual(
            self._visible(self.agent), self.t_assigned | self.t_queue | self.t_affected
        )
        self.agent.group_ids = [Command.link(self.finance_group.id)]
        self.assertIn(self.t_role, self._visible(self.agent), "typification role grants access")
        self.assertNotIn(self.t_foreign, self._visible(self.agent))
        with self.assertRaises(AccessError):
            self.t_foreign.with_user(self.agent).read(["name"])

    def test_supervisor(self):
        # Sara leads N1 and N3, is a member of N2
        self.assertEqual(self._visible(self.supervisor), self.t_queue | self.t_n3)
        with self.assertRaises(AccessError):
            self.t_foreign.with_user(self.supervisor).write({"name": "x"})

    def test_admin_sees_all(self):
        admin = new_test_user(
            self.env, login="case_admin2", groups="helpdesk_case.group_case_admin"
        )
        self.assertEqual(self._visible(admin), self.all_tickets)

    def test_multi_company(self):
        other_company = self.env["res.company"].create({"name": "Otra S.A."})
        queue_b = self.env["case.queue"].create({"name": "B", "company_id": other_company.id})
        self.agent.company_ids = [Command.link(other_company.id)]
        ticket_b = self.env["case.ticket"].create(
            {
                "name": "b",
                "company_id": other_company.id,
                "queue_id": queue_b.id,
                "user_id": self.agent.id,
            }
        )
        Ticket = self.env["case.ticket"].with_user(self.agent)
        only_a = Ticket.with_context(allowed_company_ids=[self.env.company.id])
        self.assertNotIn(ticket_b, only_a.search([]), "company B is not active")
        both = Ticket.with_context(allowed_company_ids=[self.env.company.id, other_company.id])
        self.assertIn(ticket_b, both.search([]))

    def test_customer_and_consultant(self):
        Partner = self.env["res.partner"]
        company = Partner.create({"name": "Tienda Luz", "is_company": True})
        customer = new_test_user(self.env, login="cust", groups="base.group_portal")
        customer.partner_id.parent_id = company
        colleague = Partner.create({"name": "Colega", "parent_id": company.id})
        consultant = new_test_user(self.env, login="cons", groups="base.group_portal")
        consultant.partner_id.is_consultant = True
        recruit = Partner.create({"name": "Recluta", "sponsor_id": consultant.partner_id.id})
        sub_recruit = Partner.create({"name": "Sub", "sponsor_id": recruit.id})
        upline = Partner.create({"name": "Arriba", "is_consultant": True})
        consultant.partner_id.sponsor_id = upline
        Ticket = self.env["case.ticket"]
        own = Ticket.create({"name": "propio", "partner_id": customer.partner_id.id})
        colleague_t = Ticket.create({"name": "colega", "partner_id": colleague.id})
        recruit_t = Ticket.create({"name": "red", "partner_id": sub_recruit.id})
        upline_t = Ticket.create({"name": "arriba", "partner_id": upline.id})
        cons_t = Ticket.create({"name": "consultora", "partner_id": consultant.partner_id.id})
        scope = own | colleague_t | recruit_t | upline_t | cons_t

        def visible(user):
            return Ticket.with_user(user).search([("id", "in", scope.ids)])

        self.assertEqual(visible(customer), own | colleague_t)
        self.assertEqual(visible(consultant), recruit_t | cons_t)
        self.assertEqual(
            Ticket.with_user(consultant).search(
                [("id", "in", scope.ids)]
                + Ticket.with_user(consultant)._portal_scope_domain("network")
            ),
            recruit_t,
        )
        with self.assertRaises(AccessError):
            upline_t.with_user(consultant).read(["name"])
        with self.assertRaises(AccessError):
            own.with_user(consultant).read(["name"])
        # the customer is not a consultant: a recruit of theirs does not widen their view
        Partner.create({"name": "x", "sponsor_id": customer.partner_id.id})
        self.assertEqual(visible(customer), own | colleague_t)

    def test_agent_intake_for_another_queue(self):
        ticket = (
            self.env["case.ticket"]
            .with_user(self.agent)
            .create({"name": "llamada", "queue_id": self.other_queue.id})
        )
        self.assertFalse(ticket.user_id, "the other queue assigns by hand")
        self.assertEqual(ticket.with_user(self.agent).name, "llamada", "the creator follows it")
        with self.assertRaises(AccessError):
            ticket.with_user(self.agent2).read(["name"])

    def test_configuration_is_per_company_or_shared(self):
        other_company = self.env["res.company"].create({"name": "Otra Ltda."})
        models_values = {
            "case.workflow": {"name": "Flujo B"},
            "case.stage": {"name": "Etapa B"},
            "case.channel": {"name": "Canal B"},
            "case.request.type": {"name": "Tipo B"},
            "case.tag": {"name": "Etiqueta B"},
            "case.queue": {"name": "Cola B"},
            "case.typification": {"name": "Tipificación B"},
        }
        for model, values in models_values.items():
            with self.subTest(model=model):
                own = self.env[model].create({**values, "company_id": other_company.id})
                Model = self.env[model].with_user(self.agent)
                self.assertNotIn(own, Model.search([]), "another company's record is hidden")
                with self.assertRaises(AccessError):
                    own.with_user(self.agent).read(["name"])
                if model != "case.queue":
                    shared = self.env[model].create(dict(values, name=f"{values['name']} común"))
                    self.assertIn(shared, Model.search([]), "a record without company is shared")
