"""Gunicorn settings for production: `gunicorn wsgi:app` reads this file.

Every value can be overridden from the environment: BIND, WEB_CONCURRENCY,
GUNICORN_TIMEOUT. Run `flask db upgrade` before starting (the Makefile's `serve` does).
PUBLIC_BASE_URL must be set: gunicorn is how the portal runs in production.

Metrics (pledge/metrics.py) are kept per worker process in files under
PROMETHEUS_MULTIPROC_DIR, which a scrape of any worker adds up: unless the environment
names one, each gunicorn master makes a fresh, empty folder of its own (prometheus_client
requires an empty one at start) and removes it when it exits.
"""

import os
import shutil
import sys
import tempfile

# Production makes links, QR codes and sealed PDFs with the public address; without it they
# would carry whatever Host header the first request sent. Refuse to start instead.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pledge.config import require_public_base_url  # noqa: E402

try:
    require_public_base_url({"PUBLIC_BASE_URL": os.environ.get("PUBLIC_BASE_URL", "").rstrip("/")})
except ValueError as missing:
    raise SystemExit(f"gunicorn: {missing}") from None

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# A worker that has served this many requests is replaced: a leak cannot grow forever.
# Rarely: a new sync worker takes about 2.5 s to import the app, and meanwhile the other
# workers carry its share (the 10-minute soak's p99 went from 108 ms to 991 ms with a
# replacement every 5,000 requests); worker memory is flat (docs/RELIABILITY.md).
max_requests = 100_000
max_requests_jitter = 10_000
# The app writes one JSON line per request itself (pledge/ops.py); no second access log.
accesslog = None
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# Before any worker imports prometheus_client: it picks its multiprocess mode at import.
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="pledge-metrics-")
    _made_metrics_dir = os.environ["PROMETHEUS_MULTIPROC_DIR"]
else:
    _made_metrics_dir = None


def child_exit(server, worker):
    """Tell prometheus_client a worker is gone: its live values leave the sums, its counts stay."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    if _made_metrics_dir:
        shutil.rmtree(_made_metrics_dir, ignore_errors=True)
