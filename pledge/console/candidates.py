"""The candidate pairs of an event, with their ballot numbers."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from pledge import transitions
from pledge.console.access import actor, event_or_404
from pledge.console.blueprint import bp
from pledge.console.forms import CandidatePairForm, ConfirmForm
from pledge.lookups import of_event_or_404
from pledge.models import CandidatePair


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
        try:
            transitions.add_candidate_pair(
                event,
                actor(),
                form.contest.data,
                form.ballot_number.data,
                form.candidate.data,
                form.running_mate.data,
                form.campaign_team.data,
            )
        except transitions.Refused:
            form.ballot_number.errors = [_("Another pair of this election has this ballot number.")]
        else:
            return redirect(url_for(".candidates", event_id=event.id), 303)
    return _page(event, form, 422)


@bp.post("/events/<int:event_id>/candidates/<int:pair_id>/delete")
def delete_candidate_pair(event_id, pair_id):
    event = event_or_404(event_id)
    transitions.remove_candidate_pair(event, of_event_or_404(CandidatePair, event, pair_id), actor())
    flash(_("The pair is removed."))
    return redirect(url_for(".candidates", event_id=event.id), 303)
