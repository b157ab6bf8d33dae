"""Sending the sign form: one path for the public form, the invitations and the kiosk.

Each blueprint shows its own pages; what a sent form means (validated, stored, refused,
and how a stored signature is answered) is decided here once.
"""

from dataclasses import dataclass

from flask import abort, jsonify, redirect, request

from pledge import messaging, sign_form, transitions
from pledge.sign_form import SignForm, sign_form_for


@dataclass(frozen=True)
class Submission:
    """What became of a sent (or only shown) sign form.

    `outcome` is set when a signature was stored (or a resubmission recognised), and
    `texted` says whether the signer's private link went to their number. Otherwise
    `form` is the SignForm to show (again) with `status` (200 when nothing was sent, 422
    with messages beside the fields, 409 when the number signed already); `refusal` is
    the event's reason when it no longer accepts signatures, `seat_taken` says that the
    invitation was used by another signature meanwhile, and `bot` that the hidden trap
    field was filled.
    """

    outcome: transitions.Outcome | None = None
    texted: bool = False
    form: SignForm | None = None
    status: int = 200
    refusal: str | None = None
    seat_taken: bool = False
    bot: bool = False


def submit(event, seat=None, prefill=None):
    """Read a sent sign form of `event` (sign_form.read) and store it; return the Submission.

    A request that sends nothing gets the form to fill in, with `prefill` (an
    invitation's seat). A form in order is stored without building a form object;
    one to correct is built with its messages. Texts changed while the signer read
    them: abort with 409 and its readable page.
    """
    if request.method != "POST":
        return Submission(form=sign_form_for(event, data=prefill))
    reading = sign_form.read(event, request.form)
    if reading.bot:
        return Submission(bot=True)
    if reading.errors:
        return Submission(form=_shown_again(event, prefill, reading.errors), status=422)
    try:
        outcome = sign_form.store(event, reading, seat=seat)
    except transitions.SeatTaken:
        return Submission(seat_taken=True, status=410)
    except transitions.AlreadySigned:
        errors = {"phone": sign_form.already_signed_message()}
        return Submission(form=_shown_again(event, prefill, errors), status=409)
    except transitions.SigningRefused as refused:
        return Submission(refusal=refused.reason, status=403)
    except transitions.StaleDocuments:
        abort(409)
    return Submission(outcome=outcome, texted=bool(messaging.channel() and reading.signer.phone))


def _shown_again(event, prefill, errors):
    form = sign_form_for(event, data=prefill)
    form.show_errors(errors)
    return form


def script_asks_for_json():
    """Whether the request prefers JSON to HTML, as the sign script's does (a browser's form never)."""
    return request.accept_mimetypes.best_match(("text/html", "application/json")) == "application/json"


def signed_answer(location, outcome):
    """Answer a stored signature: a 303 to `location`, or for the sign script its address and number.

    The script shows the certificate number at once and then opens `location` itself,
    so the page there is loaded once, as a page of its own.
    """
    if not script_asks_for_json():
        return redirect(location, 303)
    answer = jsonify(location=location, certificate_number=outcome.certificate_label)
    answer.headers["Cache-Control"] = "private, no-store"  # the address may open the signer's details
    return answer
