"""Benchmark the knowledge-base search (``case.kb.article.search_articles``) at scale.

Inserts --articles generated Spanish articles in SQL (in a transaction that is rolled back;
the stored search vector is computed by PostgreSQL), then runs typical queries as an agent and
as a portal user and prints the median and p95 latency of each, with its query count.

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


def main():
    args = parse_args(
        __doc__,
        articles=(int, 100_000, "articles to generate"),
        repeat=(int, 30, "runs per query"),
    )
    with environment(args) as env:
        from odoo.tests import new_test_user

        start = time.perf_counter()
        insert_articles(env, args.articles)
        env.cr.execute("SELECT count(*) FROM case_kb_article")
        total = env.cr.fetchone()[0]
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
                Article.search_articles(query)  # warm caches
                times = []
                for _ in range(args.repeat):
                    env.invalidate_all()
                    with Counter(env) as measure:
                        found = Article.search_articles(query, limit=10)
                    times.append(measure.seconds * 1000)
                all_times += times
                p95 = statistics.quantiles(times, n=20)[-1]
                print(
                    f"{label:>7} {query:<40} {len(found):>5} {measure.queries:>7} "
                    f"{statistics.median(times):>9.1f} {p95:>7.1f}"
                )
        print(
            f"overall: median {statistics.median(all_times):.1f} ms, "
            f"p95 {statistics.quantiles(all_times, n=20)[-1]:.1f} ms"
        )


if __name__ == "__main__":
    main()
