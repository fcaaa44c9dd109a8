"""Bulk posted invoices in SQL for the benchmarks (customers with tens of thousands of them)."""

from odoo.tools import SQL


def _columns(env, table):
    env.cr.execute(
        "SELECT column_name FROM information_schema.columns"
        " WHERE table_schema = current_schema() AND table_name = %s AND column_name != 'id'",
        [table],
    )
    return [row[0] for row in env.cr.fetchall()]


def _clone_select(columns, overrides, alias):
    """The INSERT's column list and the SELECT's expressions: ``overrides`` (SQL) by column,
    the template's own value for the others."""
    names = SQL(", ").join(SQL.identifier(column) for column in columns)
    values = SQL(", ").join(
        overrides.get(column) or SQL.identifier(alias, column) for column in columns
    )
    return names, values


def clone_posted_moves(env, template, count, prefix="BULK"):
    """Insert ``count`` copies of the posted move ``template`` with its journal items (the
    amounts, accounts, states and residuals of the template; taxes not linked), numbered
    ``<prefix>/<n>`` and dated one day apart backwards. Two statements, whatever ``count``."""
    template.ensure_one()
    env.flush_all()
    name = SQL("%s || '/' || lpad(g::text, 7, '0')", prefix)
    day = SQL("t.date - g * interval '1 day'")
    move_columns, move_values = _clone_select(
        _columns(env, "account_move"),
        {
            "name": name,
            "sequence_prefix": SQL("%s || '/'", prefix),
            "sequence_number": SQL("g"),
            "date": day,
            "invoice_date": day,
            "invoice_date_due": day,
            "payment_reference": name,
        },
        "t",
    )
    env.cr.execute(
        SQL(
            "INSERT INTO account_move (%s) SELECT %s FROM account_move t,"
            " generate_series(1, %s) g WHERE t.id = %s RETURNING id",
            move_columns,
            move_values,
            count,
            template.id,
        )
    )
    move_ids = [row[0] for row in env.cr.fetchall()]
    line_columns, line_values = _clone_select(
        _columns(env, "account_move_line"),
        {
            "move_id": SQL("m.id"),
            "move_name": SQL("m.name"),
            "date": SQL("m.date"),
            "invoice_date": SQL("m.invoice_date"),
            "date_maturity": SQL("CASE WHEN t.date_maturity IS NULL THEN NULL ELSE m.date END"),
        },
        "t",
    )
    env.cr.execute(
        SQL(
            "INSERT INTO account_move_line (%s) SELECT %s FROM account_move m"
            " JOIN account_move_line t ON t.move_id = %s WHERE m.id = ANY(%s)",
            line_columns,
            line_values,
            template.id,
            move_ids,
        )
    )
    env["account.move"].invalidate_model()
    env["account.move.line"].invalidate_model()
    env.cr.execute("ANALYZE account_move")
    env.cr.execute("ANALYZE account_move_line")
    return env["account.move"].browse(move_ids)
