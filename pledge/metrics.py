"""Prometheus metrics: request latency by route pattern, signatures, certificates, the queue.

`/metrics` answers in Prometheus' text format to a scraper that sends
`Authorization: Bearer <METRICS_TOKEN>`; without METRICS_TOKEN it does not exist (404),
and a wrong or missing token gets a 401. Latency is labelled with the route pattern
(`/s/<token>`), never the path: private tokens stay out of the metrics as out of the logs.

Under gunicorn each worker is a process of its own: with PROMETHEUS_MULTIPROC_DIR set
(gunicorn.conf.py sets it) prometheus_client keeps each process's values in files there
and a scrape adds them up, so one worker answers for all. The queue's depth and failed
jobs are read from Redis at each scrape, so they are right wherever the workers run.
"""

import hmac
import os

from flask import Blueprint, Response, abort, current_app, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily

bp = Blueprint("metrics", __name__)

REQUEST_SECONDS = Histogram(
    "pledge_request_duration_seconds",
    "Time to answer a request, by route pattern (never the path), method and status.",
    ["route", "method", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
SIGNATURES_STORED = Counter("pledge_signatures_stored", "New signature records committed.")
CERTIFICATES_ISSUED = Counter(
    "pledge_certificates_issued",
    "Certificates rendered, sealed and stored, by standing and by who issued them (queue or request).",
    ["standing", "issued_by"],
)
JOB_FAILURES = Counter(
    "pledge_certificate_job_failures",
    "Certificate jobs that raised (each is retried until its retries run out).",
)
ENQUEUE_FAILURES = Counter(
    "pledge_certificate_enqueue_failures",
    "Certificates not queued because Redis did not answer (issued at their first request instead).",
)


class QueueCollector:
    """The certificate queue read from Redis at scrape time: jobs by state, and whether Redis answers."""

    def __init__(self, app):
        self.app = app

    def collect(self):
        from pledge.certificates.queue import queue_counts

        if not self.app.config.get("QUEUE_URL"):
            return
        counts = queue_counts(self.app)
        up = GaugeMetricFamily("pledge_certificate_queue_up", "1 when the certificate queue's Redis answers.")
        up.add_metric([], 0 if counts is None else 1)
        yield up
        if counts is None:
            return
        jobs = GaugeMetricFamily(
            "pledge_certificate_queue_jobs",
            "Certificate jobs by state: queued (the depth), scheduled (waiting to retry), started, failed.",
            labels=["state"],
        )
        for state, count in counts.items():
            jobs.add_metric([state], count)
        yield jobs


def observe_request(route, method, status, seconds):
    """Count one answered request in the latency histogram (called by pledge.ops)."""
    REQUEST_SECONDS.labels(route=route or "unmatched", method=method, status=str(status)).observe(seconds)


def _authorised():
    token = current_app.config.get("METRICS_TOKEN")
    if not token:
        abort(404)
    sent = request.headers.get("Authorization", "")
    scheme, _, value = sent.partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(value.strip().encode(), token.encode())


@bp.get("/metrics")
def scrape():
    """Answer the metrics to a scraper with the bearer token; 401 without it, 404 when metrics are off."""
    if not _authorised():
        return Response(
            "A bearer token is required.\n",
            401,
            {"WWW-Authenticate": 'Bearer realm="metrics"', "Cache-Control": "no-store"},
            mimetype="text/plain",
        )
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        processes = CollectorRegistry()
        multiprocess.MultiProcessCollector(processes)
        body = generate_latest(processes)
    else:
        body = generate_latest(REGISTRY)
    queue = CollectorRegistry()
    queue.register(QueueCollector(current_app._get_current_object()))
    body += generate_latest(queue)
    return Response(body, 200, {"Content-Type": CONTENT_TYPE_LATEST, "Cache-Control": "no-store"})


def register(app):
    app.register_blueprint(bp)
