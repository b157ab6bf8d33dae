"""Ceremony mode: the kiosk keeps signers in the sign form and forgets each one."""

import re

import pytest
from flask import g
from sqlalchemy import select

from pledge.extensions import db
from pledge.models import AuditEntry, EventState, SignatureRecord
from tests.builders import form_data, make_event
from tests.console_builders import PASSWORD, log_in, make_organiser


@pytest.fixture
def kiosk(console):
    console.path = f"/admin/events/{console.event.id}/kiosk"
    return console


def test_a_signature_on_the_kiosk_leads_back_to_a_clean_form(kiosk):
    response = kiosk.post(kiosk.path, data=form_data(kiosk.event, full_name="Andi Baso", client_key="k1"))
    assert response.status_code == 303 and response.headers["Location"] == kiosk.path
    page = kiosk.get(kiosk.path)
    assert page.headers["Cache-Control"] == "no-store"
    assert "Terima kasih! Tanda tangan telah tersimpan." in page.text
    assert "Andi Baso" not in page.text and "7890" not in page.text
    assert re.search(r'<form [^>]*id="sign-form"[^>]*autocomplete="off"', page.text)
    record = db.session.scalars(select(SignatureRecord)).one()
    assert record.certificate_label not in page.text  # the next signer does not see it


def test_a_refused_kiosk_form_keeps_the_answers_of_the_signer_at_the_tablet(kiosk):
    response = kiosk.post(kiosk.path, data=form_data(kiosk.event, full_name="Andi Baso", position=None))
    assert response.status_code == 422
    assert 'value="Andi Baso"' in response.text


def test_the_kiosk_is_flagged_for_the_rate_limiter_before_any_hook(kiosk, app):
    seen = []
    # The fixtures keep one app context (and so one `g`) across requests: pop to start afresh.
    app.before_request_funcs.setdefault(None, []).insert(0, lambda: seen.append(g.pop("kiosk", False)))
    kiosk.get(kiosk.path)
    kiosk.get(f"/e/{kiosk.event.slug}/sign")
    assert seen == [True, False]


def test_a_kiosk_browser_cannot_reach_the_console_until_the_password_is_typed(kiosk):
    kiosk.get(kiosk.path)
    for path in (
        "/admin/",
        f"/admin/events/{kiosk.event.id}/signatures",
        f"/admin/events/{kiosk.event.id}.csv",
    ):
        response = kiosk.get(path)
        if response.status_code != 404:
            assert response.status_code == 302 and response.headers["Location"] == kiosk.path
    exit_path = f"{kiosk.path}/exit"
    wrong = kiosk.post(exit_path, data={"password": "bukan-sandinya"})
    assert wrong.status_code == 422 and "Kata sandi salah." in wrong.text
    assert kiosk.get("/admin/").status_code == 302
    right = kiosk.post(exit_path, data={"password": PASSWORD})
    assert right.status_code == 303 and right.headers["Location"] == f"/admin/events/{kiosk.event.id}"
    assert kiosk.get("/admin/").status_code == 200
    actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.action.like("kiosk.%"))).all()
    assert actions == ["kiosk.start", "kiosk.stop"]


def test_the_kiosk_of_a_closed_event_says_it_is_closed(client):
    event = make_event(state=EventState.CLOSED)
    make_organiser(events=[event])
    log_in(client)
    response = client.get(f"/admin/events/{event.id}/kiosk")
    assert response.status_code == 403
    assert 'id="sign-form"' not in response.text
