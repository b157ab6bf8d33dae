"""Ceremony mode: signers sign one after another on the organiser's tablet."""

import math

from flask import make_response, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from pledge import recovery, submission, transitions
from pledge.console.access import KIOSK_SESSION_KEY, actor, event_or_404
from pledge.console.blueprint import bp
from pledge.console.forms import KioskExitForm
from pledge.extensions import db
from pledge.models import SignatureRecord
from pledge.models.accounts import LoginRefused, check_kiosk_exit
from pledge.sign_form import sign_form_for
from pledge.tokens import signer_token

# The record just signed at the tablet, until its done screen has been shown once.
KIOSK_DONE_KEY = "kiosk_done"
# The done screen goes back to a clean form by itself after this many seconds.
DONE_SECONDS = 60


@bp.route("/events/<int:event_id>/kiosk", methods=["GET", "POST"])
def kiosk(event_id):
    """The sign form for the venue's tablet.

    After each signature the browser is sent (POST-redirect-GET) to the done screen,
    then to a clean form; the fields ask for no autofill and nothing is cached, so
    nothing of a signer is left for the next one. No rate limit applies: a whole venue
    signs on this one tablet, behind the organiser's login.
    """
    event = event_or_404(event_id)
    if session.get(KIOSK_SESSION_KEY) != event.id:
        # Not a kiosk yet: the organiser opens it with a POST (kiosk_start), never a link.
        return render_template("console/kiosk_start.html", event=event)
    refusal = event.refusal()
    form, status = None, 200
    if refusal is None:
        sent = submission.submit(event)
        if sent.bot:
            return redirect(url_for(".kiosk", event_id=event.id), 303)
        form, refusal, status = sent.form, sent.refusal, sent.status
        if sent.outcome is not None:
            # A resubmission (the sign script posts again) was texted by the first one.
            session[KIOSK_DONE_KEY] = {"record": sent.outcome.record_id, "sent": sent.texted}
            return submission.signed_answer(url_for(".kiosk_done", event_id=event.id), sent.outcome)
    return make_response(
        render_template(
            "console/kiosk.html",
            event=event,
            form=form or sign_form_for(event),
            refusal=refusal,
            kiosk=True,
            action=url_for(".kiosk", event_id=event.id),
        ),
        403 if refusal else status,
    )


@bp.post("/events/<int:event_id>/kiosk/start")
def kiosk_start(event_id):
    """Turn this browser into the event's kiosk (audited), then show the sign form.

    A POST with the CSRF token: a link from another site, which the session cookie's
    SameSite=Lax lets through on a GET, cannot lock an organiser's console in a kiosk.
    """
    event = event_or_404(event_id)
    if session.get(KIOSK_SESSION_KEY) != event.id:
        session[KIOSK_SESSION_KEY] = event.id
        transitions.note(event, actor(), "kiosk.start")
    return redirect(url_for(".kiosk", event_id=event.id), 303)


@bp.get("/events/<int:event_id>/kiosk/done")
def kiosk_done(event_id):
    """The signer's certificate number and a QR code of their private page, shown once.

    The record is popped from the session: a reload or the back button finds nothing
    and lands on a clean form. The screen goes back to the form by itself after
    DONE_SECONDS (static/js/kiosk-done.js: the CSP allows no inline script, and a meta
    refresh could not be extended by someone who needs more time).
    """
    event = event_or_404(event_id)
    done = session.pop(KIOSK_DONE_KEY, None)
    record = db.session.get(SignatureRecord, done["record"]) if done else None
    if record is None or record.event_id != event.id:
        return redirect(url_for(".kiosk", event_id=event.id), 303)
    url = recovery.private_url(signer_token(record))
    return render_template(
        "console/kiosk_done.html",
        event=event,
        record=record,
        qr=recovery.qr_image(url),
        sent=done["sent"],
        seconds=DONE_SECONDS,
    )


def _wait(locked_for):
    """Return (seconds, minutes) of a lock, rounded up, so that Retry-After and the page agree."""
    seconds = max(1, math.ceil(locked_for.total_seconds()))
    return seconds, math.ceil(seconds / 60)


@bp.route("/events/<int:event_id>/kiosk/exit", methods=["GET", "POST"])
def kiosk_exit(event_id):
    """Leave ceremony mode: the organiser types their password again.

    Five wrong passwords close the exit for a while (pledge.models.accounts.check_kiosk_exit);
    each refusal is audited.
    """
    event = event_or_404(event_id)
    form = KioskExitForm()
    status, headers = 200, {}
    if form.validate_on_submit():
        try:
            check_kiosk_exit(current_user, form.password.data)
        except LoginRefused as refused:
            transitions.note(
                event, actor(), "kiosk.exit_refused", detail={"locked": bool(refused.locked_for)}
            )
            if refused.locked_for:
                seconds, minutes = _wait(refused.locked_for)
                form.password.errors = [
                    _(
                        "Too many wrong passwords. The kiosk can be left again in %(minutes)d minutes.",
                        minutes=minutes,
                    )
                ]
                status, headers = 429, {"Retry-After": str(seconds)}
            else:
                form.password.errors = [_("Wrong password.")]
                status = 422
        else:
            session.pop(KIOSK_SESSION_KEY, None)
            transitions.note(event, actor(), "kiosk.stop")
            return redirect(url_for(".event", event_id=event.id), 303)
    elif form.is_submitted():
        status = 422
    return render_template("console/kiosk_exit.html", event=event, form=form), status, headers
