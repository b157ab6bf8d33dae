"""What operators need: a health check, one structured log line per request, and its latency metric."""

import json
import logging
import time

from flask import Blueprint, g, request
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.middleware.proxy_fix import ProxyFix

from pledge import metrics
from pledge.extensions import db

bp = Blueprint("ops", __name__)
request_log = logging.getLogger("pledge.requests")


@bp.get("/healthz")
def healthz():
    """Answer 200 when the database answers, 503 otherwise (for the load balancer)."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return {"status": "unavailable", "database": "unreachable"}, 503, {"Cache-Control": "no-store"}
    return {"status": "ok", "database": "ok"}, 200, {"Cache-Control": "no-store"}


def _start_timer():
    g.request_started = time.perf_counter()


def _log_request(response):
    """Log the route pattern, never the concrete path: private tokens stay out of logs."""
    started = g.pop("request_started", None)
    if started is None:
        return response
    seconds = time.perf_counter() - started
    route = request.url_rule.rule if request.url_rule else None
    metrics.observe_request(route, request.method, response.status_code, seconds)
    entry = {
        "method": request.method,
        "route": route,
        "endpoint": request.endpoint,
        "status": response.status_code,
        "ms": round(seconds * 1000, 1),
        "bytes": response.calculate_content_length(),
    }
    request_log.info(json.dumps(entry, separators=(",", ":")))
    return response


def register(app):
    app.register_blueprint(bp)
    app.before_request(_start_timer)
    app.after_request(_log_request)
    hops = int(app.config.get("TRUSTED_PROXY_HOPS") or 0)
    if hops:
        # Behind N reverse proxies, trust their X-Forwarded-* headers and no more.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_prefix=hops)
    if not app.debug and not app.testing and not request_log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        request_log.addHandler(handler)
        request_log.setLevel(logging.INFO)
        request_log.propagate = False
