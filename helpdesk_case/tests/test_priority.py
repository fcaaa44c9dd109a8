from odoo.tests import tagged

from .common import CaseCommon


@tagged("post_install", "-at_install")
class TestPriorityMatrix(CaseCommon):
    def test_four_cells(self):
        cells = {
            ("high", "high"): ("3", "Do"),
            ("high", "low"): ("2", "Decide"),
            ("low", "high"): ("1", "Delegate"),
            ("low", "low"): ("0", "Delete"),
        }
        selection = dict(self.env["case.ticket"]._fields["priority"].selection)
        for (importance, urgency), (priority, label) in cells.items():
            with self.subTest(importance=importance, urgency=urgency):
                ticket = self.env["case.ticket"].create(
                    {"name": "x", "importance": importance, "urgency": urgency}
                )
                self.assertEqual(ticket.priority, priority)
                self.assertEqual(selection[ticket.priority], label)

    def test_matrix_recomputes_on_change(self):
        ticket = self.env["case.ticket"].create({"name": "x"})
        self.assertEqual(ticket.priority, "0")
        ticket.urgency = "high"
        self.assertEqual(ticket.priority, "1")
        ticket.importance = "high"
        self.assertEqual(ticket.priority, "3")

    def test_setting_priority_sets_matrix(self):
        ticket = self.env["case.ticket"].create({"name": "x"})
        ticket.priority = "2"
        self.assertEqual((ticket.importance, ticket.urgency), ("high", "low"))

    def test_typification_supplies_defaults(self):
        ticket = self.env["case.ticket"].create(
            {"name": "x", "typification_id": self.typ_not_received.id}
        )
        self.assertEqual(ticket.priority, "3")
        self.assertEqual(ticket.queue_id, self.queue_n1)
        self.assertEqual(ticket.request_type_id, self.support)
        explicit = self.env["case.ticket"].create(
            {"name": "x", "typification_id": self.typ_not_received.id, "urgency": "low"}
        )
        self.assertEqual(explicit.priority, "2", "an explicit value beats the default")

    def test_labels_translated_in_spanish(self):
        self.env["res.lang"]._activate_lang("es_ES")
        self.env["ir.module.module"]._load_module_terms(
            ["helpdesk_case"], ["es_ES"], overwrite=True
        )
        selection = dict(
            self.env["case.ticket"]
            .with_context(lang="es_ES")
            ._fields["priority"]
            ._description_selection(self.env(context={"lang": "es_ES"}))
        )
        self.assertEqual(selection["3"], "Hacer")
        self.assertEqual(selection["0"], "Eliminar")
