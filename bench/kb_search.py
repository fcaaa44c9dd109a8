"""Benchmark the knowledge-base search (``case.kb.article.search_articles``) at scale.

Inserts --articles generated Spanish articles in SQL (in a transaction that is rolled back;
the stored search vector is computed by PostgreSQL), then runs typical queries as an agent and
as a portal user and prints the median and p95 latency of each, with its query count; then
the suggestions: the ticket form's (``kb_suggestion_ids``: a ~1,000-character ticket text, any
word, the ticket's typification, as an agent) and the portal form's as-you-type
(``/support/kb/suggest``: any word, long text, portal and public articles, as a portal user).
One article in 500 is linked to the typification the suggestions use.

Usage: .venv/bin/python bench/kb_search.py [-d helpdesk_case_test] [--articles 100000]
       [--repeat 30]
"""

import statistics
import time

from _common import Counter, environment, parse_args

WORDS = (
    "factura facturas facturación timbrado timbrar timbres error errores cancelación pago "
    "pagos complemento nómina recibos empleado descarga masiva xml pdf archivo pedido pedidos "
    "entrega guía paquetería devolución devoluciones cambio cambios producto productos crédito "
    "cupo cliente clientes consultora red comisión portal contraseña acceso usuario correo "
    "dirección envío flete cobro banco transferencia referencia saldo estado cuenta reporte "
    "régimen fiscal código postal constancia certificado sello folio serie almacén inventario "
    "catálogo promoción descuento precio lista"
).split()
FILLER = (
    "el la de del para con por en un una que se su los las al como cuando debe puede "
    "revise verifique solicite indique adjunte corrija vuelva envíe"
).split()
QUERIES = [
    "error de timbrado",
    "facturacion",
    "devoluciones de pedidos",
    "nomina recibos",
    "descarga masiva xml",
    "pago sin identificar banco",
    "constancia regimen fiscal codigo postal",
    "palabrainexistente",
]
# What a customer writes on a ticket: ~1,000 characters, common words among others.
TICKET_TEXT = (
    "Buenas tardes, les escribo porque desde la semana pasada no puedo timbrar las facturas "
    "de mis clientes: el portal muestra un error de timbrado con el código postal y el régimen "
    "fiscal de la constancia, aunque los datos están actualizados. También hice un pago por "
    "transferencia bancaria con la referencia del pedido y el saldo de mi estado de cuenta no "
    "cambió, así que el pedido sigue detenido en el almacén y la guía de paquetería no aparece. "
    "Necesito la descarga masiva de los xml y pdf del mes para mi contador, y el complemento de "
    "pago de las facturas que ya cobré. Un cliente quiere hacer un cambio de producto y otro la "
    "devolución completa porque llegó dañado; no sé si la promoción y el descuento aplican al "
    "nuevo precio de lista. Además mi usuario de la consultora se bloquea al cambiar la "
    "contraseña y no recibo el correo de acceso. ¿Me pueden indicar qué debo corregir y en qué "
    "orden? Adjunto el certificado, el sello y el folio de la serie que uso. Gracias de antemano."
)
# The portal form's suggestions see the subject and the first lines being typed.
SUGGEST_TEXT = TICKET_TEXT[:400]


def insert_articles(env, count):
    """Generated articles: 70% published, visibility spread over internal, portal, public."""
    words = WORDS + FILLER
    env.cr.execute(
        """
        INSERT INTO case_kb_article
            (name, body, visibility, state, sequence, view_count, use_count,
             create_uid, write_uid, create_date, write_date)
        SELECT
            initcap(array_to_string(ARRAY(
                SELECT (%(words)s::text[])[1 + floor(random() * %(n)s)::int]
                  FROM generate_series(1, 4 + (g %% 5)) WHERE g > 0), ' ')),
            '<p>' || array_to_string(ARRAY(
                SELECT (%(words)s::text[])[1 + floor(random() * %(n)s)::int]
                  FROM generate_series(1, 60 + (g %% 60)) WHERE g > 0), ' ') || '</p>',
            (ARRAY['internal', 'portal', 'public'])[1 + g %% 3],
            CASE WHEN g %% 10 < 7 THEN 'published' WHEN g %% 10 < 9 THEN 'draft'
                 ELSE 'archived' END,
            10, 0, 0, 1, 1, now(), now()
          FROM generate_series(1, %(count)s) AS g
        """,
        {"words": words, "n": len(words), "count": count},
    )
    env.cr.execute("ANALYZE case_kb_article")


def link_typification(env, typification):
    """One generated article in 500 suggested on ``typification``'s tickets."""
    env.cr.execute(
        """INSERT INTO case_kb_article_case_typification_rel
               (case_kb_article_id, case_typification_id)
           SELECT id, %s FROM case_kb_article WHERE id %% 500 = 0""",
        (typification.id,),
    )
    env.cr.execute("ANALYZE case_kb_article_case_typification_rel")


def report(label, name, run, env, repeat):
    """Print one row: what ``run`` found, its queries, median and p95 in ms; the times."""
    run()  # warm caches
    times = []
    for _ in range(repeat):
        env.invalidate_all()
        with Counter(env) as measure:
            found = run()
        times.append(measure.seconds * 1000)
    p95 = statistics.quantiles(times, n=20)[-1]
    print(
        f"{label:>7} {name:<40} {len(found):>5} {measure.queries:>7} "
        f"{statistics.median(times):>9.1f} {p95:>7.1f}"
    )
    return times


def main():
    args = parse_args(
        __doc__,
        articles=(int, 100_000, "articles to generate"),
        repeat=(int, 30, "runs per query"),
    )
    with environment(args) as env:
        from odoo.addons.helpdesk_case.controllers.kb import (
            PORTAL_DOMAIN,
            SUGGESTION_LIMIT,
            SUGGESTION_TEXT_LIMIT,
        )
        from odoo.addons.helpdesk_case.models.case_ticket_kb import KB_SUGGESTION_LIMIT
        from odoo.tests import new_test_user

        start = time.perf_counter()
        insert_articles(env, args.articles)
        env.cr.execute("SELECT count(*) FROM case_kb_article")
        total = env.cr.fetchone()[0]
        typ = env["case.typification"].search([("portal_visible", "=", True)], limit=1)
        link_typification(env, typ)
        print(f"data: {total} articles ({time.perf_counter() - start:.1f}s to build)")
        users = {
            "agent": new_test_user(
                env, login="bench_kb_agent", groups="helpdesk_case.group_case_service"
            ),
            "portal": new_test_user(env, login="bench_kb_portal", groups="base.group_portal"),
        }
        env.flush_all()
        header = f"{'user':>7} {'query':<40} {'found':>5} {'queries':>7}"
        print(f"{header} {'median ms':>9} {'p95 ms':>7}")
        all_times = []
        for label, user in users.items():
            Article = env["case.kb.article"].with_user(user)
            for query in QUERIES:
                all_times += report(
                    label,
                    query,
                    lambda a=Article, q=query: a.search_articles(q, limit=10),
                    env,
                    args.repeat,
                )
        print(
            f"overall: median {statistics.median(all_times):.1f} ms, "
            f"p95 {statistics.quantiles(all_times, n=20)[-1]:.1f} ms"
        )
        print(f"suggestions: {len(TICKET_TEXT)}-character ticket text, typification {typ.name}")
        agent_articles = env["case.kb.article"].with_user(users["agent"])
        report(
            "agent",
            "ticket form suggestions",
            lambda: agent_articles.search_articles(
                TICKET_TEXT, limit=KB_SUGGESTION_LIMIT, typifications=typ, any_word=True
            ),
            env,
            args.repeat,
        )
        portal_articles = env["case.kb.article"].with_user(users["portal"])
        for name, text in (
            ("portal suggest (400 chars)", SUGGEST_TEXT),
            ("portal suggest (1,000 chars)", TICKET_TEXT),
        ):
            report(
                "portal",
                name,
                lambda t=text: portal_articles.search_articles(
                    t[:SUGGESTION_TEXT_LIMIT],
                    limit=SUGGESTION_LIMIT,
                    typifications=typ,
                    any_word=True,
                    domain=PORTAL_DOMAIN,
                ),
                env,
                args.repeat,
            )


if __name__ == "__main__":
    main()
