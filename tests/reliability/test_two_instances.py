"""Two app instances (two gunicorns on two ports) share one PostgreSQL and one Redis.

As behind a load balancer: signers are spread over both instances. Every accepted
signature is stored once, the counters equal the rows, the transparency log verifies,
the rate limit is one limit for the whole deployment, not one per instance, and
certificate workers beside them (`flask pledge worker`, `rq worker`) issue every
certificate once.

PostgreSQL is the server of TEST_DATABASE_URL (or the local one): the test creates a
scratch database and drops it after. `make test` runs a short crowd, `make reliability`
200 signers.
"""

import contextlib
import os
import subprocess
import sys
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import redis
from sqlalchemy import select

from pledge.certificates.keys import ensure_keys
from pledge.extensions import db
from pledge.models import Certificate, SignatureRecord
from pledge.tokens import signer_token
from tests.builders import make_event
from tests.conftest import TEST_QUEUE_URL, make_app, reset_database, unique_prefix
from tests.databases import scratch_postgresql
from tests.reliability.harness import FULL, ROOT, Server, request, sign_once, stored_state, summarise

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
    stored, counts, verification, head = stored_state(app, slug)
    summary = summarise(name, outcomes, stored, "verified" if verification.ok else verification.problem)
    statuses = Counter(outcome.status for outcome in outcomes)
    assert 500 not in statuses, statuses
    assert all(n == 1 for n in stored.values()), "a signer was stored twice"
    accepted = {outcome.phone for outcome in outcomes if outcome.status == 303}
    assert accepted == set(stored), "the stored signatures are not the accepted ones"
    assert counts.total == sum(stored.values())
    assert sum(counts.by_category.values()) == sum(stored.values())
    assert counts.by_area == {"64.01.05": sum(stored.values())}
    assert verification.ok, verification.problem
    assert head.size == sum(stored.values())
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


@pytest.mark.parametrize("settings", [{"QUEUE_URL": TEST_QUEUE_URL}], ids=["certificate queue"])
def test_certificate_workers_beside_both_instances_issue_every_certificate_once(
    deployment, tmp_path, monkeypatch
):
    servers, app, slug = deployment
    monkeypatch.setitem(app.config, "SECRET_KEY", "load-test-secret")  # the instances' (private links)
    redis.Redis.from_url(TEST_QUEUE_URL).flushdb()
    outcomes = spread(servers, slug, SIGNERS)
    check_database(app, slug, f"postgresql, 2 instances and a certificate queue: {SIGNERS} signers", outcomes)
    environment = {
        **os.environ,
        "FLASK_APP": "wsgi",
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": "load-test-secret",
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{servers[0].port}",
        "SEAL_KEY_PATH": app.config["SEAL_KEY_PATH"],
        "SEAL_CERT_PATH": app.config["SEAL_CERT_PATH"],
        "QUEUE_URL": TEST_QUEUE_URL,
        "PYTHONWARNINGS": "ignore",
    }
    bin_folder = Path(sys.executable).parent
    # The documented worker, and RQ's own command beside it: both drain the same queue.
    commands = [
        [str(bin_folder / "flask"), "pledge", "worker", "--burst"],
        [str(bin_folder / "rq"), "worker", "--burst", "--url", TEST_QUEUE_URL, "certificates"],
    ]
    logs = [tmp_path / f"worker-{n}.log" for n in range(len(commands))]
    with contextlib.ExitStack() as files:
        outputs = [files.enter_context(log.open("wb")) for log in logs]
        workers = [
            subprocess.Popen(command, cwd=ROOT, env=environment, stdout=output, stderr=subprocess.STDOUT)
            for command, output in zip(commands, outputs, strict=True)
        ]
        codes = [worker.wait(timeout=300) for worker in workers]
    assert codes == [0, 0], [log.read_text()[-2000:] for log in logs]
    with app.app_context():
        rows = db.session.execute(
            select(Certificate.signature_id, Certificate.standing, Certificate.sha256)
        ).all()
        records = db.session.scalars(select(SignatureRecord)).all()
        tokens = {record.id: signer_token(record) for record in records}
        db.session.remove()
    assert sorted(signature_id for signature_id, _, _ in rows) == sorted(tokens)  # one each, none twice
    assert {standing for _, standing, _ in rows} == {"valid"}
    for signature_id, _, sha256 in rows[:3]:  # the other instance serves the stored file
        status, headers, _ = request(servers[1].port, "GET", f"/s/{tokens[signature_id]}/certificate.pdf")
        assert status == 200 and headers["ETag"] == f'"{sha256}"'
