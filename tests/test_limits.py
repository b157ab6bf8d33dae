"""The rate limits when their store fails, and their cost in threads.

A Redis that refuses or stops answering must not stop a ceremony: the limits are then
counted in each process, one warning is logged per outage, and the shared counts come
back when Redis does. Counting in memory starts no thread per request.
"""

import logging
import threading
import time

import pytest
from limits.storage import MemoryStorage

from pledge import limits
from pledge.extensions import limiter
from tests.builders import make_event
from tests.conftest import make_app, opened
from tests.reliability.harness import RedisServer, free_port
from tests.test_abuse import TOO_MANY, post_sign, stored

UNREACHABLE = "Rate limit storage unreachable"
RECOVERED = "Rate limit storage recovered"


def limited(tmp_path, storage_uri):
    return make_app(
        tmp_path,
        WTF_CSRF_ENABLED=False,
        RATELIMIT_STORAGE_URI=storage_uri,
        SIGN_RATE_LIMIT="3 per minute",
    )


def limiter_messages(caplog, text):
    return [r for r in caplog.records if r.name == "flask-limiter" and text in r.getMessage()]


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


def test_a_redis_nobody_listens_on_lets_everyone_sign_counted_in_memory_with_one_warning(tmp_path, caplog):
    app = limited(tmp_path, f"redis://127.0.0.1:{free_port()}/11")
    for _ in opened(app):
        event = make_event()
        client = app.test_client()
        with caplog.at_level(logging.INFO, logger="flask-limiter"):
            statuses = [post_sign(client, event, n).status_code for n in range(3)]
            refused = post_sign(client, event, 3)
            pages = {
                client.get(path).status_code for path in ("/", f"/e/{event.slug}", f"/e/{event.slug}/sign")
            }
        assert statuses == [303, 303, 303]
        assert refused.status_code == 429 and TOO_MANY in refused.text
        assert int(refused.headers["Retry-After"]) > 0
        assert pages == {200}
        assert stored() == 3
        assert len(limiter_messages(caplog, UNREACHABLE)) == 1
        assert all(r.levelno == logging.WARNING for r in limiter_messages(caplog, UNREACHABLE))


def test_redis_stopped_then_started_again_degrades_then_shares_the_counts_again(
    tmp_path, redis_server, caplog
):
    app = limited(tmp_path, redis_server.uri)
    for _ in opened(app):
        event = make_event()
        client = app.test_client()
        assert post_sign(client, event, 0).status_code == 303
        assert redis_server.keys(), "the first count went to Redis"

        redis_server.stop()
        with caplog.at_level(logging.INFO, logger="flask-limiter"):
            during = [post_sign(client, event, n).status_code for n in (1, 2)]
            assert during == [303, 303]
            assert len(limiter_messages(caplog, UNREACHABLE)) == 1

            redis_server.start()  # empty: the counts made in the gap stayed in memory
            deadline = time.monotonic() + 40
            while not limiter_messages(caplog, RECOVERED) and time.monotonic() < deadline:
                client.get("/")
                time.sleep(0.25)
        assert limiter_messages(caplog, RECOVERED), "the limiter never went back to Redis"
        assert post_sign(client, event, 3).status_code == 303
        assert redis_server.keys(), "counting resumed in Redis (it came back empty)"
        assert len(limiter_messages(caplog, UNREACHABLE)) == 1
        assert stored() == 4


def test_a_redis_that_stops_answering_costs_a_signer_half_a_second_not_a_hang(tmp_path, redis_server):
    app = limited(tmp_path, redis_server.uri)
    for _ in opened(app):
        event = make_event()
        client = app.test_client()
        assert post_sign(client, event, 0).status_code == 303
        redis_server.process.send_signal(19)  # SIGSTOP: the port accepts, nothing answers
        try:
            started = time.monotonic()
            assert post_sign(client, event, 1).status_code == 303
            assert time.monotonic() - started < 5 * limits.REDIS_TIMEOUT_S + 2
        finally:
            redis_server.process.send_signal(18)  # SIGCONT


class ThreadStarts:
    """Count the threads started while it is installed."""

    def __init__(self, monkeypatch):
        self.count = 0
        original = threading.Thread.start

        def counting(thread):
            self.count += 1
            return original(thread)

        monkeypatch.setattr(threading.Thread, "start", counting)


def test_counting_in_memory_starts_no_thread_per_request(tmp_path, monkeypatch):
    app = make_app(
        tmp_path,
        WTF_CSRF_ENABLED=False,
        RATELIMIT_STORAGE_URI="memory://",
        VERIFY_RATE_LIMIT="1000 per minute",
    )
    for _ in opened(app):
        assert isinstance(limiter.storage, limits.SweptMemoryStorage)
        client = app.test_client()
        starts = ThreadStarts(monkeypatch)
        statuses = {client.post("/verify", data={"number": f"X{n}"}).status_code for n in range(50)}
        assert 429 not in statuses and 500 not in statuses
        assert limiter.storage.storage, "the requests were counted"
        assert starts.count == 0

        # The same count with limits' own MemoryStorage starts threads: the counter sees them.
        plain = MemoryStorage()
        for n in range(50):
            plain.incr(f"key-{n}", 60)
            time.sleep(0.012)
        assert starts.count > 10


def test_the_fallback_counts_in_swept_memory_too(tmp_path):
    app = limited(tmp_path, f"redis://127.0.0.1:{free_port()}/11")
    for _ in opened(app):
        assert isinstance(limiter._fallback_storage, limits.SweptMemoryStorage)


def test_expired_counts_are_swept_in_line(monkeypatch):
    storage = limits.SweptMemoryStorage()
    storage.incr("old", 60)
    storage.expirations["old"] = time.time() - 1
    storage.incr("new", 60)
    assert "old" in storage.storage, "not swept before the interval"
    monkeypatch.setattr(storage, "swept_at", time.monotonic() - limits.SWEEP_INTERVAL_S)
    storage.incr("new", 60)
    assert "old" not in storage.storage and storage.get("new") == 2


def test_limits_switched_off_leave_the_app_working_without_any_limit(tmp_path):
    """RATELIMIT_ENABLED=False (a load test, an operator's choice) gives no storage to swap."""
    app = make_app(tmp_path, WTF_CSRF_ENABLED=False, RATELIMIT_ENABLED=False, SIGN_RATE_LIMIT="1 per minute")
    for _ in opened(app):
        event = make_event()
        client = app.test_client()
        assert [post_sign(client, event, n).status_code for n in range(3)] == [303, 303, 303]
        assert stored() == 3
