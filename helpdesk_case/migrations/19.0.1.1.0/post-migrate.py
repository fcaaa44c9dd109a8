"""Databases installed before 19.0.1.1.0: the stage data is ``noupdate``, so bring in by hand
what the new version's data adds (waiting stage in the generic flow, stage e-mails), and
derive every stage's "closing" flag from its group, the one rule for closed."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    generic = env.ref("helpdesk_case.workflow_generic", raise_if_not_found=False)
    waiting = env.ref("helpdesk_case.stage_waiting_customer", raise_if_not_found=False)
    if generic and waiting and waiting not in generic.stage_ids:
        generic.stage_ids = [(4, waiting.id)]
    for stage_xmlid, template_xmlid in (
        ("helpdesk_case.stage_closed", "helpdesk_case.mail_template_ticket_closed"),
        ("helpdesk_case.stage_waiting_customer", "helpdesk_case.mail_template_ticket_waiting"),
    ):
        stage = env.ref(stage_xmlid, raise_if_not_found=False)
        if stage and not stage.template_id:
            stage.template_id = env.ref(template_xmlid)
    stages = env["case.stage"].with_context(active_test=False).search([])
    stages._compute_is_close()
