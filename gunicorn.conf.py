"""Gunicorn settings for production: `gunicorn wsgi:app` reads this file.

Every value can be overridden from the environment: BIND, WEB_CONCURRENCY,
GUNICORN_TIMEOUT. Run `flask db upgrade` before starting (the Makefile's `serve` does).
"""

import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# A worker that has served this many requests is replaced: a leak cannot grow forever.
max_requests = 5000
max_requests_jitter = 500
# The app writes one JSON line per request itself (pledge/ops.py); no second access log.
accesslog = None
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
