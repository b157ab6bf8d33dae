"""The Prometheus endpoint: refused without its token, latency by route pattern, the domain's counts.

Metrics are process-wide (prometheus_client's registry), so each test compares values
before and after what it does.
"""

import pytest
import redis
from prometheus_client.parser import text_string_to_metric_families

from pledge.tokens import signer_token
from tests.builders import form_data, make_event, make_signature
from tests.conftest import TEST_QUEUE_URL as QUEUE_URL
from tests.conftest import make_app, opened

TOKEN = "rahasia-pemantauan-0123456789"


@pytest.fixture
def metrics_app(tmp_path):
    yield from opened(make_app(tmp_path, WTF_CSRF_ENABLED=False, METRICS_TOKEN=TOKEN))


@pytest.fixture
def metrics_client(metrics_app):
    return metrics_app.test_client()


def scrape(client):
    """Scrape /metrics with the token; return {(name, frozenset(labels)): value} of every sample."""
    answer = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert answer.status_code == 200
    assert answer.headers["Content-Type"].startswith("text/plain; version=")
    samples = {}
    for family in text_string_to_metric_families(answer.text):
        for sample in family.samples:
            samples[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return samples, answer.text


def value(samples, name, **labels):
    return samples.get((name, frozenset(labels.items())), 0.0)


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer salah", f"Basic {TOKEN}", f"Bearer {TOKEN}x", "Bearer"],
    ids=["none", "wrong token", "wrong scheme", "longer token", "empty token"],
)
def test_a_scrape_without_the_token_is_refused(metrics_client, authorization):
    headers = {"Authorization": authorization} if authorization else {}
    answer = metrics_client.get("/metrics", headers=headers)
    assert answer.status_code == 401
    assert answer.text == "A bearer token is required.\n"
    assert answer.headers["WWW-Authenticate"] == 'Bearer realm="metrics"'
    assert "pledge_" not in answer.text


def test_without_a_token_configured_there_is_no_metrics_endpoint(client):
    assert client.get("/metrics", headers={"Authorization": "Bearer anything"}).status_code == 404


def test_latency_is_counted_by_route_pattern_never_by_path(metrics_client):
    event = make_event()
    record = make_signature(event)
    token = signer_token(record)
    before, _ = scrape(metrics_client)
    labels = {"route": "/s/<token>", "method": "GET", "status": "200"}
    for _ in range(2):
        assert metrics_client.get(f"/s/{token}").status_code == 200
    assert metrics_client.get("/no-such-page").status_code == 404
    after, text = scrape(metrics_client)
    count = "pledge_request_duration_seconds_count"
    assert value(after, count, **labels) == value(before, count, **labels) + 2
    assert value(after, "pledge_request_duration_seconds_bucket", le="+Inf", **labels) == value(
        after, count, **labels
    )
    assert value(after, "pledge_request_duration_seconds_sum", **labels) > value(
        before, "pledge_request_duration_seconds_sum", **labels
    )
    unmatched = {"route": "unmatched", "method": "GET", "status": "404"}
    assert value(after, count, **unmatched) == value(before, count, **unmatched) + 1
    assert token not in text and "/no-such-page" not in text  # private tokens stay out


def test_signatures_and_certificates_issued_are_counted(metrics_client):
    event = make_event()
    before, _ = scrape(metrics_client)
    assert metrics_client.post(f"/e/{event.slug}/sign", data=form_data(event)).status_code == 303
    # The same form again (same client key) is a resubmission, not a new signature.
    again = form_data(event, client_key="kunci-1", phone="0812 9999 1111")
    assert metrics_client.post(f"/e/{event.slug}/sign", data=again).status_code == 303
    assert metrics_client.post(f"/e/{event.slug}/sign", data=again).status_code == 303
    record = make_signature(event, phone="+6281299990000")
    assert metrics_client.get(f"/s/{signer_token(record)}/certificate.pdf").status_code == 200
    assert (
        metrics_client.get(f"/s/{signer_token(record)}/certificate.pdf").status_code == 200
    )  # stored: not again
    after, _ = scrape(metrics_client)
    assert (
        value(after, "pledge_signatures_stored_total") == value(before, "pledge_signatures_stored_total") + 3
    )
    issued = {"standing": "valid", "issued_by": "request"}
    assert value(after, "pledge_certificates_issued_total", **issued) == (
        value(before, "pledge_certificates_issued_total", **issued) + 1
    )


def test_the_queue_depth_and_its_failed_jobs_are_read_from_redis(tmp_path):
    redis.Redis.from_url(QUEUE_URL).flushdb()
    app = make_app(tmp_path, WTF_CSRF_ENABLED=False, METRICS_TOKEN=TOKEN, QUEUE_URL=QUEUE_URL)
    for _ in opened(app):
        event = make_event()
        make_signature(event, phone="+6281200000001")
        make_signature(event, phone="+6281200000002")
        samples, _ = scrape(app.test_client())
        assert value(samples, "pledge_certificate_queue_up") == 1
        assert value(samples, "pledge_certificate_queue_jobs", state="queued") == 2
        assert value(samples, "pledge_certificate_queue_jobs", state="failed") == 0


def test_a_scrape_works_while_the_queue_is_down(tmp_path):
    app = make_app(tmp_path, METRICS_TOKEN=TOKEN, QUEUE_URL="redis://127.0.0.1:1/15")
    for _ in opened(app):
        samples, _ = scrape(app.test_client())
        assert value(samples, "pledge_certificate_queue_up") == 0
        assert ("pledge_certificate_queue_jobs", frozenset({("state", "queued")})) not in samples
