"""The roster of seats, their invitations, and the printed cards and poster."""

from flask import Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from pledge import printouts, qr, roster, transitions
from pledge.console.access import actor, event_or_404
from pledge.console.blueprint import bp
from pledge.console.forms import ConfirmForm, RosterUploadForm, SeatForm
from pledge.i18n import current_language, in_language, pdf_language
from pledge.lookups import of_event_or_404
from pledge.models import Seat
from pledge.urls import public_url


def invitation_url(seat):
    return public_url("public.invitation", token=roster.invitation_token(seat))


def _page(event, form=None, upload=None, row_errors=(), status=200):
    return render_template(
        "console/seats.html",
        event=event,
        seats=Seat.of_event(event),
        coverage=roster.coverage(event),
        form=form or SeatForm(event, formdata=None),
        upload=upload or RosterUploadForm(formdata=None),
        row_errors=row_errors,
        roster_header=roster.header_for(event, current_language()),
    ), status


@bp.get("/events/<int:event_id>/seats")
def seats(event_id):
    return _page(event_or_404(event_id))


@bp.post("/events/<int:event_id>/seats")
def add_seat(event_id):
    event = event_or_404(event_id)
    form = SeatForm(event)
    if not form.validate_on_submit():
        return _page(event, form=form, status=422)
    transitions.add_seat(
        event, actor(), form.category.data, form.institution.data, form.position.data, form.area.data
    )
    flash(_("The seat is added."))
    return redirect(url_for(".seats", event_id=event.id), 303)


@bp.post("/events/<int:event_id>/seats/upload")
def upload_seats(event_id):
    event = event_or_404(event_id)
    upload = RosterUploadForm()
    if not upload.validate_on_submit():
        return _page(event, upload=upload, status=422)
    with upload.roster.data.stream as file:  # a large upload waits in a temporary file: close it
        rows, errors = roster.parse_roster_csv(event, file.read())
    if errors:
        # All or nothing: a half-imported roster is harder to fix than a refused file.
        return _page(event, upload=upload, row_errors=errors, status=422)
    transitions.add_seats(event, actor(), rows)
    flash(_("%(count)d seats are added.", count=len(rows)))
    return redirect(url_for(".seats", event_id=event.id), 303)


@bp.get("/events/<int:event_id>/seats/template.csv")
def seats_template(event_id):
    """The roster template in the reader's language, its examples from the event's region."""
    event = event_or_404(event_id)
    language = current_language()
    filename = in_language(_l("seats-%(slug)s.csv", slug=event.slug), language)
    return Response(
        roster.roster_template(event, language),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.get("/events/<int:event_id>/seats/<int:seat_id>")
def seat(event_id, seat_id):
    event = event_or_404(event_id)
    seat = of_event_or_404(Seat, event, seat_id)
    url = invitation_url(seat)
    message = roster.invitation_message(seat, url)
    return render_template(
        "console/seat.html",
        event=event,
        seat=seat,
        url=url,
        message=message,
        whatsapp=roster.whatsapp_link(message),
        confirm=ConfirmForm(),
    )


@bp.get("/events/<int:event_id>/seats/<int:seat_id>/qr.svg")
def seat_qr(event_id, seat_id):
    seat = of_event_or_404(Seat, event_or_404(event_id), seat_id)
    return Response(qr.svg(invitation_url(seat)), mimetype="image/svg+xml")


@bp.post("/events/<int:event_id>/seats/<int:seat_id>/delete")
def delete_seat(event_id, seat_id):
    event = event_or_404(event_id)
    try:
        transitions.remove_seat(of_event_or_404(Seat, event, seat_id), actor())
    except transitions.Refused:
        flash(_("This seat has signed; it stays on the roster."), "error")
        return redirect(url_for(".seats", event_id=event.id), 303)
    flash(_("The seat is removed; its invitation link no longer works."))
    return redirect(url_for(".seats", event_id=event.id), 303)


@bp.post("/events/<int:event_id>/seats/<int:seat_id>/reissue")
def reissue_seat(event_id, seat_id):
    """Give the seat a new invitation link; the old one stops working (a leaked link)."""
    event = event_or_404(event_id)
    seat = of_event_or_404(Seat, event, seat_id)
    try:
        transitions.reissue_invitation(seat, actor())
    except transitions.Refused:
        pass  # a seat that signed keeps its (used) link: nothing to renew
    else:
        flash(_("A new invitation link is made; the old one no longer works."))
    return redirect(url_for(".seat", event_id=event.id, seat_id=seat.id), 303)


def _pdf(data, filename, language):
    """A PDF shown in the browser, its file name (a lazy text) written in `language`."""
    filename = in_language(filename, language)
    return Response(
        data, mimetype="application/pdf", headers={"Content-Disposition": f'inline; filename="{filename}"'}
    )


@bp.get("/events/<int:event_id>/seats/cards.pdf")
def invitation_cards(event_id):
    language = pdf_language()
    event = event_or_404(event_id)
    invitations = [(seat, invitation_url(seat)) for seat in Seat.of_event(event) if not seat.is_used]
    cards = printouts.invitation_cards(event, invitations, language)
    return _pdf(cards, _l("invitations-%(slug)s.pdf", slug=event.slug), language)


@bp.get("/events/<int:event_id>/poster.pdf")
def poster(event_id):
    language = pdf_language()
    event = event_or_404(event_id)
    sheet = printouts.poster(event, public_url("public.sign", slug=event.slug), language)
    return _pdf(sheet, _l("poster-%(slug)s.pdf", slug=event.slug), language)
