"""Public pages: the events, the sign form, the signer's private page."""

import math
import time
from functools import wraps

from flask import (
    Blueprint,
    abort,
    make_response,
    redirect,
    render_template,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_limiter.errors import RateLimitExceeded

from pledge import messaging, national, recovery, regions, roster, strokes, submission
from pledge.certificates.store import certificate_to_download, download_name
from pledge.charts import bars
from pledge.event_cache import attached
from pledge.extensions import limiter
from pledge.i18n import pdf_language
from pledge.limits import recovery_limit, recovery_number_limit, sign_limit
from pledge.lookups import public_event_or_404
from pledge.public.forms import CodeForm, RecoveryForm
from pledge.tokens import record_for_token, signer_token, token_for_key
from pledge.urls import verify_url

bp = Blueprint("public", __name__)


@bp.get("/")
def index():
    """The national front page: declarations by province, and how many regions hold one."""
    summary = national.overview()
    return render_template(
        "public/index.html",
        overview=summary,
        province_bars=bars(
            {item.province.code: item.signatures for item in summary.provinces},
            [item.province.code for item in summary.provinces],
            lambda code: regions.get(code).name,
        ),
        elections=regions.ELECTIONS_2024,
    )


@bp.get("/wilayah/<code>")
def province(code):
    """The declarations of one province: its governor's election and its kabupaten/kota."""
    area = regions.get(code) if len(code) == 2 else None
    if not national.is_province(area):
        abort(404)
    summary = national.overview(province_code=code)
    declarations = summary.provinces[0].declarations if summary.provinces else []
    titles = {declaration.event.slug: declaration.event.title for declaration in declarations}
    return render_template(
        "public/province.html",
        province=area,
        declarations=declarations,
        held=summary.regions_with_a_declaration,
        elected=national.elected_in(area),
        event_bars=bars(
            {declaration.event.slug: declaration.signatures for declaration in declarations},
            list(titles),
            titles.get,
        ),
    )


@bp.get("/e/<slug>")
def event_page(slug):
    event = public_event_or_404(slug)
    return render_template("public/event.html", event=event, refusal=event.refusal())


@bp.route("/e/<slug>/sign", methods=["GET", "POST"])
@sign_limit
def sign(slug):
    # The process's kept event, read only: a signature in order is stored from its id,
    # texts and settings without putting it in the session; a page shown attaches it.
    kept = public_event_or_404(slug, attach=False)
    refusal = kept.refusal()
    if refusal:
        return render_template("public/not_signing.html", event=attached(kept), refusal=refusal), 403
    answer, form, status = _submit(kept)
    if answer is not None:
        return answer
    return render_template("public/sign.html", event=attached(kept), form=form), status


def _submit(event, seat=None, prefill=None):
    """Send the form through the one submission path; return (the answer, None, None) or
    (None, the form to show, its status). `event` may be the kept copy: pages attach it."""
    sent = submission.submit(event, seat=seat, prefill=prefill)
    if sent.bot:
        return render_template("public/received.html", event=attached(event)), None, None
    if sent.seat_taken:
        return _invitation_refused("used"), None, None
    if sent.refusal:
        page = render_template("public/not_signing.html", event=attached(event), refusal=sent.refusal)
        return (page, 403), None, None
    if sent.outcome is None:
        return None, sent.form, sent.status
    location = url_for(".signer_page", token=token_for_key(sent.outcome.access_key))
    return submission.signed_answer(location, sent.outcome), None, None


@bp.route("/i/<token>", methods=["GET", "POST"])
@sign_limit
def invitation(token):
    """A seat's personal invitation: the sign form filled in for the seat.

    Opening the link changes nothing (message scanners open links); the seat is used
    up only by the signature submitted here.
    """
    try:
        seat = roster.seat_for_token(token)
    except roster.InvitationRefused as refused:
        return _invitation_refused(refused.reason, refused.seat)
    event = seat.event
    refusal = event.refusal()
    if refusal:
        return render_template("public/not_signing.html", event=event, refusal=refusal), 403
    prefill = {
        "position": seat.position,
        "institution": seat.institution,
        "category": seat.category,
        "area": seat.area_code or "",
    }
    answer, form, status = _submit(event, seat=seat, prefill=prefill)
    if answer is not None:
        return answer
    action = url_for(".invitation", token=token)
    response = make_response(
        render_template("public/sign.html", event=event, form=form, seat=seat, action=action), status
    )
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _invitation_refused(reason, seat=None):
    """The refusal page; a used seat's links to getting a code where a gateway is set."""
    status = 404 if reason == "forged" else 410
    recover_event = seat.event if seat is not None and messaging.channel() else None
    return render_template(
        "public/invitation_refused.html", reason=reason, recover_event=recover_event
    ), status


@bp.get("/s/<token>")
def signer_page(token):
    record = record_for_token(token)
    if record is None:
        abort(404)
    response = make_response(
        render_template(
            "public/signer.html",
            record=record,
            signature_svg=strokes.svg(record.signature_strokes, _("Your signature"))
            if record.signature_strokes
            else None,
            event=record.event,
            token=token,
            verify_link=verify_url(record),
        )
    )
    # The page holds personal details: no shared cache, no copy kept anywhere.
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/s/<token>/signature.png")
def signature_image(token):
    """The signer's own signature image (records made before strokes); private, never cached by others."""
    record = record_for_token(token)
    if record is None or not record.signature_image:
        abort(404)
    response = make_response(record.signature_image)
    response.headers["Content-Type"] = "image/png"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/s/<token>/certificate.pdf")
def certificate(token):
    """The signer's sealed certificate, the same bytes at every download.

    Indonesian unless `?lang=en` asks for the English one, stored and sealed apart.
    """
    language = pdf_language()
    record = record_for_token(token)
    if record is None:
        abort(404)
    stored = certificate_to_download(record, language)
    if stored is None:
        abort(410)  # erased at the signer's request
    response = make_response(stored.pdf)
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="{download_name(record, language)}"'
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["ETag"] = f'"{stored.sha256}"'
    return response


# --- back to a lost private page (pledge.recovery) ---------------------------

RECOVERY_FLOW = "recovery"
CODE_REFUSALS = {
    "wrong": _l("This code is not right. Check the 6 digits and try again."),
    "exhausted": _l("Too many wrong codes: this one no longer works. Ask for a new code."),
    "expired": _l(
        "This code has expired: a code is valid for %(minutes)d minutes. Ask for a new code.",
        minutes=recovery.CODE_MINUTES,
    ),
}


def _private(response):
    """Recovery pages are about one person's number: no cache, no referrer."""
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _rate_refusals(view):
    """Answer a breached recovery limit with the recovery page and its own message.

    Each limit names itself in its error_message (pledge.limits); the wait is the
    breached limit's, written on the page and in Retry-After alike.
    """

    @wraps(view)
    def wrapper(slug):
        try:
            return view(slug)
        except RateLimitExceeded as breached:
            event = public_event_or_404(slug)
            current = limiter.current_limit
            seconds = max(1, int(current.reset_at - time.time())) if current else 3600
            minutes = math.ceil(seconds / 60)
            if breached.description == "number":
                message = _(
                    "Too many codes were asked for this number. Try again in %(minutes)d minutes.",
                    minutes=minutes,
                )
            else:
                message = _(
                    "Too many codes were asked for from this network. Try again in %(minutes)d minutes.",
                    minutes=minutes,
                )
            page = render_template(
                "public/recover.html",
                event=event,
                form=RecoveryForm(),
                channel=messaging.channel(),
                refusal=message,
            )
            return _private(make_response(page, 429, {"Retry-After": str(seconds)}))

    return wrapper


@bp.route("/e/<slug>/recover", methods=["GET", "POST"])
@_rate_refusals
@recovery_limit
@recovery_number_limit
def recover(slug):
    """Ask for a code by the number one signed with; without a gateway, how the organisers help.

    The answer is the same whether or not the number signed: a redirect to the code
    page, which says a code is on its way if it did (pledge.recovery.start).
    """
    event = public_event_or_404(slug)
    channel = messaging.channel()
    form = RecoveryForm()
    status = 200
    if channel and form.validate_on_submit():
        session[RECOVERY_FLOW] = recovery.start(event, form.phone.data)
        return redirect(url_for(".recover_code", slug=slug), 303)
    if channel and form.is_submitted():
        status = 422
    page = render_template("public/recover.html", event=event, form=form, channel=channel, refusal=None)
    return _private(make_response(page, status))


@bp.route("/e/<slug>/recover/code", methods=["GET", "POST"])
def recover_code(slug):
    """Type the code; the right one opens the signer's private page (pledge.recovery.check_code)."""
    event = public_event_or_404(slug)
    flow = session.get(RECOVERY_FLOW)
    channel = messaging.channel()
    if channel is None or not flow or flow.get("event") != event.id:
        return redirect(url_for(".recover", slug=slug), 303)
    form = CodeForm()
    status = 200
    if form.validate_on_submit():
        try:
            record = recovery.check_code(flow, form.code.data)
        except recovery.CodeRefused as refused:
            session[RECOVERY_FLOW] = flow  # the wrong try is counted
            form.code.errors = [CODE_REFUSALS[refused.reason]]
            status = 422
        else:
            session.pop(RECOVERY_FLOW)
            return redirect(url_for(".signer_page", token=signer_token(record)), 303)
    elif form.is_submitted():
        status = 422
    page = render_template(
        "public/recover_code.html", event=event, form=form, channel=channel, minutes=recovery.CODE_MINUTES
    )
    return _private(make_response(page, status))
