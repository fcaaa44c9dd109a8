"""Bulk data in SQL for the performance tests and the benchmarks (big networks, many tickets)."""


def insert_downline(env, root, size, branching=5):
    """Insert ``size`` partners below ``root`` in a ``branching``-ary tree, in SQL."""
    cr = env.cr
    extra = _not_null_defaults(env, "res.partner", {"name", "active", "type"})
    columns = "".join(f', "{name}"' for name in extra)
    values = ", %s" * len(extra)
    cr.execute(
        f"""
        INSERT INTO res_partner (name, active, type, create_date, write_date{columns})
        SELECT 'Red ' || g, TRUE, 'contact', now(), now(){values} FROM generate_series(1, %s) g
        RETURNING id
        """,
        [*extra.values(), size],
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


def _not_null_defaults(env, model, given):
    """ORM defaults of the NOT NULL columns without a database default that installed addons add
    to ``model`` (e.g. account's ``res_partner.autopost_bills``), so that the SQL inserts work
    whatever else is installed."""
    Model = env[model]
    env.cr.execute(
        """
        SELECT column_name FROM information_schema.columns
         WHERE table_name = %s AND is_nullable = 'NO' AND column_default IS NULL
        """,
        [Model._table],
    )
    names = [
        name
        for (name,) in env.cr.fetchall()
        if name in Model._fields and name not in given and name != "id"
    ]
    defaults = Model.default_get(names)
    return {name: defaults.get(name) for name in names if name in defaults}
