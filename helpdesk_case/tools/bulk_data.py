"""Bulk data in SQL for the performance tests and the benchmarks (big networks, many tickets)."""

from odoo.tools import SQL


def insert_downline(env, root, size, branching=5):
    """Insert ``size`` partners below ``root`` in a ``branching``-ary tree, in SQL."""
    cr = env.cr
    extra = _required_defaults(env, "res.partner", {"name", "active", "type"})
    cr.execute(
        SQL(
            """
        INSERT INTO res_partner (name, active, type, create_date, write_date%s)
        SELECT 'Red ' || g, TRUE, 'contact', now(), now()%s FROM generate_series(1, %s) g
        RETURNING id
        """,
            SQL("").join(SQL(", %s", SQL.identifier(name)) for name in extra),
            SQL("").join(SQL(", %s", value) for value in extra.values()),
            size,
        )
    )
    ids = [row[0] for row in cr.fetchall()]
    parents = [root.id, *ids]
    cr.execute(
        """
        UPDATE res_partner p
           SET sponsor_id = (%s::int[])[(n.ord - 1) / %s + 1], commercial_partner_id = p.id
          FROM unnest(%s::int[]) WITH ORDINALITY AS n(id, ord)
         WHERE p.id = n.id
        """,
        [parents, branching, ids],
    )
    env["res.partner"]._sponsor_path_rebuild()
    env["res.partner"].invalidate_model()
    return ids


def insert_tickets(env, partner_ids, count):
    """Insert ``count`` open tickets spread over ``partner_ids``, in SQL."""
    stage = env.ref("helpdesk_case.stage_new")
    workflow = env.ref("helpdesk_case.workflow_generic")
    env.cr.execute(
        """
        INSERT INTO case_ticket (name, number, company_id, importance, urgency, priority, active,
                                 stage_id, workflow_id, state_group, is_closed, partner_id,
                                 commercial_partner_id, create_date, write_date, last_update_date)
        SELECT 'Caso ' || g, 'PERF' || lpad(g::text, 7, '0'), %s, 'low', 'low', '0', TRUE,
               %s, %s, 'todo', FALSE, p.id, p.id, now() - g * interval '1 minute', now(), now()
          FROM generate_series(1, %s) g
          JOIN LATERAL (SELECT (%s::int[])[1 + (g %% %s)] AS id) p ON TRUE
        """,
        [env.company.id, stage.id, workflow.id, count, partner_ids, len(partner_ids)],
    )
    env["case.ticket"].invalidate_model()
    # planner statistics, as autovacuum keeps them on a live database
    env.cr.execute("ANALYZE res_partner; ANALYZE case_ticket")


# ------------------------------------------------------------------ installed applications
# Other addons add required columns to the tables filled here (``account`` adds
# ``res_partner.autopost_bills``): the bulk inserts give them their ORM default.


def _required_defaults(env, model, given):
    """``{column: default}`` of the required stored fields of ``model`` not in ``given``."""
    Model = env[model]
    names = [
        name
        for name, field in Model._fields.items()
        if field.required and field.store and field.column_type and name not in given
    ]
    defaults = Model.default_get(names)
    return {
        name: value
        for name, value in defaults.items()
        if name in names and isinstance(value, str | int | float | bool)
    }
