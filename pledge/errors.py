"""Error pages: a readable page in the person's language, never a traceback."""

import contextlib

from flask import render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException, SecurityError

MESSAGES = {
    400: (_l("The request could not be understood"), _l("Please go back and try again.")),
    403: (_l("Not allowed"), _l("You are not allowed to open this page.")),
    404: (_l("Page not found"), _l("The page you are looking for does not exist or has been moved.")),
    405: (_l("Not allowed"), _l("This page cannot be used in that way.")),
    409: (
        _l("The texts have changed"),
        _l("The texts of this declaration changed while you were reading. Please open the form again."),
    ),
    410: (
        _l("No longer available"),
        _l("This was removed, at the signer's request or because its time ran out."),
    ),
    413: (
        _l("Too much data"),
        _l(
            "What you sent is larger than the portal accepts. If you drew a signature, please draw it smaller or type it."
        ),
    ),
    429: (_l("Too many attempts"), _l("Please wait a moment and try again.")),
    500: (
        _l("Something went wrong"),
        _l("The portal hit an error. Nothing you sent was stored half-way; please try again in a moment."),
    ),
    503: (
        _l("The portal is busy"),
        _l("The portal cannot reach its database right now. Please try again in a minute."),
    ),
}


def render_error(code, title=None, message=None, headers=None):
    default_title, default_message = MESSAGES.get(code, MESSAGES[500])
    body = render_template(
        "errors/error.html",
        code=code,
        title=title or default_title,
        message=message or default_message,
    )
    return body, code, headers or {}


def register(app):
    @app.errorhandler(SecurityError)
    def untrusted_host(error):
        # Raised before the URL adapter exists: no page with links can be made, only text.
        return (
            "Bad Request: this address is not one the portal answers to.\n",
            400,
            {"Content-Type": "text/plain"},
        )

    @app.errorhandler(HTTPException)
    def http_error(error):
        if error.code is None or error.code < 400:
            return error
        # An exception may word its own page (pledge.certificates.seal.SealUnavailable).
        return render_error(
            error.code,
            getattr(error, "title", None),
            getattr(error, "message", None),
            headers=dict(error.get_headers()) if error.code in (405, 429, 503) else None,
        )

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_error(
            400,
            _l("The form expired"),
            _l(
                "For your safety the form is only valid for a while. Please open it again and send it once more."
            ),
        )

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    def database_unavailable(error):
        # Locked past the busy timeout, restarted, its connection terminated, its disk
        # full or read-only: nothing was committed, and the signer's retry is recognised.
        app.logger.warning("database unavailable: %s", error.__class__.__name__)
        from pledge.extensions import db

        with contextlib.suppress(DBAPIError):  # the connection may be gone already
            db.session.rollback()
        return render_error(503, headers={"Retry-After": "5"})

    @app.errorhandler(Exception)
    def unexpected(error):
        app.logger.exception("unhandled error")
        return render_error(500)
