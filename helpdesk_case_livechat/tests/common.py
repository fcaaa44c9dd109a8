"""Fixtures shared by the chatbot and the operator command tests."""

import json

from odoo.tests import new_test_user


def create_case_fixtures(cls):
    """A portal typification with its queue, a portal customer and the helpdesk channels."""
    env = cls.env
    cls.queue = env["case.queue"].create({"name": "Chat N1", "level": 1})
    category = env["case.typification"].create({"name": "Chat", "portal_visible": True})
    cls.typ_chat = env["case.typification"].create(
        {
            "name": "Pedido no recibido (chat)",
            "parent_id": category.id,
            "workflow_id": env.ref("helpdesk_case.workflow_generic").id,
            "queue_id": cls.queue.id,
            "portal_visible": True,
        }
    )
    cls.typ_category = category
    cls.portal_user = new_test_user(
        env,
        login="chat_portal",
        name="Paula Portal",
        email="paula@example.com",
        groups="base.group_portal",
    )
    cls.case_channel_chatbot = env.ref("helpdesk_case.channel_chatbot")
    cls.case_channel_livechat = env.ref("helpdesk_case_livechat.channel_livechat")


def transient_messages(env, partner):
    """Bodies of the messages only ``partner`` sees in a conversation (not stored)."""
    env.cr.precommit.run()  # the bus notifications are created at commit
    notifications = env["bus.bus"].sudo().search([], order="id")
    bodies = []
    for notification in notifications:
        channel = json.loads(notification.channel)
        message = json.loads(notification.message)
        if message.get("type") == "discuss.channel/transient_message" and channel[1:] == [
            "res.partner",
            partner.id,
        ]:
            bodies.append(message["payload"]["body"])
    return bodies
