from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from .common import PNG, CaseCommon


@tagged("post_install", "-at_install")
class TestMerge(CaseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, mail_notify_force_send=False))
        Ticket = cls.env["case.ticket"]
        cls.target = Ticket.create(
            {
                "name": "Pedido 123 no llegó",
                "partner_id": cls.partner.id,
                "queue_id": cls.queue_n1.id,
            }
        )
        cls.source = Ticket.create(
            {
                "name": "Otra vez: pedido 123",
                "partner_id": cls.partner.id,
                "queue_id": cls.queue_n1.id,
                "description": "<p>Lo pedí hace un mes</p>",
            }
        )
        cls.watcher = cls.env["res.partner"].create({"name": "Jefa de Tienda"})
        cls.source.message_subscribe(
            cls.watcher.ids, subtype_ids=cls.env.ref("mail.mt_comment").ids
        )
        cls.source.message_post(
            body="Adjunto la guía",
            author_id=cls.partner.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            attachments=[("guia.png", PNG)],
        )
        cls.source.message_post(
            body="Revisar bodega", message_type="comment", subtype_xmlid="mail.mt_note"
        )
        cls.env["ir.attachment"].create(
            {
                "name": "suelto.pdf",
                "raw": b"%PDF",
                "res_model": "case.ticket",
                "res_id": cls.source.id,
            }
        )
        cls.env["rating.rating"].create(
            {
                "res_model_id": cls.env["ir.model"]._get_id("case.ticket"),
                "res_id": cls.source.id,
                "partner_id": cls.partner.id,
                "rating": 2,
                "consumed": True,
            }
        )
        cls.source.activity_schedule("mail.mail_activity_data_todo", user_id=cls.agent.id)
        cls.env.flush_all()
        cls.cr.flush()  # created, then moved: a tracked change
        cls.source.stage_id = cls.env.ref("helpdesk_case.stage_in_progress")
        cls.target.message_post(body="Primer aviso", message_type="comment")
        cls.env.flush_all()
        cls.cr.flush()  # the stage tracking of the duplicate

    def _snapshot(self, ticket):
        ticket = ticket.with_context(active_test=False)

        def ids(model, model_field="res_model"):
            return set(
                self.env[model]
                .sudo()
                .with_context(active_test=False)
                .search([(model_field, "=", "case.ticket"), ("res_id", "=", ticket.id)])
                .ids
            )

        ticket.invalidate_recordset()
        return {
            "messages": ids("mail.message", "model"),
            "attachments": ids("ir.attachment"),
            "ratings": ids("rating.rating"),
            "activities": ids("mail.activity"),
            "followers": {
                (f.partner_id.id, frozenset(f.subtype_ids.ids)) for f in ticket.message_follower_ids
            },
            "fields": ticket.read(
                ["name", "stage_id", "active", "merged_into_id", "partner_id", "queue_id"]
            )[0],
        }

    def _merge(self, tickets, target, user=None):
        env = self.env(user=user) if user else self.env
        form = Form(
            env["case.ticket.merge"].with_context(
                active_model="case.ticket", active_ids=tickets.ids
            )
        )
        form.target_id = target
        form.save().action_merge()
        return self.env["case.ticket.merge.log"].search([("target_id", "=", target.id)], limit=1)

    def test_merge_keeps_everything_on_the_target(self):
        before = self._snapshot(self.source)
        self.assertTrue(all(before[key] for key in ("attachments", "ratings", "activities")))
        log = self._merge(self.source | self.target, self.target, user=self.agent)
        self.assertEqual(log.source_ids, self.source)
        after = self._snapshot(self.target)
        for key in ("messages", "attachments", "ratings", "activities"):
            self.assertLessEqual(before[key], after[key], key)
            self.assertFalse(self._snapshot(self.source)[key], key)
        self.assertLessEqual(before["followers"], after["followers"])
        self.assertIn(self.watcher, self.target.message_partner_ids)
        self.assertEqual(len(self.target.rating_ids), 1)
        self.assertFalse(self.source.active)
        self.assertEqual(self.source.merged_into_id, self.target)
        self.assertEqual(self.target.merged_ticket_ids, self.source)
        self.assertEqual(self.target.merged_ticket_count, 1)
        note = self.target.message_ids[0]
        self.assertIn(self.source.number, note.body)
        self.assertIn("Lo pedí hace un mes", note.body, "the duplicate's description is kept")
        tracked = self.target.message_ids.tracking_value_ids.filtered(
            lambda v: v.field_id.name == "stage_id"
        )
        self.assertTrue(tracked, "the duplicate's history came along")

    def test_undo_restores_exactly(self):
        source_before = self._snapshot(self.source)
        target_before = self._snapshot(self.target)
        log = self._merge(self.source | self.target, self.target, user=self.agent)
        self.target.message_post(body="Respuesta tras la fusión", message_type="comment")
        reply = self.target.message_ids[0]
        log.with_user(self.agent).action_undo()
        self.assertEqual(self._snapshot(self.source), source_before)
        target_after = self._snapshot(self.target)
        new_messages = target_after.pop("messages") - target_before.pop("messages")
        self.assertEqual(target_after, target_before)
        # the merge note, the reply posted since (it stays) and the undo note
        self.assertEqual(len(new_messages), 3)
        self.assertIn(reply.id, new_messages)
        self.assertIn("undone", self.target.message_ids[0].body)
        self.assertEqual(log.state, "undone")
        self.assertEqual(log.undo_uid, self.agent)
        with self.assertRaisesRegex(UserError, "already undone"):
            log.action_undo()

    def test_undo_refused_when_target_merged_again(self):
        log = self._merge(self.source | self.target, self.target)
        third = self.env["case.ticket"].create({"name": "tercero", "queue_id": self.queue_n1.id})
        later = self._merge(self.target | third, third)
        with self.assertRaisesRegex(UserError, "undo that merge first"):
            log.action_undo()
        later.action_undo()
        log.action_undo()
        self.assertTrue(self.source.active and self.target.active)

    def test_merge_refusals(self):
        with self.assertRaisesRegex(UserError, "at least two"):
            self.target._merge_into(self.target)
        other_company = self.env["res.company"].create({"name": "Otra S.A."})
        foreign = self.env["case.ticket"].create({"name": "otra", "company_id": other_company.id})
        with self.assertRaisesRegex(UserError, "same company"):
            (self.target | foreign)._merge_into(self.target)
        self.source.action_archive()
        with self.assertRaisesRegex(UserError, "already merged"):
            (self.target | self.source)._merge_into(self.target)

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.addons.base.models.ir_model")
    def test_merge_access(self):
        foreign = self.env["case.ticket"].create({"name": "ajeno", "queue_id": self.queue_n3.id})
        with self.assertRaises(AccessError):
            (self.target | foreign).with_user(self.agent)._merge_into(self.target)
        self.assertTrue(foreign.active)
        portal = new_test_user(self.env, login="merge_portal", groups="base.group_portal")
        (self.target | self.source).partner_id = portal.partner_id
        with self.assertRaises(AccessError):
            self._merge(self.source | self.target, self.target, user=portal)
        with self.assertRaises(AccessError):
            (self.source | self.target).with_user(portal)._merge_into(self.target)
        # the merge and its undo belong to those who may write every ticket involved
        log = self._merge(self.source | self.target, self.target, user=self.agent)
        self.assertEqual(log.with_user(self.agent).search([("id", "=", log.id)]), log)
        action = self.target.with_user(self.agent).action_open_merge_logs()
        self.assertEqual(action["domain"], [("target_id", "=", self.target.id)])
        self.assertIn(self.source.number, log.with_user(self.agent).display_name)
        with self.assertRaises(AccessError):
            log.with_user(portal).action_undo()
        self.queue_n1.member_ids = [Command.unlink(self.agent2.id)]
        self.assertFalse(self.env["case.ticket.merge.log"].with_user(self.agent2).search([]))
        with self.assertRaises(AccessError):
            log.with_user(self.agent2).read(["state"])
        with self.assertRaises(AccessError):
            log.with_user(self.agent2).action_undo()
        self.assertEqual(log.state, "merged")

    def test_merge_query_count(self):
        """Constant per merged ticket: one search and one write per kind of record moved."""
        warm_up = self.source.copy() | self.target.copy()
        warm_up._merge_into(warm_up[1])
        self.env.flush_all()
        self.env.invalidate_all()
        # 39 with the e-mail intake (the stage check of a customer reply on the merge note)
        with self.assertQueryCount(__system__=39):
            (self.source | self.target)._merge_into(self.target)
            self.env.flush_all()


@tagged("post_install", "-at_install")
class TestMergeRequesters(CaseCommon):
    def test_tickets_of_two_requesters_are_not_merged(self):
        other = self.env["res.partner"].create({"name": "Otro cliente"})
        Ticket = self.env["case.ticket"]
        mine = Ticket.create({"name": "Mío", "partner_id": self.partner.id})
        theirs = Ticket.create({"name": "Suyo", "partner_id": other.id})
        anonymous = Ticket.create({"name": "Anónimo", "partner_email": "x@example.com"})
        for pair in (mine | theirs, mine | anonymous):
            with self.subTest(pair=pair.mapped("name")), self.assertRaises(UserError):
                pair._merge_into(mine)
        self.assertTrue(theirs.active and anonymous.active)
        self.assertFalse(theirs.merged_into_id or anonymous.merged_into_id)
