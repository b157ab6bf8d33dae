"""Metrics through gunicorn with 2 workers: one scrape adds up every worker, a dead one's counts stay.

gunicorn.conf.py puts prometheus_client in multiprocess mode; here the folder is the
test's own, so the test can see that both workers wrote to it.
"""

import re
import time

import redis
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import func, select

from pledge.extensions import db
from pledge.models import SignatureRecord
from tests.builders import make_event
from tests.conftest import TEST_QUEUE_URL as QUEUE_URL
from tests.conftest import make_app, reset_database
from tests.reliability.harness import Server, crowd, request

TOKEN = "rahasia-pemantauan-gunicorn"
SIGNERS = 16


def scrape(port):
    status, _, text = request(port, "GET", "/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert status == 200
    samples = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            samples[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return samples


def posts_answered(samples, status):
    name = "pledge_request_duration_seconds_count"
    labels = frozenset({"route": "/e/<slug>/sign", "method": "POST", "status": status}.items())
    return samples.get((name, labels), 0)


def test_one_scrape_adds_up_both_workers_and_a_killed_worker_keeps_its_counts(tmp_path):
    redis.Redis.from_url(QUEUE_URL).flushdb()
    database_url = f"sqlite:///{tmp_path / 'metrics.db'}"
    app = make_app(tmp_path, SQLALCHEMY_DATABASE_URI=database_url)
    reset_database(app)
    with app.app_context():
        slug = make_event(slug="deklarasi-terukur").slug
        db.session.remove()
    folder = tmp_path / "metrics"
    folder.mkdir()
    server = Server(
        database_url,
        workers=2,
        log_path=tmp_path / "gunicorn.log",
        METRICS_TOKEN=TOKEN,
        QUEUE_URL=QUEUE_URL,
        PROMETHEUS_MULTIPROC_DIR=str(folder),
    )
    try:
        server.wait_ready()
        assert request(server.port, "GET", "/metrics")[0] == 401
        outcomes = crowd(server.port, slug, SIGNERS, concurrency=4)
        accepted = sum(1 for outcome in outcomes if outcome.status == 303)
        with app.app_context():
            stored = db.session.scalar(select(func.count()).select_from(SignatureRecord))
            db.session.remove()
        assert accepted == stored == SIGNERS
        writers = {re.search(r"_(\d+)\.db$", path.name).group(1) for path in folder.glob("counter_*.db")}
        assert len(writers) == 2  # both workers counted signatures or requests
        for _ in range(4):  # whichever worker answers, it answers for both
            samples = scrape(server.port)
            assert samples[("pledge_signatures_stored_total", frozenset())] == SIGNERS
            assert posts_answered(samples, "303") == SIGNERS
            assert samples[("pledge_certificate_queue_jobs", frozenset({("state", "queued")}))] == SIGNERS
        killed = server.kill_a_worker()
        deadline = time.monotonic() + 30
        while (
            len(server.worker_pids()) < 2 or killed in server.worker_pids()
        ) and time.monotonic() < deadline:
            time.sleep(0.2)
        samples = scrape(server.port)
        assert samples[("pledge_signatures_stored_total", frozenset())] == SIGNERS
        assert posts_answered(samples, "303") == SIGNERS
    finally:
        server.stop()
        with app.app_context():
            db.engine.dispose()
