"""Two agents on one ticket: each sees the other, and a reply that crosses another is confirmed."""

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

REPLY_WARNING = "odoo.addons.helpdesk_case.models.case_ticket.CaseReplyWarning"


class CollisionCommon(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        service = "helpdesk_case.group_case_service"
        cls.ana = new_test_user(cls.env, login="collision_ana", name="Ana Agente", groups=service)
        cls.beto = new_test_user(
            cls.env, login="collision_beto", name="Beto Agente", groups=service
        )
        cls.outsider = new_test_user(cls.env, login="collision_outsider", groups=service)
        cls.customer = new_test_user(
            cls.env, login="collision_customer", name="Clara Cliente", groups="base.group_portal"
        )
        queue = cls.env["case.queue"].create(
            {"name": "Colisiones", "member_ids": [Command.set((cls.ana | cls.beto).ids)]}
        )
        cls.ticket = cls.env["case.ticket"].create(
            {
                "name": "Pedido incompleto",
                "partner_id": cls.customer.partner_id.id,
                "queue_id": queue.id,
                "user_id": cls.ana.id,
            }
        )

    def jsonrpc(self, route, params):
        payload = {"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}
        return self.url_open(route, json=payload).json()

    def call(self, method, ticket):
        route = f"/web/dataset/call_kw/case.ticket.viewer/{method}"
        params = {
            "model": "case.ticket.viewer",
            "method": method,
            "args": [ticket.id],
            "kwargs": {},
        }
        return self.jsonrpc(route, params)


@tagged("post_install", "-at_install")
class TestReplyCollision(CollisionCommon):
    """The chatter sends the newest message it showed; the server compares."""

    def last_message_id(self):
        return self.ticket.message_ids[:1].id

    def reply(self, login, body, seen, confirmed=False):
        self.authenticate(login, login)
        context = {"case_seen_message_id": seen}
        if confirmed:
            context["case_reply_confirmed"] = True
        params = {
            "thread_model": "case.ticket",
            "thread_id": self.ticket.id,
            "post_data": {
                "body": body,
                "message_type": "comment",
                "subtype_xmlid": "mail.mt_comment",
            },
            "context": context,
        }
        return self.jsonrpc("/mail/message/post", params)

    def post_as(self, user, body, subtype="mail.mt_comment"):
        return self.ticket.with_user(user).message_post(
            body=body, message_type="comment", subtype_xmlid=subtype
        )

    def test_reply_after_another_agents_reply_is_refused_until_confirmed(self):
        seen = self.last_message_id()
        self.post_as(self.beto, "Le enviamos el producto faltante hoy.")
        answer = self.reply("collision_ana", "Revisamos su pedido.", seen)
        self.assertEqual(answer["error"]["data"]["name"], REPLY_WARNING)
        self.assertIn("Beto Agente replied", answer["error"]["data"]["message"])
        self.assertNotIn("Revisamos su pedido", str(self.ticket.message_ids.mapped("body")))
        answer = self.reply("collision_ana", "Revisamos su pedido.", seen, confirmed=True)
        self.assertNotIn("error", answer)
        self.assertIn("Revisamos su pedido", str(self.ticket.message_ids[:1].body))

    def test_reply_after_reading_the_other_reply_goes(self):
        self.post_as(self.beto, "Le enviamos el producto faltante hoy.")
        answer = self.reply("collision_ana", "Confirmo el envío.", self.last_message_id())
        self.assertNotIn("error", answer)

    def test_notes_customer_messages_and_own_replies_do_not_collide(self):
        seen = self.last_message_id()
        self.post_as(self.beto, "Ojo con este cliente", subtype="mail.mt_note")
        self.ticket.message_post(
            body="¿Alguna novedad?",
            author_id=self.customer.partner_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.post_as(self.ana, "Un momento, por favor.")
        self.assertNotIn("error", self.reply("collision_ana", "Ya está en camino.", seen))

    def test_outgoing_shouting_asks_for_confirmation(self):
        seen = self.last_message_id()
        answer = self.reply("collision_ana", "<p>ENVÍE LOS DOCUMENTOS HOY MISMO</p>", seen)
        self.assertEqual(answer["error"]["data"]["name"], REPLY_WARNING)
        self.assertIn("shouting", answer["error"]["data"]["message"])
        answer = self.reply("collision_ana", "<p>¿Recibió el pedido?</p>", seen)
        self.assertNotIn("error", answer, "a calm reply goes at once")
        answer = self.reply("collision_ana", "<p>ENVÍE LOS DOCUMENTOS HOY MISMO</p>", 0, True)
        self.assertNotIn("error", answer)
        self.assertFalse(self.ticket.customer_shouting, "the agent's text is not the customer's")

    def test_posts_without_the_chatter_context_are_not_checked(self):
        self.post_as(self.beto, "Le enviamos el producto faltante hoy.")
        self.post_as(self.ana, "NOTIFICACIÓN AUTOMÁTICA DEL SISTEMA")  # code, templates, e-mails
        self.authenticate("collision_ana", "collision_ana")
        params = {
            "thread_model": "case.ticket",
            "thread_id": self.ticket.id,
            "post_data": {"body": "Sin contexto", "message_type": "comment"},
        }
        self.assertNotIn("error", self.jsonrpc("/mail/message/post", params))

    def test_warnings_list(self):
        seen = self.last_message_id()
        self.post_as(self.beto, "Respuesta de Beto")
        warnings = self.ticket.with_user(self.ana)._case_reply_warnings("¡¡¡LISTO!!!", seen)
        self.assertEqual(len(warnings), 2)
        self.assertEqual(self.ticket.with_user(self.beto)._case_reply_warnings("Listo", seen), [])


@tagged("post_install", "-at_install")
class TestTicketViewers(CollisionCommon):
    """Who else has the ticket's form open, through the ORM and the bus."""

    def peek(self, channel):
        params = {"channels": [channel], "last": 0, "is_first_poll": True}
        answer = self.jsonrpc("/websocket/peek_notifications", params)
        self.assertNotIn("error", answer)
        return [
            n["message"]["payload"]
            for n in answer["result"]["notifications"]
            if n["message"]["type"] == "helpdesk_case/ticket_viewers"
        ]

    def test_agents_see_each_other(self):
        Viewer = self.env["case.ticket.viewer"]
        self.assertEqual(Viewer.with_user(self.ana).join_ticket(self.ticket.id), [])
        beto_sees = Viewer.with_user(self.beto).join_ticket(self.ticket.id)
        self.assertEqual(beto_sees, [{"id": self.ana.id, "name": "Ana Agente"}])
        ana_sees = Viewer.with_user(self.ana).join_ticket(self.ticket.id)  # the heartbeat
        self.assertEqual(ana_sees, [{"id": self.beto.id, "name": "Beto Agente"}])
        Viewer.with_user(self.beto).leave_ticket(self.ticket.id)
        self.assertEqual(Viewer.with_user(self.ana).join_ticket(self.ticket.id), [])
        self.assertEqual(Viewer.search_count([("ticket_id", "=", self.ticket.id)]), 1)

    def test_a_closed_tab_expires(self):
        Viewer = self.env["case.ticket.viewer"]
        Viewer.with_user(self.beto).join_ticket(self.ticket.id)
        self.env.cr.execute(
            "UPDATE case_ticket_viewer SET last_seen = last_seen - interval '1 hour'"
        )  # Beto's tab stopped pinging long ago
        self.assertEqual(Viewer.with_user(self.ana).join_ticket(self.ticket.id), [])
        self.assertEqual(Viewer.search([]).user_id, self.ana, "stale rows are cleaned up")

    def test_the_bus_tells_the_others_at_once(self):
        channel = f"helpdesk_case.ticket_viewers_{self.ticket.id}"
        self.authenticate("collision_beto", "collision_beto")
        self.assertEqual(self.call("join_ticket", self.ticket)["result"], [])
        self.authenticate("collision_ana", "collision_ana")
        self.assertEqual(self.call("join_ticket", self.ticket)["result"][0]["name"], "Beto Agente")
        payloads = self.peek(channel)
        self.assertEqual(
            [viewer["name"] for viewer in payloads[-1]["viewers"]], ["Ana Agente", "Beto Agente"]
        )
        self.assertEqual(self.call("leave_ticket", self.ticket)["result"], True)
        self.assertEqual(self.peek(channel)[-1]["viewers"][0]["name"], "Beto Agente")

    def test_only_agents_who_read_the_ticket(self):
        Viewer = self.env["case.ticket.viewer"]
        for user in (self.outsider, self.customer):
            with (
                self.subTest(user=user.login),
                self.assertRaises(AccessError),
                mute_logger("odoo.addons.base.models.ir_rule"),
            ):
                Viewer.with_user(user).join_ticket(self.ticket.id)
        Viewer.with_user(self.ana).join_ticket(self.ticket.id)
        channel = f"helpdesk_case.ticket_viewers_{self.ticket.id}"
        for login in ("collision_outsider", "collision_customer"):
            with self.subTest(login=login):
                self.authenticate(login, login)
                self.assertEqual(self.peek(channel), [], "nobody else listens to the ticket")
                self.assertIn("error", self.call("join_ticket", self.ticket))
        self.assertFalse(Viewer.with_user(self.customer).has_access("read"))


@tagged("post_install", "-at_install")
class TestCollisionTour(CollisionCommon):
    def test_tour(self):
        self.ticket.message_post(
            body="¡¡¡RESPONDAN, IDIOTAS!!! Eres un idiota",
            author_id=self.customer.partner_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        # Beto has the ticket open; Ana opens it and answers in capitals
        self.env["case.ticket.viewer"].with_user(self.beto).join_ticket(self.ticket.id)
        self.start_tour(
            f"/odoo/action-helpdesk_case.case_ticket_action/{self.ticket.id}",
            "helpdesk_case_collision",
            login="collision_ana",
        )
        reply = self.ticket.message_ids[:1]
        self.assertIn("PEDIDO", str(reply.body), "sent once confirmed")
        self.assertEqual(reply.author_id, self.ana.partner_id)
