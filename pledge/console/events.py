"""Events: the list, creating and editing one, its state, its documents."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from pledge import regions, roster, transitions
from pledge.console.access import actor, event_or_404, require_admin
from pledge.console.blueprint import bp
from pledge.console.forms import ConfirmForm, DocumentForm, EventForm
from pledge.demo import SLUG as DEMO_SLUG
from pledge.extensions import db
from pledge.lookups import of_event_or_404
from pledge.models import Document, Event, EventState, Organiser

FIELDS = ("title", "place", "held_on", "phone_required", "moderates_names", "record_number_pattern")
STATE_REFUSALS = {
    "texts": _l("Write every text before opening the event."),
    "region": _l("Choose the event's region before opening it."),
    "closed": _l("This event is closed: its signing cannot open again, its official record is final."),
    "open": _l("The signing is open already."),
    "not_open": _l("Only an open signing can be closed."),
}


def _values(form):
    """The event's settings as the form gives them, times read in the region's zone."""
    values = {name: getattr(form, name).data for name in FIELDS}
    values.update(
        region_code=form.area.code,
        timezone=form.timezone,
        opens_at=form.moment(form.opens_at),
        closes_at=form.moment(form.closes_at),
    )
    return values


@bp.get("/")
def index():
    query = select(Event).order_by(Event.held_on.desc(), Event.id.desc())
    events = [event for event in db.session.scalars(query) if current_user.can_see(event)]
    demo = Event.by_slug(DEMO_SLUG) if not events else None
    return render_template("console/index.html", events=events, demo=demo)


@bp.route("/events/new", methods=["GET", "POST"])
def new_event():
    form = EventForm()
    if form.validate_on_submit():
        try:
            event = transitions.create_event(actor(), current_user, form.slug.data, _values(form))
        except transitions.Refused:
            form.slug.errors = [_("Another event uses this address.")]
        else:
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
        transitions.edit_event(event, actor(), _values(form))
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
    change = {EventState.OPEN: transitions.open_event, EventState.CLOSED: transitions.close_event}.get(
        request.form.get("state")
    )
    if change is None:
        abort(400)
    try:
        change(event, actor())
    except transitions.Refused as refused:
        flash(str(STATE_REFUSALS[refused.reason]), "error")
    return redirect(url_for(".event", event_id=event.id), 303)


@bp.route("/events/<int:event_id>/documents/<int:document_id>", methods=["GET", "POST"])
def document(event_id, document_id):
    event = event_or_404(event_id)
    document = of_event_or_404(Document, event, document_id)
    current = document.current_version
    form = DocumentForm(data={"title": current.title, "body": current.body} if current else None)
    if form.validate_on_submit():
        try:
            version = transitions.revise_text(document, actor(), form.title.data, form.body.data)
        except transitions.Refused as refused:
            flash(str(STATE_REFUSALS[refused.reason]), "error")
            return redirect(url_for(".event", event_id=event.id), 303)
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
    else:
        transitions.add_member(event, actor(), account)
    return redirect(url_for(".event", event_id=event.id), 303)


@bp.post("/events/<int:event_id>/members/<int:organiser_id>/remove")
def remove_member(event_id, organiser_id):
    event = event_or_404(event_id)
    require_admin()
    account = db.session.get(Organiser, organiser_id)
    if account is None:
        abort(404)
    try:
        transitions.remove_member(event, actor(), account)
    except transitions.Refused:
        abort(404)
    return redirect(url_for(".event", event_id=event.id), 303)


def members_of(event):
    query = select(Organiser).where(Organiser.events.contains(event)).order_by(Organiser.email)
    return db.session.scalars(query).all()
