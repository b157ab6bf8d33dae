"""Moderation: the signatories of an event, approve, revoke, erase; the audit log; the CSV."""

from flask import (
    Response,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from pledge import recovery, roster, slips, transitions
from pledge.console.access import actor, event_or_404, require_admin
from pledge.console.blueprint import bp
from pledge.console.forms import ConfirmForm, RevokeForm
from pledge.exports import records_csv
from pledge.extensions import db
from pledge.i18n import current_language, in_language, pdf_language
from pledge.lookups import of_event_or_404
from pledge.models import AuditEntry, SignatureRecord, SignatureState
from pledge.reference import CATEGORIES
from pledge.text import clean_line
from pledge.tokens import record_for_token, signer_token

PAGE_SIZE = 100
FILTERS = ("all", "valid", "revoked", "awaiting", "erased")


def _filtered(event, search, state, category):
    query = select(SignatureRecord).where(SignatureRecord.event_id == event.id)
    if search:
        # What is typed is text, not a pattern: "%" and "_" match only themselves.
        query = query.where(
            or_(
                SignatureRecord.full_name.icontains(search, autoescape=True),
                SignatureRecord.institution.icontains(search, autoescape=True),
                SignatureRecord.position.icontains(search, autoescape=True),
                SignatureRecord.certificate_number.icontains(search.replace("-", ""), autoescape=True),
            )
        )
    if state == "valid":
        query = query.where(SignatureRecord.state == SignatureState.VALID.value)
    elif state == "revoked":
        query = query.where(SignatureRecord.state == SignatureState.REVOKED.value)
    elif state == "awaiting":
        query = query.where(
            SignatureRecord.state == SignatureState.VALID.value,
            SignatureRecord.show_name.is_(True),
            SignatureRecord.name_approved_at.is_(None),
            SignatureRecord.erased_at.is_(None),
        )
    elif state == "erased":
        query = query.where(SignatureRecord.erased_at.is_not(None))
    if category in CATEGORIES:
        query = query.where(SignatureRecord.category == category)
    return query.order_by(SignatureRecord.signed_at.desc(), SignatureRecord.id.desc())


@bp.get("/events/<int:event_id>/signatures")
def signatures(event_id):
    event = event_or_404(event_id)
    search = clean_line(request.args.get("q") or "")[:100]  # no NUL byte reaches the database
    state = request.args.get("state") if request.args.get("state") in FILTERS else "all"
    category = request.args.get("category") or ""
    records = db.session.scalars(_filtered(event, search, state, category).limit(PAGE_SIZE)).all()
    return render_template(
        "console/signatures.html",
        event=event,
        records=records,
        search=search,
        state=state,
        category=category,
        filters=FILTERS,
        categories=CATEGORIES,
        confirm=ConfirmForm(),
        revoke_form=RevokeForm(formdata=None),
    )


APPROVAL_REFUSALS = {
    "revoked": _l("This signature is revoked: its name does not go on the wall."),
    "erased": _l("This signer's personal data was erased: there is no name to approve."),
    "no_consent": _l("This signer did not agree to show their name: there is nothing to approve."),
    "approved": _l("This name is on the wall already."),
}


def _back(event):
    return redirect(url_for(".signatures", event_id=event.id), 303)


@bp.post("/events/<int:event_id>/signatures/<int:record_id>/approve")
def approve(event_id, record_id):
    event = event_or_404(event_id)
    record = of_event_or_404(SignatureRecord, event, record_id)
    try:
        transitions.approve_name(record, actor())
    except transitions.Refused as refused:
        flash(str(APPROVAL_REFUSALS[refused.reason]), "error")
    else:
        flash(_("The name of %(name)s now appears on the wall.", name=record.full_name))
    return _back(event)


@bp.post("/events/<int:event_id>/signatures/<int:record_id>/revoke")
def revoke(event_id, record_id):
    event = event_or_404(event_id)
    record = of_event_or_404(SignatureRecord, event, record_id)
    form = RevokeForm()
    if not form.validate_on_submit():
        flash(form.reason.errors[0], "error")
        return _back(event)
    try:
        transitions.revoke(record, form.reason.data, actor())
    except transitions.Refused:
        flash(_("Certificate %(number)s was revoked already.", number=record.certificate_label), "error")
    else:
        flash(_("Certificate %(number)s is revoked.", number=record.certificate_label))
    return _back(event)


@bp.post("/events/<int:event_id>/signatures/<int:record_id>/erase")
def erase(event_id, record_id):
    event = event_or_404(event_id)
    record = of_event_or_404(SignatureRecord, event, record_id)
    transitions.erase(record, actor())
    flash(_("The personal data of certificate %(number)s is erased.", number=record.certificate_label))
    return _back(event)


# The record whose fresh link the next page shows, once.
FRESH_LINK_KEY = "fresh_link"


@bp.post("/events/<int:event_id>/signatures/<int:record_id>/fresh-link")
def fresh_link(event_id, record_id):
    """Hand a signer who lost their private link a new one; the old one stops working."""
    event = event_or_404(event_id)
    record = of_event_or_404(SignatureRecord, event, record_id)
    try:
        transitions.hand_over_fresh_link(record, actor())
    except transitions.Refused:
        abort(410)
    session[FRESH_LINK_KEY] = record.id
    return redirect(url_for(".fresh_link_page", event_id=event.id, record_id=record.id), 303)


@bp.get("/events/<int:event_id>/signatures/<int:record_id>/fresh-link")
def fresh_link_page(event_id, record_id):
    """The fresh link as a QR code, a WhatsApp message and a slip to print, shown once.

    A reload finds nothing (the mark is popped from the session): the link is handed
    over where it was made, and making another is one click (and one audit entry) away.
    """
    event = event_or_404(event_id)
    record = of_event_or_404(SignatureRecord, event, record_id)
    if session.pop(FRESH_LINK_KEY, None) != record.id or record.is_erased:
        flash(_("A fresh link is shown once. Hand over a new one if it is needed again."), "error")
        return _back(event)
    token = signer_token(record)
    url = recovery.private_url(token)
    message = recovery.fresh_link_message(record, url)
    response = make_response(
        render_template(
            "console/fresh_link.html",
            event=event,
            record=record,
            url=url,
            token=token,
            qr=recovery.qr_image(url),
            message=message,
            whatsapp=roster.whatsapp_link(message),
            whatsapp_signer=recovery.whatsapp_to(record.phone, message) if record.phone else None,
            confirm=ConfirmForm(),
        )
    )
    # The page holds the signer's private link: kept nowhere, leaked to no other site.
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.post("/events/<int:event_id>/signatures/<int:record_id>/slip.pdf")
def fresh_link_slip(event_id, record_id):
    """The slip of the fresh link shown on the page (its token is sent back with the form)."""
    event = event_or_404(event_id)
    record = of_event_or_404(SignatureRecord, event, record_id)
    language = pdf_language()
    token = request.form.get("token", "")
    opened = record_for_token(token)
    if record.is_erased:
        abort(410)
    if opened is None or opened.id != record.id:
        abort(400)  # the form does not carry this record's current link
    filename = in_language(_l("link-%(number)s.pdf", number=record.certificate_label), language)
    return Response(
        slips.slip(record, recovery.private_url(token), language),
        mimetype="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{filename}"', "Cache-Control": "no-store"},
    )


@bp.get("/events/<int:event_id>/audit")
def audit(event_id):
    event = event_or_404(event_id)
    query = (
        select(AuditEntry)
        .where(AuditEntry.event_id == event.id)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(500)
    )
    return render_template("console/audit.html", event=event, entries=db.session.scalars(query).all())


@bp.get("/audit")
def audit_all():
    """Admins: the whole audit log, logins and account changes included."""
    require_admin()
    query = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(500)
    return render_template("console/audit.html", event=None, entries=db.session.scalars(query).all())


@bp.get("/events/<int:event_id>/signatures.csv")
def export_csv(event_id):
    event = event_or_404(event_id)
    transitions.note(event, actor(), "export.csv")
    language = current_language()
    filename = in_language(_l("signatories-%(slug)s.csv", slug=event.slug), language)
    return Response(
        stream_with_context(records_csv(event, language)),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
