"""Redis fails while a crowd signs through gunicorn: every signer is accepted, limits counted per worker.

One drill points the portal at a port nobody listens on; the other stops the Redis it
uses once a third of the crowd has signed, and starts it again (empty) two seconds later.
"""

import time

from tests.drills.ledger import check_signers
from tests.reliability.harness import RedisServer, crowd, free_port, serving

SIGNERS = 90
CONCURRENCY = 15
SLUG = "deklarasi-tanpa-redis"
LIMIT = "100000 per minute"  # no crowd reaches it: the drill is about the store, not the limit


def test_a_redis_nobody_listens_on_refuses_no_signer(tmp_path):
    url = f"sqlite:///{tmp_path / 'pledge.db'}"
    redis_uri = f"redis://127.0.0.1:{free_port()}/11"
    with serving(url, tmp_path, SLUG, RATELIMIT_STORAGE_URI=redis_uri, SIGN_RATE_LIMIT=LIMIT) as (
        server,
        app,
    ):
        outcomes = crowd(server.port, SLUG, SIGNERS, CONCURRENCY)
        row = check_signers(app, SLUG, "redis: nobody listening", outcomes)
        log = (tmp_path / "gunicorn.log").read_text()
    assert row.accepted == SIGNERS and row.unavailable == 0, row
    # One warning per worker (each counts alone), not one per request.
    assert 1 <= log.count("Rate limit storage unreachable") <= server.workers


def test_redis_stopped_mid_load_and_started_again_refuses_no_signer(tmp_path):
    redis_server = RedisServer(tmp_path)
    redis_server.start()
    url = f"sqlite:///{tmp_path / 'pledge.db'}"
    try:
        with serving(url, tmp_path, SLUG, RATELIMIT_STORAGE_URI=redis_server.uri, SIGN_RATE_LIMIT=LIMIT) as (
            server,
            app,
        ):

            def outage():
                redis_server.stop()
                time.sleep(2)
                redis_server.start()

            outcomes = crowd(server.port, SLUG, SIGNERS, CONCURRENCY, during=outage)
            row = check_signers(app, SLUG, "redis: stopped mid-load, back after 2 s", outcomes)
            log = (tmp_path / "gunicorn.log").read_text()
    finally:
        redis_server.stop()
    assert row.accepted == SIGNERS and row.unavailable == 0, row
    assert 1 <= log.count("Rate limit storage unreachable") <= server.workers
