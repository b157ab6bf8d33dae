"""Who organises an event (its institutions and their logos) and who signs its official record."""

from flask import abort, flash, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from pledge import transitions
from pledge.console.access import actor, event_or_404
from pledge.console.blueprint import bp
from pledge.console.forms import ConfirmForm, InstitutionForm, LogoForm, OfficialForm
from pledge.logos import MAX_BYTES, LogoRefused, normalise_logo
from pledge.lookups import of_event_or_404
from pledge.models import EventInstitution, EventOfficial

LOGO_MESSAGES = {
    "format": _l("The logo must be a PNG or JPEG image."),
    "too_large": _l("The logo is too large: at most 2 MB and 8,000 pixels a side."),
}


def _page(event, institution_form=None, official_form=None, status=200):
    return render_template(
        "console/organisers.html",
        event=event,
        institution_form=institution_form or InstitutionForm(formdata=None),
        official_form=official_form or OfficialForm(formdata=None),
        logo_form=LogoForm(formdata=None),
        confirm=ConfirmForm(),
        max_institutions=transitions.MAX_INSTITUTIONS,
    ), status


def _read_logo(field):
    """Return the normalised logo of a file field (None when no file was chosen); a refusal goes on the field."""
    upload = field.data
    if upload is None or not getattr(upload, "filename", ""):
        return None
    try:
        return normalise_logo(upload.stream.read(MAX_BYTES + 1))
    except LogoRefused as refused:
        field.errors = [LOGO_MESSAGES[refused.reason]]
        raise


def _back(event):
    return redirect(url_for(".organisers", event_id=event.id), 303)


@bp.get("/events/<int:event_id>/organisers")
def organisers(event_id):
    return _page(event_or_404(event_id))


@bp.post("/events/<int:event_id>/organisers/institutions")
def add_institution(event_id):
    event = event_or_404(event_id)
    form = InstitutionForm()
    if not form.validate_on_submit():
        return _page(event, institution_form=form, status=422)
    try:
        logo = _read_logo(form.logo)
        transitions.add_institution(event, actor(), form.name.data, logo)
    except LogoRefused:
        return _page(event, institution_form=form, status=422)
    except transitions.Refused:
        form.name.errors = [
            _("An event names at most %(max)d institutions.", max=transitions.MAX_INSTITUTIONS)
        ]
        return _page(event, institution_form=form, status=422)
    flash(_("%(name)s is added to the organisers.", name=form.name.data))
    return _back(event)


@bp.post("/events/<int:event_id>/organisers/institutions/<int:institution_id>/logo")
def replace_logo(event_id, institution_id):
    event = event_or_404(event_id)
    institution = of_event_or_404(EventInstitution, event, institution_id)
    form = LogoForm()
    if form.validate_on_submit():
        try:
            transitions.set_logo(institution, actor(), _read_logo(form.logo))
        except LogoRefused:
            pass
        else:
            flash(_("The logo of %(name)s is saved.", name=institution.name))
            return _back(event)
    flash(" ".join(str(error) for error in form.logo.errors), "error")
    return _back(event)


@bp.post("/events/<int:event_id>/organisers/institutions/<int:institution_id>/remove")
def remove_institution(event_id, institution_id):
    event = event_or_404(event_id)
    if ConfirmForm().validate_on_submit():
        transitions.remove_institution(of_event_or_404(EventInstitution, event, institution_id), actor())
    return _back(event)


@bp.get("/events/<int:event_id>/organisers/institutions/<int:institution_id>/logo.png")
def institution_logo(event_id, institution_id):
    institution = of_event_or_404(EventInstitution, event_or_404(event_id), institution_id)
    if institution.logo is None:
        abort(404)
    response = make_response(institution.logo)
    response.mimetype = "image/png"
    return response


@bp.post("/events/<int:event_id>/organisers/officials")
def add_official(event_id):
    event = event_or_404(event_id)
    form = OfficialForm()
    if not form.validate_on_submit():
        return _page(event, official_form=form, status=422)
    transitions.add_official(
        event,
        actor(),
        form.role.data,
        form.name.data,
        form.title.data,
        form.institution.data,
        form.id_number.data,
    )
    flash(_("%(name)s is added to the signature blocks of the official record.", name=form.name.data))
    return _back(event)


@bp.post("/events/<int:event_id>/organisers/officials/<int:official_id>/remove")
def remove_official(event_id, official_id):
    event = event_or_404(event_id)
    if ConfirmForm().validate_on_submit():
        transitions.remove_official(of_event_or_404(EventOfficial, event, official_id), actor())
    return _back(event)
