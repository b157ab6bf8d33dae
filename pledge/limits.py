"""Rate limits: stop a script hammering the sign form or the login, not a full hall.

The limiter (pledge.extensions.limiter) counts per client address, in memory by
default or in Redis when RATELIMIT_STORAGE_URI is set (share it between gunicorn
workers in production: each worker counts alone in memory).

Why these numbers: at a signing ceremony a hall of several hundred people shares one
Wi-Fi address. If 300 sign within five minutes and a few send the form twice after a
mistake, that is about 70 sends a minute from one address; SIGN_RATE_LIMIT allows 120
a minute and 1,200 an hour. A script sending thousands is stopped within a minute.
Only sending the form counts; reading the texts and the form is never limited.

Asking for a recovery code is limited twice: per address (RECOVERY_RATE_LIMIT) and per
phone number typed (RECOVERY_NUMBER_RATE_LIMIT, a few an hour). The number's limit
counts every number alike, signed or not, so being refused tells nothing; its key
is a keyed hash, so the limiter's storage holds no phone number. Each limit names
itself in its error_message ("address", "number"), which the view turns into its
own refusal.

Checking an uploaded PDF at /verify costs CPU (a crafted file can take a second):
VERIFY_RATE_LIMIT bounds it per address.

The kiosk (the ceremony tablet, where a whole venue signs) carries no limit: it is a
console page, behind an organiser's login. Nothing here configures the limiter when
imported: `register(app)` does, from the factory.

A rate-limit store is a convenience; losing it must not stop a ceremony. When Redis
does not answer (refused, or silent past REDIS_TIMEOUT_S), Flask-Limiter's in-memory
fallback counts the same limits in each process, logs one warning per outage
("Rate limit storage unreachable"), pings Redis again after 1, 2, 4 … 32 seconds and
goes back to the shared counts when it answers ("Rate limit storage recovered").
Counting in memory (the default `memory://`, and the fallback) uses SweptMemoryStorage:
limits' MemoryStorage starts a threading.Timer after nearly every count to expire old
keys, one thread per request; this one sweeps in the request instead, at most once
every SWEEP_INTERVAL_S.
"""

import logging
import time

from flask import current_app, request
from flask.logging import default_handler
from limits.storage import MemoryStorage
from limits.strategies import STRATEGIES

from pledge import phones
from pledge.extensions import limiter
from pledge.text import clean_line


def _sign_limit():
    return current_app.config["SIGN_RATE_LIMIT"]


def _login_limit():
    return current_app.config["LOGIN_RATE_LIMIT"]


def _verify_limit():
    return current_app.config["VERIFY_RATE_LIMIT"]


def _recovery_limit():
    return current_app.config["RECOVERY_RATE_LIMIT"]


def _recovery_number_limit():
    return current_app.config["RECOVERY_NUMBER_RATE_LIMIT"]


def _number_sent():
    """The phone number sent in the form, in E.164, or None when it is not one.

    Read as the form reads it (clean_line first): a control or invisible character in
    the number must not make it another number, or none, to the limit.
    """
    try:
        return phones.e164(clean_line(request.form.get("phone")) or "")
    except ValueError:
        return None


def _number_key():
    """The phone number sent, as a keyed hash."""
    return phones.digest(_number_sent(), "recovery-limit")


# Decorators for views: only POST counts, so reading a page is never refused.
sign_limit = limiter.limit(_sign_limit, methods=["POST"])
login_limit = limiter.limit(_login_limit, methods=["POST"])
verify_limit = limiter.limit(_verify_limit, methods=["POST"])
recovery_limit = limiter.limit(_recovery_limit, methods=["POST"], error_message="address")
# A number that is not one is refused by the form; it does not count against a number.
recovery_number_limit = limiter.limit(
    _recovery_number_limit,
    key_func=_number_key,
    methods=["POST"],
    error_message="number",
    exempt_when=lambda: _number_sent() is None,
)


def _retry_after(response):
    """Tell a refused client when to try again (and only a refused one)."""
    if response.status_code == 429 and "Retry-After" not in response.headers:
        current = limiter.current_limit
        wait = int(current.reset_at - time.time()) if current else 60
        response.headers["Retry-After"] = str(max(wait, 1))
    return response


# How long a request waits for Redis before counting in memory instead.
REDIS_TIMEOUT_S = 0.5
SWEEP_INTERVAL_S = 10.0


class SweptMemoryStorage(MemoryStorage):
    """limits' MemoryStorage without a Timer thread per count: expired keys are swept in line.

    MemoryStorage calls its private `__schedule_expiry` after each count, which starts a
    new `threading.Timer` whenever the last one has fired (0.01 s later): under load, a
    thread per request. Counts are checked against their expiry when read either way;
    the sweep only frees keys nobody reads again, so doing it every few seconds is enough.
    """

    def __init__(self, uri=None, wrap_exceptions=False, **options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.swept_at = time.monotonic()

    def _MemoryStorage__schedule_expiry(self):  # noqa: N802 (the parent's private name, overridden)
        now = time.monotonic()
        if now - self.swept_at >= SWEEP_INTERVAL_S:
            self.swept_at = now
            self._MemoryStorage__expire_events()


def _count_in_swept_memory(limiter):
    """Swap the limiter's MemoryStorage (its store for memory://, and its fallback) for SweptMemoryStorage.

    Flask-Limiter creates both in init_app with no way to name another class; this
    replaces them and the strategy objects built on them. It also forgets an outage seen
    by an earlier app of this process (the limiter object outlives an app in tests).
    """
    if not limiter.enabled:  # RATELIMIT_ENABLED=False: init_app made no storage at all
        return
    strategy = STRATEGIES[limiter._strategy]
    if type(limiter._storage) is MemoryStorage:
        limiter._storage = SweptMemoryStorage()
        limiter._limiter = strategy(limiter._storage)
    if limiter._fallback_limiter is not None:
        limiter._fallback_storage = SweptMemoryStorage()
        limiter._fallback_limiter = strategy(limiter._fallback_storage)
    limiter._storage_dead = False


def register(app):
    """Attach the limiter: fall back to memory when Redis is down, Retry-After on each 429."""
    app.config.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)
    if app.config.get("RATELIMIT_STORAGE_URI", "").startswith("redis"):
        # Without timeouts a Redis that stops answering (not refusing) hangs every signer.
        app.config.setdefault(
            "RATELIMIT_STORAGE_OPTIONS",
            {"socket_connect_timeout": REDIS_TIMEOUT_S, "socket_timeout": REDIS_TIMEOUT_S},
        )
    limiter.init_app(app)
    _count_in_swept_memory(limiter)
    _log_outages_beside_the_app()
    app.after_request(_retry_after)


def _log_outages_beside_the_app():
    """Send Flask-Limiter's warnings where the app's go (stderr), unless logging is configured.

    Its logger has only a NullHandler: without this, "Rate limit storage unreachable"
    would be swallowed.
    """
    log = logging.getLogger("flask-limiter")
    if not logging.getLogger().handlers and default_handler not in log.handlers:
        log.addHandler(default_handler)
