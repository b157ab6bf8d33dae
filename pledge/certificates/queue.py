"""Certificates issued off the request: one RQ job per record, on the Redis of QUEUE_URL.

After a signing (or a revocation) commits, `issue_soon` enqueues "store the certificate
of record N in the official language for its standing now" (render, seal, store:
pledge.certificates.store). A worker (`flask pledge worker`, or `rq worker
certificates`) runs the jobs, so the signer's first download is a stored file.

Nothing depends on the queue. Without QUEUE_URL nothing is enqueued and the certificate
is issued at its first request, as it always was; when Redis does not answer, the
outage is logged once, enqueueing pauses for a while (a signer never waits for a dead
Redis), and those certificates too are issued at their first request. A job that
fails is retried (RQ's Retry); the record was committed before the job existed, so a
failure never loses it. Jobs are idempotent: a certificate already stored is served,
never made twice (pledge.certificates.store.certificate_for), an erased record gets
nothing, and a record revoked before its job ran gets its DICABUT certificate only.
"""

import logging
import time

from flask import current_app, has_app_context
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue, Retry

from pledge import metrics
from pledge.reference import OFFICIAL_LANGUAGE

log = logging.getLogger(__name__)

QUEUE_NAME = "certificates"
# A signer must not wait for an unreachable Redis: connecting gives up quickly.
CONNECT_TIMEOUT = 0.5
SOCKET_TIMEOUT = 2.0
# After a failed enqueue, do not try again for this long (the first request issues).
OUTAGE_PAUSE = 30.0
# Rendering and sealing take tens of milliseconds: a job still running after this is stuck.
JOB_TIMEOUT = 120
RESULT_TTL = 600  # seconds a finished job's result stays in Redis
FAILURE_TTL = 7 * 24 * 3600  # a job that failed every retry stays a week for an operator to see

_EXTENSION = "pledge.certificate_queue"


class _QueueState:
    """The app's queue: its Redis connection, made on first use, and whether Redis is out."""

    def __init__(self, url):
        self.url = url
        self._connection = None
        self.down_until = 0.0  # monotonic time before which no enqueue is tried
        self.outage_logged = False

    def connection(self):
        if self._connection is None:
            self._connection = Redis.from_url(
                self.url, socket_connect_timeout=CONNECT_TIMEOUT, socket_timeout=SOCKET_TIMEOUT
            )
        return self._connection


def register(app):
    """Attach the queue named by QUEUE_URL to `app`; nothing without it. Connects to nothing."""
    url = app.config.get("QUEUE_URL")
    if url:
        app.extensions[_EXTENSION] = _QueueState(url)


def _state(app=None):
    app = app or current_app
    return app.extensions.get(_EXTENSION)


def certificate_queue(app=None):
    """Return the RQ Queue of certificates, or None when QUEUE_URL is unset."""
    state = _state(app)
    if state is None:
        return None
    return Queue(QUEUE_NAME, connection=state.connection(), default_timeout=JOB_TIMEOUT)


def issue_soon(record_id, language=OFFICIAL_LANGUAGE):
    """Enqueue the issuing of record `record_id`'s certificate; return whether it was queued.

    Return False, and leave the certificate to its first request, when there is no queue
    or Redis does not answer (logged once per outage). Never raises for Redis.
    """
    state = _state()
    if state is None:
        return False
    if time.monotonic() < state.down_until:
        metrics.ENQUEUE_FAILURES.inc()
        return False
    intervals = current_app.config["QUEUE_RETRY_INTERVALS"]
    try:
        # One pipeline: the job's writes go to Redis in one round trip (RQ's own takes two).
        with state.connection().pipeline() as pipeline:
            certificate_queue().enqueue(
                issue,
                record_id,
                language,
                retry=Retry(max=len(intervals), interval=list(intervals)),
                result_ttl=RESULT_TTL,
                failure_ttl=FAILURE_TTL,
                description=f"certificate of record {record_id} ({language})",
                pipeline=pipeline,
            )
            pipeline.execute()
    except RedisError as error:
        state.down_until = time.monotonic() + OUTAGE_PAUSE
        metrics.ENQUEUE_FAILURES.inc()
        if not state.outage_logged:
            state.outage_logged = True
            log.warning(
                "certificate queue unreachable (%s): certificates are issued at their first request "
                "until it answers again",
                type(error).__name__,
            )
        return False
    if state.outage_logged:
        state.outage_logged = False
        log.warning("certificate queue reachable again: certificates are issued by the workers")
    return True


# --- the job -------------------------------------------------------------------

_process_app = []  # the app a plain `rq worker` process makes for its jobs, once


def _app_for_job():
    """The app a job runs in: the current one (`flask pledge worker`, tests), or one made once."""
    if has_app_context():
        return current_app._get_current_object()
    if not _process_app:
        from pledge import create_app

        _process_app.append(create_app())
    return _process_app[0]


def issue(record_id, language=OFFICIAL_LANGUAGE):
    """The job: store record `record_id`'s certificate in `language` for its standing now.

    Return the stored certificate's SHA-256, or None when there is nothing to issue (the
    record is gone or erased). A certificate already stored is returned as it is. Raise
    ValueError when PUBLIC_BASE_URL is unset, and whatever a render, seal or commit raised;
    each failure is counted, and RQ retries the job.
    """
    from pledge.certificates.store import certificate_for
    from pledge.config import require_public_base_url
    from pledge.models import SignatureRecord

    app = _app_for_job()
    # A context of its own: a fresh database session per job, removed when it ends.
    with app.app_context():
        from pledge.extensions import db

        try:
            # Without the public address the PDF would print "localhost" for ever: fail (and
            # be retried, then left to the first request, which knows its address) instead.
            require_public_base_url(app.config)
            record = db.session.get(SignatureRecord, record_id)
            if record is None or record.is_erased:
                return None
            return certificate_for(record, language, issued_by="queue").sha256
        except Exception:
            metrics.JOB_FAILURES.inc()
            raise


def queue_counts(app=None):
    """Return the certificate queue's jobs by state (queued, scheduled, started, failed), or None.

    None when there is no queue or Redis does not answer (scraping metrics never fails).
    """
    try:
        queue = certificate_queue(app)
        if queue is None:
            return None
        return {
            "queued": queue.count,
            "scheduled": queue.scheduled_job_registry.count,
            "started": queue.started_job_registry.count,
            "failed": queue.failed_job_registry.count,
        }
    except RedisError:
        return None
