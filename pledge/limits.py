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
"""

import time

from flask import current_app, request

from pledge import phones
from pledge.extensions import limiter


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


def register(app):
    limiter.init_app(app)
    app.after_request(_retry_after)
