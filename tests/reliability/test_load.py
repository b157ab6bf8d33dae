"""A hall signs at once through gunicorn; a worker dies mid-load; nothing is lost or doubled.

`make test` runs a short crowd; `make reliability` (RELIABILITY=full) runs 300 signers.
"""

import os
from collections import Counter

import pytest
from sqlalchemy import func, select

from pledge import transparency
from pledge.extensions import db
from pledge.models import Event, LogEntry, SignatureRecord
from tests.builders import make_event
from tests.conftest import make_app, reset_database
from tests.databases import scratch_postgresql
from tests.reliability.harness import FULL, Server, crowd, request, summarise

SIGNERS = 300 if FULL else 40
CONCURRENCY = 30 if FULL else 10
POSTGRES = os.environ.get("TEST_DATABASE_URL")
REDIS_URI = "redis://127.0.0.1:6379/4"
BACKENDS = ["sqlite"] + (["postgresql"] if POSTGRES else [])


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'load.db'}"
    else:
        with scratch_postgresql(POSTGRES) as url:
            yield url


@pytest.fixture
def settings():
    """Settings for the server, on top of a limit no crowd reaches."""
    return {}


@pytest.fixture
def served(database_url, tmp_path, settings):
    """An event in a fresh database, and gunicorn serving it; yield (server, app, slug)."""
    app = make_app(tmp_path, SQLALCHEMY_DATABASE_URI=database_url)
    reset_database(app)
    with app.app_context():
        slug = make_event(slug="deklarasi-serentak").slug
        db.session.remove()
    server = Server(database_url, workers=4, log_path=tmp_path / "gunicorn.log", **settings)
    try:
        server.wait_ready()
        yield server, app, slug
    finally:
        server.stop()
        with app.app_context():
            db.engine.dispose()


def check_database(app, slug, name, outcomes):
    """Assert what the crowd saw matches what is stored; return the summary."""
    with app.app_context():
        records = db.session.scalars(select(SignatureRecord)).all()
        stored = Counter(record.phone for record in records)
        event = Event.by_slug(slug)
        verification = transparency.verify(event)
        entries = db.session.scalar(select(func.count(LogEntry.id)))
        head = transparency.head(event)
        db.session.remove()
    summary = summarise(name, outcomes, stored, "verified" if verification.ok else verification.problem)
    statuses = Counter(outcome.status for outcome in outcomes)
    assert 500 not in statuses, statuses
    assert all(count == 1 for count in stored.values()), "a signer was stored twice"
    accepted = {outcome.phone for outcome in outcomes if outcome.status == 303}
    assert accepted <= set(stored), "an accepted signature is missing"
    refused = [outcome for outcome in outcomes if outcome.status not in (303, None)]
    assert all(400 <= outcome.status < 500 or outcome.retry_after for outcome in refused), refused
    assert summary["lost"] == 0
    assert verification.ok, verification.problem
    assert entries == len(records) == head.size
    return summary, statuses


def test_a_hall_signing_at_once_is_stored_exactly_once(served, database_url):
    server, app, slug = served
    outcomes = crowd(server.port, slug, SIGNERS, CONCURRENCY)
    backend = database_url.split(":")[0].split("+")[0]
    summary, statuses = check_database(app, slug, f"{backend}: {SIGNERS} signers at once", outcomes)
    assert statuses[303] == SIGNERS, statuses
    assert summary["stored"] == SIGNERS


def test_a_worker_killed_mid_load_leaves_nothing_half_written(served, database_url):
    server, app, slug = served
    killed = []
    outcomes = crowd(
        server.port, slug, SIGNERS, CONCURRENCY, during=lambda: killed.append(server.kill_a_worker())
    )
    backend = database_url.split(":")[0].split("+")[0]
    summary, statuses = check_database(app, slug, f"{backend}: {SIGNERS} signers, a worker killed", outcomes)
    assert killed and killed[0] not in server.worker_pids()
    assert request(server.port, "GET", "/")[0] == 200, "the server stopped answering"
    # Every signer who was not told "stored" can tell: they retried or got an answer.
    assert summary["gave up after broken connections"] == 0
    assert statuses[303] == SIGNERS


LIMIT = SIGNERS // 3


@pytest.mark.parametrize(
    "settings",
    [{"SIGN_RATE_LIMIT": f"{LIMIT} per minute", "RATELIMIT_STORAGE_URI": REDIS_URI}],
    ids=["redis shared by the workers"],
)
def test_a_crowd_over_the_limit_is_refused_readably_and_nothing_is_lost(served, database_url, settings):
    server, app, slug = served
    outcomes = crowd(server.port, slug, SIGNERS, CONCURRENCY)
    backend = database_url.split(":")[0].split("+")[0]
    name = f"{backend}: {SIGNERS} signers, {LIMIT} a minute allowed"
    summary, statuses = check_database(app, slug, name, outcomes)
    assert statuses == {303: LIMIT, 429: SIGNERS - LIMIT}, statuses
    assert all(outcome.retry_after for outcome in outcomes if outcome.status == 429)
    assert summary["stored"] == LIMIT
