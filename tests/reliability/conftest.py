"""Print what the load runs measured at the end of the session."""

import os

import pytest
from hypothesis import settings

from pledge.extensions import db
from tests.conftest import make_app, reset_database
from tests.reliability.harness import FULL, FUZZ_ANSWERS, SUMMARIES


def pytest_terminal_summary(terminalreporter):
    if not SUMMARIES and not FUZZ_ANSWERS:
        return
    terminalreporter.section("reliability summary")
    if FUZZ_ANSWERS:
        answers = ", ".join(f"{code}: {n}" for code, n in sorted(FUZZ_ANSWERS.items()))
        terminalreporter.write_line(
            f"fuzzed sign forms: {sum(FUZZ_ANSWERS.values())} posted, answers {answers}, "
            f"server errors {sum(n for code, n in FUZZ_ANSWERS.items() if code >= 500)}"
        )
    for summary in SUMMARIES:
        refused = (
            ", ".join(f"{code}: {count}" for code, count in sorted(summary["refused"].items())) or "none"
        )
        terminalreporter.write_line(
            f"{summary['run']}: attempted {summary['attempted']}, stored {summary['stored']}, "
            f"refused {refused}, broken connections retried {summary['broken connections retried']}, "
            f"gave up {summary['gave up after broken connections']}, lost {summary['lost']}, "
            f"log {summary['log']}"
        )


# Hypothesis: a bounded run for `make test`, thousands of forms for `make reliability`.
settings.register_profile("default", max_examples=120, deadline=None)
settings.register_profile("reliability", max_examples=1000, deadline=None)
settings.load_profile("reliability" if FULL else os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture
def client(tmp_path):
    """A client of an app without rate limits: the fuzzer sends thousands of forms from one address."""
    app = make_app(tmp_path, WTF_CSRF_ENABLED=False, RATELIMIT_ENABLED=False, SQLITE_SYNCHRONOUS="OFF")
    reset_database(app)
    with app.app_context():
        yield app.test_client()
        db.session.remove()
        db.engine.dispose()
