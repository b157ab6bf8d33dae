"""Events: the list, creating and editing one, its state, its documents."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from pledge import regions, texts
from pledge import seats as roster
from pledge.console import bp
from pledge.console.access import actor, event_or_404, require_admin
from pledge.console.forms import ConfirmForm, DocumentForm, EventForm
from pledge.demo import SLUG as DEMO_SLUG
from pledge.extensions import db
from pledge.lookups import of_event_or_404
from pledge.models import Document, Event, EventState, Organiser, record_audit

EDITABLE = ("title", "place", "held_on", "phone_required", "moderates_names", "record_number_pattern")


@bp.get("/")
def index():
    query = select(Event).order_by(Event.held_on.desc(), Event.id.desc())
    events = [event for event in db.session.scalars(query) if current_user.can_see(event)]
    demo = Event.by_slug(DEMO_SLUG) if not events else None
    return render_template("console/index.html", events=events, demo=demo)


def _apply(form, event):
    changes = {}
    if event.region_code != form.area.code:
        changes["region_code"] = form.area.code
        event.region_code = form.area.code
    if event.timezone != form.timezone:
        changes["timezone"] = form.timezone
        event.timezone = form.timezone
    for name in EDITABLE:
        value = getattr(form, name).data
        if getattr(event, name) != value:
            changes[name] = str(value)
            setattr(event, name, value)
    for name in ("opens_at", "closes_at"):
        value = form.moment(getattr(form, name))
        if getattr(event, name) != value:
            changes[name] = value.isoformat() if value else None
            setattr(event, name, value)
    return changes


@bp.route("/events/new", methods=["GET", "POST"])
def new_event():
    form = EventForm()
    if form.validate_on_submit():
        if Event.by_slug(form.slug.data):
            form.slug.errors = [_("Another event uses this address.")]
        else:
            event = Event(slug=form.slug.data)
            _apply(form, event)
            db.session.add(event)
            texts.add_standard_texts(event)
            if not current_user.is_admin:
                current_user.events.append(event)
            record_audit(actor(), "event.create", event=event, subject=event.slug)
            db.session.commit()
            flash(
                _(
                    "The event is created as a draft with the standard declaration and commitment "
                    "written for its region. Read them, adapt them if you wish, then open the signing."
                )
            )
            return redirect(url_for(".event", event_id=event.id), 303)
    return render_template(
        "console/event_form.html", form=form, event=None, region_choices=regions.choices_for_picker()
    ), 422 if form.errors else 200


@bp.route("/events/<int:event_id>", methods=["GET", "POST"])
def event(event_id):
    event = event_or_404(event_id)
    form = EventForm(obj=event)
    if request.method == "GET":
        form.region.data = regions.picker_value(event.area) if event.area else ""
        form.opens_at.data = EventForm.local(event.opens_at, event.timezone)
        form.closes_at.data = EventForm.local(event.closes_at, event.timezone)
    form.slug.data = event.slug  # the public address never changes once made
    if form.validate_on_submit():
        changes = _apply(form, event)
        if changes:
            record_audit(actor(), "event.edit", event=event, subject=event.slug, detail=changes)
        db.session.commit()
        flash(_("The event is saved."))
        return redirect(url_for(".event", event_id=event.id), 303)
    return render_template(
        "console/event.html",
        event=event,
        form=form,
        confirm=ConfirmForm(),
        coverage=roster.coverage(event),
        members=members_of(event) if current_user.is_admin else None,
        region_choices=regions.choices_for_picker(),
    ), 422 if form.errors else 200


@bp.post("/events/<int:event_id>/state")
def event_state(event_id):
    event = event_or_404(event_id)
    wanted = request.form.get("state")
    if wanted == EventState.OPEN and event.state != EventState.OPEN:
        if any(document.current_version is None for document in event.documents):
            flash(_("Write every text before opening the event."), "error")
            return redirect(url_for(".event", event_id=event.id), 303)
        if event.region_code is None:
            flash(_("Choose the event's region before opening it."), "error")
            return redirect(url_for(".event", event_id=event.id), 303)
        event.open(actor())
    elif wanted == EventState.CLOSED and event.state == EventState.OPEN:
        event.close(actor())
    else:
        abort(400)
    db.session.commit()
    return redirect(url_for(".event", event_id=event.id), 303)


@bp.route("/events/<int:event_id>/documents/<int:document_id>", methods=["GET", "POST"])
def document(event_id, document_id):
    event = event_or_404(event_id)
    document = of_event_or_404(Document, event, document_id)
    current = document.current_version
    form = DocumentForm(data={"title": current.title, "body": current.body} if current else None)
    if form.validate_on_submit():
        before = current.sha256 if current else None
        version = document.revise(form.title.data, form.body.data.replace("\r\n", "\n"))
        if version.sha256 != before:
            record_audit(
                actor(),
                "document.revise",
                event=event,
                subject=document.key,
                detail={"version": version.number},
            )
        db.session.commit()
        if current is not None and version is not current:
            flash(
                _(
                    "This text had been signed, so your edit is saved as version %(number)d.",
                    number=version.number,
                )
            )
        else:
            flash(_("The text is saved."))
        return redirect(url_for(".event", event_id=event.id), 303)
    return render_template("console/document.html", event=event, document=document, form=form), (
        422 if form.errors else 200
    )


@bp.post("/events/<int:event_id>/members")
def add_member(event_id):
    """An admin lets an organiser account run this event."""
    event = event_or_404(event_id)
    require_admin()
    account = Organiser.by_email(request.form.get("email"))
    if account is None:
        flash(_("There is no account for this email. Create it with flask pledge organiser create."), "error")
    elif event not in account.events:
        account.events.append(event)
        record_audit(actor(), "event.member_add", event=event, subject=account.email)
        db.session.commit()
    return redirect(url_for(".event", event_id=event.id), 303)


@bp.post("/events/<int:event_id>/members/<int:organiser_id>/remove")
def remove_member(event_id, organiser_id):
    event = event_or_404(event_id)
    require_admin()
    account = db.session.get(Organiser, organiser_id)
    if account is None or event not in account.events:
        abort(404)
    account.events.remove(event)
    record_audit(actor(), "event.member_remove", event=event, subject=account.email)
    db.session.commit()
    return redirect(url_for(".event", event_id=event.id), 303)


def members_of(event):
    query = select(Organiser).where(Organiser.events.contains(event)).order_by(Organiser.email)
    return db.session.scalars(query).all()
