"""The core's extension points and the rules they rely on (issue: core ready for the bridges)."""

from pathlib import Path
from unittest.mock import patch

from psycopg2.errors import UniqueViolation

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import CaseCommon


@tagged("post_install", "-at_install")
class TestUserDependentFields(CaseCommon):
    def test_in_my_network_is_computed_per_user(self):
        Partner = self.env["res.partner"]
        sponsor = Partner.create({"name": "Sponsor", "is_consultant": True})
        recruit = Partner.create(
            {"name": "Recruit", "is_consultant": True, "sponsor_id": sponsor.id}
        )
        sponsor_user = new_test_user(
            self.env, login="net_sponsor", groups="base.group_portal", partner_id=sponsor.id
        )
        outsider = new_test_user(self.env, login="net_outsider", groups="base.group_portal")
        ticket = self.env["case.ticket"].create({"name": "x", "partner_id": recruit.id})
        # same transaction, same cache: each user gets their own value
        self.assertTrue(ticket.with_user(sponsor_user).sudo().in_my_network)
        self.assertFalse(ticket.with_user(outsider).sudo().in_my_network)
        self.assertTrue(ticket.with_user(sponsor_user).sudo().in_my_network)

    def test_counters_are_computed_per_user(self):
        self.env["case.ticket"].create([{"name": "n3", "queue_id": self.queue_n3.id}])
        queue_as_agent = self.queue_n3.with_user(self.agent)
        queue_as_admin = self.queue_n3
        self.assertEqual(queue_as_admin.open_ticket_count, 1)
        self.assertEqual(queue_as_agent.open_ticket_count, 0, "the agent sees no N3 ticket")
        self.assertEqual(queue_as_admin.open_ticket_count, 1)


@tagged("post_install", "-at_install")
class TestOneNotionOfClosed(CaseCommon):
    def test_a_stage_closes_exactly_when_it_is_done(self):
        Stage = self.env["case.stage"]
        stage = Stage.create({"name": "Resuelto", "state_group": "doing"})
        self.assertFalse(stage.is_close)
        stage.state_group = "done"
        self.assertTrue(stage.is_close)
        for stage in Stage.search([]):
            self.assertEqual(stage.is_close, stage.state_group == "done", stage.name)

    def test_tickets_follow_their_stage_group(self):
        stage = self.env["case.stage"].create(
            {
                "name": "Esperando",
                "state_group": "doing",
                "workflow_ids": [Command.link(self.generic.id)],
            }
        )
        ticket = self.env["case.ticket"].create({"name": "x"})
        ticket.stage_id = stage
        Ticket = self.env["case.ticket"]
        self.assertIn(ticket, Ticket.search(Ticket._closed_domain(False)))
        stage.state_group = "done"
        self.assertTrue(ticket.is_closed)
        self.assertIn(ticket, Ticket.search(Ticket._closed_domain()))
        self.assertNotIn(ticket, Ticket.search(Ticket._closed_domain(False)))

    def test_status_cannot_be_written_directly(self):
        ticket = (
            self.env["case.ticket"]
            .with_user(self.agent)
            .create({"name": "x", "queue_id": self.queue_n1.id})
        )
        ticket.action_close()
        for field, value in (("state_group", "todo"), ("is_closed", False)):
            with self.subTest(field=field), self.assertRaises(UserError):
                ticket.write({field: value})
        self.assertEqual(ticket.state_group, "done")
        self.assertTrue(ticket.is_closed)
        Ticket = self.env["case.ticket"]
        self.assertNotIn(ticket, Ticket.search(Ticket._closed_domain(False)))
        # the stage is the way: a supervisor reopens, and the status follows
        ticket.with_user(self.supervisor).action_reopen()
        self.assertEqual(ticket.state_group, "todo")
        self.assertFalse(ticket.is_closed)


@tagged("post_install", "-at_install")
class TestHooks(CaseCommon):
    def test_typification_defaults_come_from_one_list(self):
        Ticket = self.env["case.ticket"]
        fields_ = Ticket._typification_default_fields()
        self.assertEqual(
            set(Ticket._typification_default_values(self.typ_not_received)), set(fields_)
        )
        self.assertEqual(set(Ticket._typification_default_values(False)), set(fields_))
        # the list decides: with the queue alone, importance and urgency keep their defaults
        with patch.object(type(Ticket), "_typification_default_fields", lambda self: ["queue_id"]):
            ticket = Ticket.create({"name": "x", "typification_id": self.typ_not_received.id})
        self.assertEqual(ticket.queue_id, self.queue_n1)
        self.assertEqual((ticket.importance, ticket.urgency), ("low", "low"))
        ticket = Ticket.create({"name": "y", "typification_id": self.typ_not_received.id})
        self.assertEqual((ticket.importance, ticket.urgency), ("high", "high"))

    def test_stage_changed_gets_the_previous_stage_of_each_ticket(self):
        calls = []
        original = type(self.env["case.ticket"])._stage_changed

        def spy(tickets, previous_stages):
            calls.append({t.id: (previous_stages[t.id], t.stage_id) for t in tickets})
            return original(tickets, previous_stages)

        new = self.env.ref("helpdesk_case.stage_new")
        progress = self.env.ref("helpdesk_case.stage_in_progress")
        closed = self.env.ref("helpdesk_case.stage_closed")
        credit_request = self.env["case.typification"].create(
            {
                "name": "Crédito",
                "workflow_id": self.env.ref("helpdesk_case.workflow_credit_request").id,
            }
        )
        tickets = self.env["case.ticket"].create([{"name": "a"}, {"name": "b"}])
        with patch.object(type(tickets), "_stage_changed", spy):
            tickets.write({"stage_id": progress.id})
            tickets[0].action_close()
            tickets[0].write({"name": "renamed"})
            tickets[1].write({"stage_id": progress.id})  # no change
            tickets[1].typification_id = credit_request  # another workflow, other stages
        self.assertEqual(len(calls), 3)
        self.assertEqual(calls[0], {t.id: (new, progress) for t in tickets})
        self.assertEqual(calls[1], {tickets[0].id: (progress, closed)})
        self.assertEqual(list(calls[2]), [tickets[1].id])
        self.assertEqual(calls[2][tickets[1].id][0], progress)
        self.assertEqual(
            calls[2][tickets[1].id][1], self.env.ref("helpdesk_case.stage_credit_review")
        )

    def test_intake_values(self):
        company = self.env["res.company"].create({"name": "Filial"})
        typification = self.env["case.typification"].create(
            {"name": "Filial type", "company_id": company.id}
        )
        vals = self.env["case.ticket"]._prepare_intake_values(
            "email", partner=self.partner, typification=typification, name="Hola"
        )
        self.assertEqual(
            vals,
            {
                "name": "Hola",
                "channel_id": self.env.ref("helpdesk_case.channel_email").id,
                "partner_id": self.partner.id,
                "typification_id": typification.id,
                "company_id": company.id,
            },
        )
        anonymous = self.env["case.ticket"]._prepare_intake_values(
            self.env.ref("helpdesk_case.channel_web_form"),
            partner_name="Ana",
            partner_email="ana@example.com",
            name="Sin cuenta",
        )
        self.assertNotIn("partner_id", anonymous)
        ticket = self.env["case.ticket"].create(anonymous)
        self.assertEqual(ticket.channel_id.code, "web_form")
        self.assertEqual(ticket.partner_email, "ana@example.com")

    def test_intake_files_are_the_requesters_first_message(self):
        ticket = self.env["case.ticket"].create({"name": "x", "partner_id": self.partner.id})
        message = ticket._post_intake_files([("proof.pdf", b"%PDF-1.4")], self.partner)
        self.assertEqual(message.author_id, self.partner)
        self.assertEqual(message.attachment_ids.mapped("name"), ["proof.pdf"])
        self.assertFalse(message.is_internal or message.subtype_id.internal)
        self.assertFalse(ticket._post_intake_files([], self.partner))


@tagged("post_install", "-at_install")
class TestWorkflowCodes(CaseCommon):
    def test_core_knows_only_the_generic_code(self):
        selection = dict(self.env["case.workflow"]._fields["code"].selection)
        # installed bridges add their codes after the core's own (selection_add)
        self.assertEqual(list(selection)[:1], ["generic"])
        core_source = Path(__file__).resolve().parent.parent / "models" / "case_workflow.py"
        self.assertIn('[("generic", "Generic")]', core_source.read_text())

    def test_one_generic_workflow_per_company(self):
        Workflow = self.env["case.workflow"]
        company = self.env["res.company"].create({"name": "Con flujo propio"})
        self.assertEqual(Workflow._get_generic(company), self.generic, "the shared one")
        own = Workflow.create({"name": "Propio", "code": "generic", "company_id": company.id})
        self.assertEqual(Workflow._get_generic(company), own)
        self.assertEqual(Workflow._get_generic(self.env.company), self.generic)
        for values in (
            {"name": "Otro", "code": "generic", "company_id": company.id},
            {"name": "Otro compartido", "code": "generic"},
        ):
            with (
                self.assertRaises(UniqueViolation),
                mute_logger("odoo.sql_db"),
                self.cr.savepoint(),
            ):
                Workflow.create(values)
        ticket = (
            self.env["case.ticket"]
            .with_company(company)
            .create({"name": "x", "company_id": company.id})
        )
        self.assertEqual(ticket.workflow_id, own)


@tagged("post_install", "-at_install")
class TestMailBehaviour(CaseCommon):
    def test_requester_follows_when_written_to(self):
        ticket = self.env["case.ticket"].create({"name": "x", "partner_id": self.partner.id})
        self.assertNotIn(self.partner, ticket.message_partner_ids)
        ticket.message_post(
            body="Le escribimos",
            partner_ids=self.partner.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertIn(self.partner, ticket.message_partner_ids)

    def test_creation_subtype_and_log(self):
        ticket = self.env["case.ticket"].create({"name": "x"})
        subtype = ticket._creation_subtype()
        self.assertEqual(subtype, self.env.ref("helpdesk_case.mt_ticket_new"))
        self.assertFalse(subtype.internal, "the e-mail opening a ticket is public")
        self.assertTrue(ticket.message_ids.filtered(lambda m: "created" in str(m.body)))

    def test_time_in_each_stage_is_known(self):
        ticket = self.env["case.ticket"].create({"name": "x"})
        new = ticket.stage_id
        self.flush_tracking()  # a creation and a move in one transaction are one change
        ticket.stage_id = self.env.ref("helpdesk_case.stage_in_progress")
        self.flush_tracking()
        self.assertEqual(
            {str(key) for key in ticket.duration_tracking}, {str(new.id), str(ticket.stage_id.id)}
        )


@tagged("post_install", "-at_install")
class TestTidy(CaseCommon):
    def test_network_repair_action(self):
        Partner = self.env["res.partner"]
        sponsor = Partner.create({"name": "S", "is_consultant": True})
        recruit = Partner.create({"name": "R", "sponsor_id": sponsor.id})
        expected = recruit.sponsor_path
        self.env.cr.execute(
            "UPDATE res_partner SET sponsor_path = NULL WHERE id = %s", [recruit.id]
        )
        Partner.invalidate_model(["sponsor_path"])
        with self.assertRaises(AccessError):
            recruit.with_user(self.supervisor).action_sponsor_path_repair()
        admin = new_test_user(self.env, login="net_admin", groups="helpdesk_case.group_case_admin")
        result = recruit.with_user(admin).action_sponsor_path_repair()
        self.assertEqual(result["params"]["type"], "success")
        self.assertEqual(recruit.sponsor_path, expected)
        server_action = self.env.ref("helpdesk_case.action_sponsor_path_repair")
        self.assertEqual(server_action.binding_model_id.model, "res.partner")

    def test_no_dependency_nothing_uses(self):
        module = self.env["ir.module.module"].search([("name", "=", "helpdesk_case")])
        self.assertNotIn("utm", module.dependencies_id.mapped("name"))

    def test_back_office_form_shows_nothing_that_does_nothing(self):
        # the ticket's split and rejection fields are filled by the split and reject wizards
        arch = self.env["case.typification"].get_view(view_type="form")["arch"]
        self.assertNotIn('name="template_id"', arch)


@tagged("post_install", "-at_install")
class TestReviewFindings(CaseCommon):
    def test_imports_without_history_log_nothing(self):
        ticket = (
            self.env["case.ticket"].with_context(tracking_disable=True).create({"name": "import"})
        )
        self.assertFalse(ticket.message_ids)

    def test_closed_ticket_never_lands_in_an_open_stage(self):
        only_open = self.env["case.workflow"].create(
            {
                "name": "Only open",
                "stage_ids": [Command.link(self.env.ref("helpdesk_case.stage_new").id)],
            }
        )
        typification = self.env["case.typification"].create(
            {"name": "Sin cierre", "workflow_id": only_open.id}
        )
        ticket = self.env["case.ticket"].create({"name": "x", "queue_id": self.queue_n1.id})
        ticket.action_close()
        with self.assertRaises(UserError):
            ticket.with_user(self.agent).write({"typification_id": typification.id})
        self.assertTrue(ticket.is_closed)

    def test_stage_hook_hears_recomputed_moves(self):
        calls = []
        original = type(self.env["case.ticket"])._stage_changed

        def spy(tickets, previous_stages):
            calls.append(set(tickets.ids))
            return original(tickets, previous_stages)

        credit_request = self.env.ref("helpdesk_case.workflow_credit_request")
        ticket = self.env["case.ticket"].create(
            {"name": "x", "typification_id": self.typ_not_received.id}
        )
        with patch.object(type(ticket), "_stage_changed", spy):
            self.typ_not_received.workflow_id = credit_request
        self.assertEqual(calls, [{ticket.id}])
        self.assertIn(ticket.stage_id, credit_request.stage_ids)

    def test_default_channel_from_the_context(self):
        phone = self.env.ref("helpdesk_case.channel_phone")
        ticket = (
            self.env["case.ticket"].with_context(default_channel_id=phone.id).create({"name": "x"})
        )
        self.assertEqual(ticket.channel_id, phone)

    def test_an_archived_generic_workflow_does_not_block_its_replacement(self):
        self.generic.active = False
        self.env.flush_all()  # archived in one request, replaced in the next
        replacement = self.env["case.workflow"].create(
            {"name": "Nuevo genérico", "code": "generic"}
        )
        self.assertEqual(self.env["case.workflow"]._get_generic(), replacement)

    def test_consult360_hides_what_the_agent_cannot_open(self):
        partner = self.env["res.partner"].create({"name": "Con casos ajenos"})
        self.env["case.ticket"].create(
            {"name": "Ajeno", "partner_id": partner.id, "queue_id": self.queue_n3.id}
        )
        data = partner.with_user(self.agent).case_360_data()
        tickets = next(s for s in data["sections"] if s["key"] == "tickets")
        self.assertEqual(tickets["lines"], [])
        limit = self.env["res.partner"].with_user(self.agent).case_360_search("a", limit=10_000)
        self.assertLessEqual(len(limit), 80)
