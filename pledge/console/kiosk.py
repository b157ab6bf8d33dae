"""Ceremony mode: signers sign one after another on the organiser's tablet."""

from flask import abort, flash, g, make_response, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from pledge import signing
from pledge.console import bp
from pledge.console.access import KIOSK_SESSION_KEY, actor, event_or_404
from pledge.console.forms import KioskExitForm
from pledge.extensions import db
from pledge.models import record_audit
from pledge.public.forms import sign_form_for

KIOSK_ENDPOINT = "console.kiosk"


@bp.url_value_preprocessor
def mark_kiosk(endpoint, values):
    """Flag kiosk requests before any before_request hook runs (the rate limiter reads g.kiosk)."""
    if endpoint == KIOSK_ENDPOINT:
        g.kiosk = True
        g.rate_limit_exempt = True  # a whole venue signs from this one tablet


@bp.route("/events/<int:event_id>/kiosk", methods=["GET", "POST"])
def kiosk(event_id):
    """The sign form for the venue's tablet.

    After each signature the browser is sent (POST-redirect-GET) to a clean form, the
    fields ask for no autofill and nothing is cached, so nothing of a signer is left
    for the next one. `g.kiosk` lets the per-address rate limit exempt the venue.
    """
    event = event_or_404(event_id)
    if session.get(KIOSK_SESSION_KEY) != event.id:
        session[KIOSK_SESSION_KEY] = event.id
        record_audit(actor(), "kiosk.start", event=event)
        db.session.commit()
    refusal = event.refusal()
    form = sign_form_for(event)
    status = 200
    if refusal is None and form.validate_on_submit():
        try:
            form.store()
        except signing.AlreadySigned:
            status = 409
        except signing.SigningRefused as refused:
            refusal = refused.reason
        except signing.StaleDocuments:
            abort(409)
        else:
            flash(_("Thank you! The signature is saved. The next person can sign now."), "kiosk")
            return redirect(url_for(".kiosk", event_id=event.id), 303)
    elif form.is_submitted():
        status = 422
    return make_response(
        render_template(
            "console/kiosk.html",
            event=event,
            form=form,
            refusal=refusal,
            kiosk=True,
            action=url_for(".kiosk", event_id=event.id),
        ),
        403 if refusal else status,
    )


@bp.route("/events/<int:event_id>/kiosk/exit", methods=["GET", "POST"])
def kiosk_exit(event_id):
    """Leave ceremony mode: the organiser types their password again."""
    event = event_or_404(event_id)
    form = KioskExitForm()
    if form.validate_on_submit():
        if current_user.check_password(form.password.data):
            session.pop(KIOSK_SESSION_KEY, None)
            record_audit(actor(), "kiosk.stop", event=event)
            db.session.commit()
            return redirect(url_for(".event", event_id=event.id), 303)
        form.password.errors = [_("Wrong password.")]
    return render_template("console/kiosk_exit.html", event=event, form=form), 422 if form.errors else 200
