"""Project-wide pytest hooks: a skipped test (e.g. a tour without a browser) fails the run."""

import pytest

_skipped = []


@pytest.hookimpl(trylast=True)
def pytest_runtest_logreport(report):
    if report.skipped:
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session, exitstatus):
    if _skipped and exitstatus == 0:
        session.exitstatus = 1


def pytest_terminal_summary(terminalreporter):
    if _skipped:
        terminalreporter.write_line(
            f"FAILED: {len(_skipped)} test(s) skipped; skips are not allowed in this project "
            "(a missing browser or database must fail loudly).",
            red=True,
        )
