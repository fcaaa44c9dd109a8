"""Open an Odoo environment on a project database for the benchmark scripts."""

import argparse
import contextlib
import pathlib
import statistics
import time

import odoo
from odoo.modules.registry import Registry

ROOT = pathlib.Path(__file__).resolve().parent.parent


def parse_args(description, **extra):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("-d", "--database", default="helpdesk_case_test")
    parser.add_argument("-c", "--config", default=str(ROOT / "odoo.conf"))
    for name, (kind, default, help_) in extra.items():
        parser.add_argument(f"--{name}", type=kind, default=default, help=help_)
    return parser.parse_args()


@contextlib.contextmanager
def environment(args):
    """Yield a superuser env whose changes are rolled back at the end."""
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        try:
            yield env
        finally:
            cr.rollback()


class Counter:
    """Count the SQL queries and the wall time of a block."""

    def __init__(self, env):
        self.env = env

    def __enter__(self):
        self.env.flush_all()
        self.queries = self.env.cr.sql_log_count
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.env.flush_all()
        self.seconds = time.perf_counter() - self.start
        self.queries = self.env.cr.sql_log_count - self.queries


def measure(env, run, repeat):
    """Run ``run`` ``repeat`` times on cold caches: (queries of one run, median ms, max ms)."""
    times = []
    for _ in range(repeat):
        env.invalidate_all()
        with Counter(env) as counter:
            run()
        times.append(counter.seconds * 1000)
    return counter.queries, statistics.median(times), max(times)


def report_360(env, Partner, people, repeat, label):
    """Print the Consulta 360 search and screen of each person: ``people`` maps a size to
    ``(partner, search term)``; ``Partner`` carries the user who looks."""
    print(f"{label:>8} {'measure':>8} {'queries':>8} {'median ms':>10} {'max ms':>8}")
    for size, (partner, term) in people.items():
        measures = {
            "search": lambda t=term: Partner.case_360_search(t),
            "screen": lambda p=partner: Partner.browse(p.id).case_360_data(),
        }
        for name, run in measures.items():
            run()  # warm the shared caches
            queries, median, worst = measure(env, run, repeat)
            print(f"{size:>8} {name:>8} {queries:>8} {median:>10.1f} {worst:>8.1f}")
