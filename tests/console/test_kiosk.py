"""Ceremony mode: the kiosk keeps signers in the sign form, shows each their number once,
and nothing at the tablet reaches the console, the organiser's account or the exit by guessing."""

import math
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from pledge import recovery
from pledge.extensions import db
from pledge.models import AuditEntry, EventState, SignatureRecord, utcnow
from pledge.models.accounts import LoginFailure, LoginRefused, check_kiosk_exit
from pledge.tokens import signer_token
from tests.builders import form_data, make_event
from tests.conftest import make_app
from tests.console_builders import PASSWORD, log_in, make_organiser, start_kiosk

EMAIL = "panitia@paser.go.id"
WRONG = "Kata sandi salah."


@pytest.fixture
def kiosk(console):
    console.path = start_kiosk(console, console.event)
    return console


def only_record():
    return db.session.scalars(select(SignatureRecord)).one()


def kiosk_actions():
    query = select(AuditEntry.action).where(AuditEntry.action.like("kiosk.%")).order_by(AuditEntry.id)
    return db.session.scalars(query).all()


def test_a_kiosk_signer_sees_their_number_and_a_qr_of_their_page_once(kiosk):
    response = kiosk.post(kiosk.path, data=form_data(kiosk.event, full_name="Andi Baso", client_key="k1"))
    assert response.status_code == 303 and response.headers["Location"] == f"{kiosk.path}/done"
    done = kiosk.get(f"{kiosk.path}/done")
    record = only_record()
    assert done.status_code == 200
    assert done.headers["Cache-Control"] == "no-store"
    assert "Terima kasih! Tanda tangan Anda telah tersimpan." in done.text
    assert f'id="certificate-number">{record.certificate_label}<' in done.text
    link = f"https://damai.example.id/s/{signer_token(record)}"
    assert f'src="{recovery.qr_image(link)}"' in done.text
    assert link not in done.text  # the QR carries the link; the screen does not spell it out
    assert f'id="kiosk-done" data-seconds="60" data-next="{kiosk.path}"' in done.text
    assert re.search(r'<script src="/assets/\w+/js/kiosk-done.js" defer>', done.text)
    assert f'id="next-signer" href="{kiosk.path}"' in done.text
    # Shown once: a reload (or the back button) lands on a clean form.
    again = kiosk.get(f"{kiosk.path}/done")
    assert again.status_code == 303 and again.headers["Location"] == kiosk.path
    page = kiosk.get(kiosk.path)
    assert page.headers["Cache-Control"] == "no-store"
    assert "Andi Baso" not in page.text and "7890" not in page.text
    assert record.certificate_label not in page.text
    assert re.search(r'<form [^>]*id="sign-form"[^>]*autocomplete="off"', page.text)


def test_the_done_screen_without_a_signature_is_the_form(kiosk):
    assert kiosk.get(f"{kiosk.path}/done").headers["Location"] == kiosk.path


def test_a_refused_kiosk_form_keeps_the_answers_of_the_signer_at_the_tablet(kiosk):
    response = kiosk.post(kiosk.path, data=form_data(kiosk.event, full_name="Andi Baso", position=None))
    assert response.status_code == 422
    assert 'value="Andi Baso"' in response.text


def test_a_filled_trap_field_at_the_kiosk_stores_nothing_and_shows_a_clean_form(kiosk):
    response = kiosk.post(kiosk.path, data=form_data(kiosk.event, homepage="http://spam.example"))
    assert response.status_code == 303 and response.headers["Location"] == kiosk.path
    assert db.session.scalars(select(SignatureRecord)).all() == []


def test_a_kiosk_browser_cannot_reach_the_console_until_the_password_is_typed(kiosk):
    kiosk.get(kiosk.path)
    for path in (
        "/admin/",
        "/admin/login",
        f"/admin/events/{kiosk.event.id}/signatures",
        f"/admin/events/{kiosk.event.id}.csv",
    ):
        response = kiosk.get(path)
        if response.status_code != 404:
            assert response.status_code == 302 and response.headers["Location"] == kiosk.path
    exit_path = f"{kiosk.path}/exit"
    wrong = kiosk.post(exit_path, data={"password": "bukan-sandinya"})
    assert wrong.status_code == 422 and WRONG in wrong.text
    assert kiosk.get("/admin/").status_code == 302
    right = kiosk.post(exit_path, data={"password": PASSWORD})
    assert right.status_code == 303 and right.headers["Location"] == f"/admin/events/{kiosk.event.id}"
    assert kiosk.get("/admin/").status_code == 200
    assert kiosk_actions() == ["kiosk.start", "kiosk.exit_refused", "kiosk.stop"]


def test_a_kiosk_stays_on_its_event(kiosk):
    other = make_event(slug="acara-lain")
    kiosk.get(kiosk.path)
    for path in (f"/admin/events/{other.id}/kiosk", f"/admin/events/{other.id}/kiosk/exit"):
        response = kiosk.get(path)
        assert response.status_code == 302 and response.headers["Location"] == kiosk.path


def test_logging_out_from_a_kiosk_leads_back_to_the_kiosk(kiosk):
    kiosk.get(kiosk.path)
    response = kiosk.post("/admin/logout")
    assert response.status_code == 303 and response.headers["Location"] == kiosk.path
    assert kiosk.get(kiosk.path).status_code == 200  # still logged in: the ceremony goes on
    kiosk.post(f"{kiosk.path}/exit", data={"password": PASSWORD})
    assert kiosk.post("/admin/logout").headers["Location"] == "/admin/login"  # out of the kiosk it works


@pytest.mark.parametrize("page", ["kiosk", "done", "exit", "exit refused"])
def test_nothing_at_the_kiosk_shows_the_console_the_email_or_a_log_out(kiosk, page):
    kiosk.get(kiosk.path)
    if page == "kiosk":
        response = kiosk.get(kiosk.path)
    elif page == "done":
        kiosk.post(kiosk.path, data=form_data(kiosk.event))
        response = kiosk.get(f"{kiosk.path}/done")
    elif page == "exit":
        response = kiosk.get(f"{kiosk.path}/exit")
    else:
        response = kiosk.post(f"{kiosk.path}/exit", data={"password": "salah"})
    assert response.status_code in (200, 422)
    assert EMAIL not in response.text
    assert "/admin/logout" not in response.text and ">Keluar<" not in response.text
    assert "console-bar" not in response.text
    for console_page in ("/signatures", "/seats", "/audit", 'href="/admin/"'):
        assert console_page not in response.text
    assert '<meta name="referrer" content="no-referrer">' in response.text


def exit_with(client, event, password):
    return client.post(f"/admin/events/{event.id}/kiosk/exit", data={"password": password})


def test_five_wrong_passwords_close_the_exit_for_fifteen_minutes(kiosk):
    kiosk.get(kiosk.path)
    answers = [exit_with(kiosk, kiosk.event, f"tebakan-{n}") for n in range(5)]
    assert [a.status_code for a in answers] == [422] * 4 + [429]
    assert all(WRONG in a.text for a in answers[:4])
    locked = answers[4]
    minutes = int(re.search(r"dalam (\d+) menit", locked.text).group(1))
    retry = int(locked.headers["Retry-After"])
    assert (
        "Terlalu banyak kata sandi yang salah. Kios baru dapat ditinggalkan lagi dalam 15 menit."
        in locked.text
    )
    assert minutes == math.ceil(retry / 60) == 15
    # Locked, the right password does not open it either; the tablet stays a kiosk.
    still = exit_with(kiosk, kiosk.event, PASSWORD)
    assert still.status_code == 429 and int(still.headers["Retry-After"]) <= retry
    assert kiosk.get("/admin/").status_code == 302
    refused = db.session.scalars(
        select(AuditEntry.detail).where(AuditEntry.action == "kiosk.exit_refused").order_by(AuditEntry.id)
    ).all()
    assert refused == ['{"locked": false}'] * 4 + ['{"locked": true}'] * 2


def test_the_exit_lock_holds_across_workers_and_reloads(kiosk, tmp_path):
    kiosk.get(kiosk.path)
    for n in range(5):
        exit_with(kiosk, kiosk.event, f"tebakan-{n}")
    # Another worker: a second app on the same database, a fresh browser, the right password.
    worker = make_app(tmp_path, WTF_CSRF_ENABLED=False)
    other = worker.test_client()
    log_in(other)
    other.get(f"/admin/events/{kiosk.event.id}/kiosk")
    assert exit_with(other, kiosk.event, PASSWORD).status_code == 429
    with worker.app_context():
        db.engine.dispose()  # the second worker's connections, closed before the database is emptied


def test_the_exit_lock_does_not_lock_the_organisers_account(kiosk, app):
    kiosk.get(kiosk.path)
    for n in range(5):
        exit_with(kiosk, kiosk.event, f"tebakan-{n}")
    elsewhere = app.test_client()
    assert log_in(elsewhere).status_code == 303
    assert elsewhere.get("/admin/").status_code == 200


def test_the_exit_opens_again_after_the_lock_and_the_right_password_forgets_failures(app):
    organiser = make_organiser()
    start = utcnow()
    for n in range(5):
        with pytest.raises(LoginRefused):
            check_kiosk_exit(organiser, f"tebakan-{n}", now=start + timedelta(seconds=n))
    with pytest.raises(LoginRefused) as locked:
        check_kiosk_exit(organiser, PASSWORD, now=start + timedelta(minutes=14))
    assert locked.value.scope == "kiosk" and locked.value.locked_for <= timedelta(minutes=1)
    check_kiosk_exit(organiser, PASSWORD, now=start + timedelta(minutes=15, seconds=1))
    assert db.session.scalars(select(LoginFailure)).all() == []
    with pytest.raises(LoginRefused) as after:
        check_kiosk_exit(organiser, "salah", now=start + timedelta(minutes=16))
    assert after.value.locked_for is None  # counting starts again from one


def test_the_kiosk_of_a_closed_event_says_it_is_closed(client):
    event = make_event(state=EventState.CLOSED)
    make_organiser(events=[event])
    log_in(client)
    response = client.get(start_kiosk(client, event))
    assert response.status_code == 403
    assert 'id="sign-form"' not in response.text


def test_a_link_to_the_kiosk_only_offers_to_open_it(console):
    # A GET (a link from anywhere, which SameSite=Lax lets through) changes nothing.
    page = console.get(f"/admin/events/{console.event.id}/kiosk")
    assert page.status_code == 200
    assert 'id="sign-form"' not in page.text and 'id="open-kiosk"' in page.text
    assert "Buka kios di tablet lokasi acara" in page.text
    assert console.get("/admin/").status_code == 200  # not locked in a kiosk
    assert kiosk_actions() == []
    assert 'id="sign-form"' in console.get(start_kiosk(console, console.event)).text
    assert kiosk_actions() == ["kiosk.start"]
