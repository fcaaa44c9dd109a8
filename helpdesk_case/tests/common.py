from odoo import Command
from odoo.tests import TransactionCase, new_test_user


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
