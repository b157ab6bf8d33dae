"""Sending the sign form: one path for the public form, the invitations and the kiosk.

Each blueprint shows its own pages; what a sent form means (validated, stored, refused,
and how a stored signature is answered) is decided here once.
"""

from dataclasses import dataclass

from flask import abort, jsonify, redirect, request

from pledge import transitions


@dataclass(frozen=True)
class Submission:
    """What became of a sent (or only shown) sign form.

    `outcome` is set when a signature was stored (or a resubmission recognised);
    otherwise `status` is the status to show the form again with (200 when nothing was
    sent, 422 with messages beside the fields, 409 when the number signed already),
    `refusal` the event's reason when it no longer accepts signatures, and `seat_taken`
    says that the invitation was used by another signature meanwhile.
    """

    outcome: transitions.Outcome | None = None
    status: int = 200
    refusal: str | None = None
    seat_taken: bool = False


def submit(form, seat=None):
    """Validate a sent form and store it (SignForm.store); return the Submission.

    Texts changed while the signer read them: abort with 409 and its readable page.
    """
    if not form.validate_on_submit():
        return Submission(status=422 if form.is_submitted() else 200)
    try:
        return Submission(outcome=form.store(seat=seat))
    except transitions.SeatTaken:
        return Submission(seat_taken=True, status=410)
    except transitions.AlreadySigned:
        return Submission(status=409)
    except transitions.SigningRefused as refused:
        return Submission(refusal=refused.reason, status=403)
    except transitions.StaleDocuments:
        abort(409)


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
