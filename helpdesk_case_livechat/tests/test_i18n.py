from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestSpanishIsComplete(TransactionCase):
    """The addon's own terms in Spanish (completeness: helpdesk_case's test_i18n)."""

    def test_the_bot_speaks_spanish(self):
        self.env["res.lang"]._activate_lang("es_ES")
        self.env["ir.module.module"]._load_module_terms(
            ["helpdesk_case_livechat"], ["es_ES"], overwrite=True
        )
        env = self.env(context={"lang": "es_ES"})
        self.assertEqual(env.ref("helpdesk_case_livechat.channel_livechat").name, "Chat en vivo")
        step_types = dict(
            env["chatbot.script.step"]._fields["step_type"]._description_selection(env)
        )
        self.assertEqual(step_types["create_ticket"], "Crear ticket")
