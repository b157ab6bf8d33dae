"""The candidate pairs of an event, with their ballot numbers."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from pledge.console import bp
from pledge.console.access import actor, event_or_404
from pledge.console.forms import CandidatePairForm, ConfirmForm
from pledge.extensions import db
from pledge.lookups import of_event_or_404
from pledge.models import CandidatePair, record_audit


def _page(event, form, status=200):
    return render_template(
        "console/candidates.html",
        event=event,
        pairs=CandidatePair.of_event(event),
        form=form,
        confirm=ConfirmForm(),
    ), status


@bp.get("/events/<int:event_id>/candidates")
def candidates(event_id):
    event = event_or_404(event_id)
    return _page(event, CandidatePairForm(formdata=None))


@bp.post("/events/<int:event_id>/candidates")
def add_candidate_pair(event_id):
    event = event_or_404(event_id)
    form = CandidatePairForm()
    if form.validate_on_submit():
        if CandidatePair.taken(event, form.contest.data, form.ballot_number.data):
            form.ballot_number.errors = [_("Another pair of this election has this ballot number.")]
        else:
            pair = CandidatePair(event_id=event.id)
            form.populate_obj(pair)
            db.session.add(pair)
            record_audit(
                actor(),
                "candidates.add",
                event=event,
                subject=f"{pair.contest} #{pair.ballot_number}",
                detail={"names": pair.names},
            )
            db.session.commit()
            return redirect(url_for(".candidates", event_id=event.id), 303)
    return _page(event, form, 422)


@bp.post("/events/<int:event_id>/candidates/<int:pair_id>/delete")
def delete_candidate_pair(event_id, pair_id):
    event = event_or_404(event_id)
    pair = of_event_or_404(CandidatePair, event, pair_id)
    record_audit(actor(), "candidates.remove", event=event, subject=f"{pair.contest} #{pair.ballot_number}")
    db.session.delete(pair)
    db.session.commit()
    flash(_("The pair is removed."))
    return redirect(url_for(".candidates", event_id=event.id), 303)
