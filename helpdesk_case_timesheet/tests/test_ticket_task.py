from odoo import Command
from odoo.addons.helpdesk_case.tests.common import CaseCommon
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged


def read_like_the_form(records):
    """What the web client reads to open ``records`` in their form view."""
    views = records.get_views([(False, "form")])
    fields_ = views["models"][records._name]["fields"]
    spec = {
        name: {"fields": {"display_name": {}}}
        if field["type"] in ("many2one", "one2many", "many2many")
        else {}
        for name, field in fields_.items()
    }
    return records.web_read(spec)


@tagged("post_install", "-at_install")
class TestTicketTask(CaseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.project = cls.env["project.project"].create(
            {
                "name": "Soporte OpenPyme",
                "allow_timesheets": True,
                "privacy_visibility": "employees",
            }
        )
        Employee = cls.env["hr.employee"]
        for user in (cls.agent, cls.agent2):
            Employee.create({"name": user.name, "user_id": user.id})
        Typification = cls.env["case.typification"]
        cls.typ_auto = Typification.create(
            {
                "name": "Error en reporte",
                "parent_id": cls.category.id,
                "queue_id": cls.queue_n1.id,
                "project_id": cls.project.id,
                "auto_create_task": True,
            }
        )
        cls.typ_on_demand = Typification.create(
            {
                "name": "Consulta funcional",
                "parent_id": cls.category.id,
                "queue_id": cls.queue_n1.id,
                "project_id": cls.project.id,
            }
        )

    def _ticket(self, typification, **values):
        return self.env["case.ticket"].create(
            {"name": "El reporte no cuadra", "typification_id": typification.id, **values}
        )

    def test_typification_creates_the_task(self):
        ticket = self._ticket(self.typ_auto)
        self.assertEqual(ticket.project_id, self.project)
        self.assertEqual(ticket.task_id.name, f"[{ticket.number}] El reporte no cuadra")
        self.assertEqual(ticket.task_id.project_id, self.project)

    def test_agents_log_time_from_the_ticket(self):
        ticket = self._ticket(self.typ_on_demand)
        self.assertFalse(ticket.task_id, "on demand")
        with self.assertRaisesRegex(UserError, "task"):
            ticket.with_user(self.agent).write(
                {"timesheet_ids": [Command.create({"name": "AA revisión", "unit_amount": 1})]}
            )
        ticket.with_user(self.agent).action_create_task()
        self.assertTrue(ticket.task_id)
        with self.assertRaisesRegex(UserError, "already"):
            ticket.with_user(self.agent).action_create_task()
        ticket.with_user(self.agent).write(
            {
                "timesheet_ids": [
                    Command.create({"name": "AA: revisión del reporte", "unit_amount": 1.5})
                ]
            }
        )
        ticket.with_user(self.agent2).write(
            {"timesheet_ids": [Command.create({"name": "BB: corrección", "unit_amount": 0.5})]}
        )
        self.assertEqual(ticket.timesheet_hours, 2.0)
        self.assertEqual(ticket.task_id.effective_hours, 2.0, "the task counts the same time")
        self.assertEqual(
            set(ticket.timesheet_ids.employee_id.user_id.ids), {self.agent.id, self.agent2.id}
        )

    def test_refusals(self):
        no_project = self._ticket(self.typ_not_received, queue_id=self.queue_n1.id)
        with self.assertRaisesRegex(UserError, "project"):
            no_project.with_user(self.agent).action_create_task()
        no_timesheets = self.env["project.project"].create(
            {"name": "Sin horas", "allow_timesheets": False}
        )
        no_project.project_id = no_timesheets
        with self.assertRaisesRegex(UserError, "timesheets"):
            no_project.with_user(self.agent).action_create_task()
        self.assertFalse(no_project.task_id)

    def test_not_for_customers(self):
        portal = new_test_user(self.env, login="ts_portal", groups="base.group_portal")
        self.assertFalse(portal.has_group("hr_timesheet.group_hr_timesheet_user"))
        self.assertTrue(self.agent.has_group("hr_timesheet.group_hr_timesheet_user"))

    def test_agent_opens_a_ticket_with_its_task_and_time(self):
        ticket = self._ticket(self.typ_auto)
        ticket.with_user(self.agent).write(
            {"timesheet_ids": [Command.create({"name": "AA: llamada", "unit_amount": 0.25})]}
        )
        [values] = read_like_the_form(ticket.with_user(self.agent2))
        self.assertEqual(values["task_id"]["display_name"], ticket.task_id.display_name)
        self.assertEqual(values["timesheet_hours"], 0.25)
