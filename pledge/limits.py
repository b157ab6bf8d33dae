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

A kiosk (the ceremony tablet) is exempt: register a predicate with `exempt_when`, or
set `g.rate_limit_exempt = True` before the view runs (a blueprint `before_request`
is early enough: route limits are checked when the view is called).
"""

import time

from flask import current_app, g, request

from pledge import phones
from pledge.extensions import limiter

_exemptions = []


def exempt_when(predicate):
    """Register `predicate()` -> bool; a request for which it is true is never limited."""
    _exemptions.append(predicate)
    return predicate


def is_exempt():
    return bool(g.get("rate_limit_exempt")) or any(predicate() for predicate in _exemptions)


def _sign_limit():
    return current_app.config["SIGN_RATE_LIMIT"]


def _login_limit():
    return current_app.config["LOGIN_RATE_LIMIT"]


def _recovery_limit():
    return current_app.config["RECOVERY_RATE_LIMIT"]


def _recovery_number_limit():
    return current_app.config["RECOVERY_NUMBER_RATE_LIMIT"]


def _number_sent():
    """The phone number sent in the form, in E.164, or None when it is not one."""
    try:
        return phones.e164(request.form.get("phone", ""))
    except ValueError:
        return None


def _number_key():
    """The phone number sent, as a keyed hash."""
    return phones.digest(_number_sent(), "recovery-limit")


# Decorators for views: only POST counts, so reading a page is never refused.
sign_limit = limiter.limit(_sign_limit, methods=["POST"])
login_limit = limiter.limit(_login_limit, methods=["POST"])
recovery_limit = limiter.limit(_recovery_limit, methods=["POST"], error_message="address")
# A number that is not one is refused by the form; it does not count against a number.
recovery_number_limit = limiter.limit(
    _recovery_number_limit,
    key_func=_number_key,
    methods=["POST"],
    error_message="number",
    exempt_when=lambda: _number_sent() is None,
)


limiter.request_filter(is_exempt)


def _retry_after(response):
    """Tell a refused client when to try again (and only a refused one)."""
    if response.status_code == 429 and "Retry-After" not in response.headers:
        current = limiter.current_limit
        wait = int(current.reset_at - time.time()) if current else 60
        response.headers["Retry-After"] = str(max(wait, 1))
    return response


def register(app):
    limiter.init_app(app)
    app.after_request(_retry_after)
