"""Who may open what: every console page needs a login, and an event its membership."""

from flask import abort, redirect, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from pledge.console.blueprint import bp
from pledge.extensions import db
from pledge.models import Event
from pledge.models.accounts import ConsoleSession

PUBLIC_ENDPOINTS = {"console.login"}
# While a browser is a kiosk, only these console pages open in it: a signer at the
# tablet must not reach the console the organiser logged it into, nor log them out
# (POST /admin/logout leads back to the kiosk) and so stop the ceremony.
KIOSK_SESSION_KEY = "kiosk_event"
KIOSK_ENDPOINTS = {"console.kiosk", "console.kiosk_done", "console.kiosk_exit"}


def load_organiser(identity):
    """The organiser of a live console session; a session ended by a logout or a new password is none."""
    return ConsoleSession.load(identity)


def configure_login(manager):
    """Tell Flask-Login where the console logs in and how it finds the organiser (from the factory)."""
    manager.login_view = "console.login"
    manager.login_message = _l("Please log in to open the console.")
    manager.user_loader(load_organiser)


@bp.before_request
def require_login():
    """Send anyone not logged in to the login page, coming back here afterwards."""
    if not (request.endpoint in PUBLIC_ENDPOINTS or current_user.is_authenticated):
        return redirect(url_for("console.login", next=request.full_path.rstrip("?")))
    kiosk_event = session.get(KIOSK_SESSION_KEY)
    if kiosk_event is not None and current_user.is_authenticated:
        # Only this event's kiosk pages; a form sent from elsewhere (log out, say) is
        # answered with the kiosk, not done.
        here = (
            request.endpoint in KIOSK_ENDPOINTS and (request.view_args or {}).get("event_id") == kiosk_event
        )
        if not here:
            status = 302 if request.method == "GET" else 303
            return redirect(url_for("console.kiosk", event_id=kiosk_event), status)
    return None


@bp.after_request
def never_cache(response):
    """Console pages carry personal data: no browser or proxy keeps a copy."""
    response.headers["Cache-Control"] = "no-store"
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    return response


def event_or_404(event_id):
    """Return the event when the organiser may see it; another organiser's event is a 404."""
    event = db.session.get(Event, event_id)
    if event is None or not current_user.can_see(event):
        abort(404)
    return event


def actor():
    """The name audit entries give the logged-in organiser."""
    return current_user.email


def require_admin():
    if not current_user.is_admin:
        abort(404)
