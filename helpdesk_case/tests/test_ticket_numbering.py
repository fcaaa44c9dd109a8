from odoo.tests import Form, tagged

from .common import CaseCommon


@tagged("post_install", "-at_install")
class TestTicketNumbering(CaseCommon):
    def test_number_from_sequence_with_prefix(self):
        sequence = self.env.ref("helpdesk_case.seq_case_ticket")
        expected = f"CASE{sequence.number_next_actual:05d}"
        ticket = self.env["case.ticket"].with_user(self.agent).create({"name": "Hola"})
        self.assertEqual(ticket.number, expected)
        self.assertEqual(ticket.display_name, f"{expected} - Hola")

    def test_batch_numbers_are_consecutive_and_unique(self):
        tickets = self.env["case.ticket"].create([{"name": f"T{i}"} for i in range(5)])
        numbers = [int(n.removeprefix("CASE")) for n in tickets.mapped("number")]
        self.assertEqual(numbers, list(range(numbers[0], numbers[0] + 5)))

    def test_prefix_configurable_in_settings(self):
        settings = Form(self.env["res.config.settings"])
        settings.case_ticket_prefix = "OP"
        settings.save().execute()
        ticket = self.env["case.ticket"].create({"name": "Con prefijo"})
        self.assertRegex(ticket.number, r"^OP\d{5}$")
        self.assertEqual(self.env["res.config.settings"].new().case_ticket_prefix, "OP")

    def test_search_by_number(self):
        ticket = self.env["case.ticket"].create({"name": "Buscar"})
        found = self.env["case.ticket"].name_search(ticket.number)
        self.assertEqual([r[0] for r in found], [ticket.id])

    def test_number_not_copied(self):
        ticket = self.env["case.ticket"].create({"name": "Original"})
        copy = ticket.copy()
        self.assertNotEqual(copy.number, ticket.number)
        self.assertTrue(copy.number.startswith("CASE"))
