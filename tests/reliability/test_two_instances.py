"""Two app instances (two gunicorns on two ports) share one PostgreSQL and one Redis.

As behind a load balancer: signers are spread over both instances. Every accepted
signature is stored once, the counters equal the rows, the transparency log verifies,
and the rate limit is one limit for the whole deployment, not one per instance.

PostgreSQL is the server of TEST_DATABASE_URL (or the local one): the test creates a
scratch database and drops it after. `make test` runs a short crowd, `make reliability`
200 signers.
"""

import os
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select

from pledge import transparency
from pledge.certificates.keys import ensure_keys
from pledge.extensions import db
from pledge.models import Event, SignatureRecord
from pledge.models.counts import counts_for
from tests.builders import make_event
from tests.conftest import make_app, reset_database, unique_prefix
from tests.databases import scratch_postgresql
from tests.reliability.harness import FULL, Server, sign_once, summarise

SIGNERS = 200 if FULL else 60
CONCURRENCY = 20 if FULL else 10
LIMIT = 30
POSTGRES = os.environ.get("TEST_DATABASE_URL") or "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
REDIS_URI = "redis://127.0.0.1:6379/6"


@pytest.fixture
def settings():
    """Settings for both instances, on top of a limit no crowd reaches."""
    return {}


@pytest.fixture
def deployment(tmp_path, settings):
    """An event in a scratch PostgreSQL database and two gunicorns serving it; yield (servers, app, slug)."""
    with scratch_postgresql(POSTGRES) as url:
        app = make_app(tmp_path, SQLALCHEMY_DATABASE_URI=url)
        reset_database(app)
        with app.app_context():
            ensure_keys(app)  # one sealing key, shared by both instances
            slug = make_event(slug="dua-instansi").slug
            db.session.remove()
        shared = {
            "RATELIMIT_STORAGE_URI": REDIS_URI,
            "RATELIMIT_KEY_PREFIX": unique_prefix(),  # shared by the two instances only
            "SEAL_KEY_PATH": app.config["SEAL_KEY_PATH"],
            "SEAL_CERT_PATH": app.config["SEAL_CERT_PATH"],
            **settings,
        }
        servers = [Server(url, workers=2, log_path=tmp_path / f"gunicorn-{n}.log", **shared) for n in (1, 2)]
        try:
            for server in servers:
                server.wait_ready()
            yield servers, app, slug
        finally:
            for server in servers:
                server.stop()
            with app.app_context():
                db.engine.dispose()


def spread(servers, slug, signers):
    """Sign `signers` times, alternating between the instances, CONCURRENCY at once."""
    with ThreadPoolExecutor(max_workers=CONCURRENCY) as pool:
        futures = [pool.submit(sign_once, servers[n % len(servers)].port, slug, n) for n in range(signers)]
        return [future.result(timeout=120) for future in futures]


def check_database(app, slug, name, outcomes):
    """Assert the rows, the counters and the log agree with what the signers were told."""
    with app.app_context():
        event = Event.by_slug(slug)
        records = db.session.scalars(
            select(SignatureRecord).where(SignatureRecord.event_id == event.id)
        ).all()
        stored = Counter(record.phone for record in records)
        counts = counts_for(event.id)
        verification = transparency.verify(event)
        head = transparency.head(event)
        db.session.remove()
    summary = summarise(name, outcomes, stored, "verified" if verification.ok else verification.problem)
    statuses = Counter(outcome.status for outcome in outcomes)
    assert 500 not in statuses, statuses
    assert all(n == 1 for n in stored.values()), "a signer was stored twice"
    accepted = {outcome.phone for outcome in outcomes if outcome.status == 303}
    assert accepted == set(stored), "the stored signatures are not the accepted ones"
    assert counts.total == len(records)
    assert sum(counts.by_category.values()) == len(records)
    assert counts.by_area == {"64.01.05": len(records)}
    assert verification.ok, verification.problem
    assert head.size == len(records)
    return summary, statuses


def test_signers_spread_over_two_instances_are_stored_once_and_counted_once(deployment):
    servers, app, slug = deployment
    outcomes = spread(servers, slug, SIGNERS)
    summary, statuses = check_database(
        app, slug, f"postgresql, 2 instances: {SIGNERS} signers spread over both", outcomes
    )
    assert statuses == {303: SIGNERS}, statuses
    assert summary["stored"] == SIGNERS


@pytest.mark.parametrize(
    "settings", [{"SIGN_RATE_LIMIT": f"{LIMIT} per minute"}], ids=["limit shared through Redis"]
)
def test_the_rate_limit_is_one_limit_for_both_instances(deployment):
    servers, app, slug = deployment
    outcomes = spread(servers, slug, SIGNERS)
    name = f"postgresql, 2 instances: {SIGNERS} signers from one address, {LIMIT} a minute allowed"
    summary, statuses = check_database(app, slug, name, outcomes)
    # One address, two instances: the sum accepted is the limit, not twice it.
    assert statuses == {303: LIMIT, 429: SIGNERS - LIMIT}, statuses
    assert summary["stored"] == LIMIT
    # Both instances took part in accepting and in refusing: the count was shared.
    by_instance = Counter((n % len(servers), outcome.status) for n, outcome in enumerate(outcomes))
    assert all(by_instance[(instance, 303)] and by_instance[(instance, 429)] for instance in (0, 1)), (
        by_instance
    )
    assert all(outcome.retry_after for outcome in outcomes if outcome.status == 429)
