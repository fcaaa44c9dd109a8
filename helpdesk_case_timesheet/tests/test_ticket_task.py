from odoo import Command
from odoo.addons.helpdesk_case.tests.common import CaseCommon
from odoo.exceptions import AccessError, UserError
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

    def _hidden_ticket_with_time(self):
        """A ticket of a queue the agents of N1 neither belong to nor follow, with time on it."""
        hidden = self._ticket(self.typ_auto, queue_id=self.queue_n3.id)
        employee = self.env["hr.employee"].create({"name": "Especialista N3"})
        hidden.write(
            {
                "timesheet_ids": [
                    Command.create(
                        {"name": "N3: análisis", "unit_amount": 2, "employee_id": employee.id}
                    )
                ]
            }
        )
        self.assertFalse(hidden.with_user(self.agent).has_access("read"))
        return hidden

    def test_agents_read_the_time_of_the_tickets_they_read_only(self):
        hidden = self._hidden_ticket_with_time()
        mine = self._ticket(self.typ_auto)
        mine.with_user(self.agent2).write(
            {"timesheet_ids": [Command.create({"name": "BB: llamada", "unit_amount": 1})]}
        )
        Line = self.env["account.analytic.line"].with_user(self.agent)
        # the entries of a ticket of their queue, logged by someone else: readable
        self.assertEqual(Line.search([("case_ticket_id", "=", mine.id)]), mine.timesheet_ids)
        self.assertEqual(
            mine.timesheet_ids.with_user(self.agent).read(["name"])[0]["name"], "BB: llamada"
        )
        # those of a ticket they cannot read: neither found nor read
        self.assertFalse(Line.search([("case_ticket_id", "=", hidden.id)]))
        self.assertFalse(Line.search([("name", "=", "N3: análisis")]))
        with self.assertRaises(AccessError):
            hidden.timesheet_ids.with_user(self.agent).read(["name", "unit_amount"])
        # their supervisor leads N3: they read them
        self.assertEqual(
            Line.with_user(self.supervisor).search([("case_ticket_id", "=", hidden.id)]),
            hidden.timesheet_ids,
        )

    def test_time_on_a_ticket_the_agent_cannot_write_is_refused(self):
        hidden = self._hidden_ticket_with_time()
        Line = self.env["account.analytic.line"].with_user(self.agent)
        with self.assertRaises(AccessError):
            Line.create({"name": "AA: intento", "unit_amount": 1, "case_ticket_id": hidden.id})
        self.assertEqual(len(hidden.timesheet_ids), 1, "nothing logged on the hidden ticket")
        self.assertEqual(hidden.task_id.effective_hours, 2.0)
        mine = self._ticket(self.typ_auto)
        line = Line.create({"name": "AA: revisión", "unit_amount": 1, "case_ticket_id": mine.id})
        self.assertEqual(line.task_id, mine.task_id)
        # nor by moving one's own entry onto it
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            line.write({"case_ticket_id": hidden.id})
        line.invalidate_recordset()
        self.assertEqual(line.case_ticket_id, mine)
        self.assertEqual(hidden.task_id.effective_hours, 2.0)
        other = self._ticket(self.typ_auto)
        line.write({"case_ticket_id": other.id})
        self.assertEqual(line.task_id, other.task_id, "moved with its ticket's task")

    def test_hours_spent_in_the_helpdesk_report(self):
        ticket = self._ticket(self.typ_auto)
        other = self._ticket(self.typ_auto)
        idle = self._ticket(self.typ_on_demand)
        ticket.with_user(self.agent).write(
            {
                "timesheet_ids": [
                    Command.create({"name": "AA: diagnóstico", "unit_amount": 1.5}),
                    Command.create({"name": "AA: solución", "unit_amount": 0.75}),
                ]
            }
        )
        other.with_user(self.agent2).write(
            {"timesheet_ids": [Command.create({"name": "BB: llamada", "unit_amount": 0.5})]}
        )
        self.env.flush_all()
        Report = self.env["case.ticket.report"]
        tickets = ticket | other | idle
        for each in tickets:
            row = Report.search([("ticket_id", "=", each.id)])
            self.assertEqual(row.hours_spent, sum(each.timesheet_ids.mapped("unit_amount")))
        self.assertEqual(Report.search([("ticket_id", "=", ticket.id)]).hours_spent, 2.25)
        [[total]] = Report._read_group(
            [("ticket_id", "in", tickets.ids)], aggregates=["hours_spent:sum"]
        )
        self.assertEqual(total, 2.75)
        pivot = Report.get_views([(False, "pivot")])["views"]["pivot"]["arch"]
        self.assertIn('name="hours_spent"', pivot)
        self.assertEqual(Report._fields["hours_spent"].string, "Hours Spent")

    def test_time_entries_grouped_by_ticket(self):
        tickets = self._ticket(self.typ_auto) | self._ticket(self.typ_auto)
        for ticket in tickets:
            ticket.with_user(self.agent).write(
                {"timesheet_ids": [Command.create({"name": "AA: revisión", "unit_amount": 1})]}
            )
        action = tickets.with_user(self.agent).action_open_timesheets()
        self.assertTrue(action["context"]["search_default_groupby_case_ticket"])
        Line = self.env["account.analytic.line"].with_user(self.agent)
        groups = dict(Line._read_group(action["domain"], ["case_ticket_id"], ["unit_amount:sum"]))
        self.assertEqual(groups, {ticket: 1.0 for ticket in tickets})
        search = Line.get_views([(action["search_view_id"][0], "search")])["views"]["search"]
        self.assertIn('name="groupby_case_ticket"', search["arch"])
