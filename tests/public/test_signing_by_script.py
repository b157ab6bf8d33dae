"""The sign script's requests: a stored signature answered with its number at once,
everything else with the same page a browser's form gets, so nothing is sent twice."""

import pytest
from sqlalchemy import select

from pledge import transitions
from pledge.extensions import db
from pledge.models import SignatureRecord
from tests.builders import drawn_strokes, errors_in, form_data, make_event, make_signature
from tests.console_builders import invitation_path, make_seat

SCRIPT = {"Accept": "application/json, text/html;q=0.9"}  # what offline.js sends
BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


def sign(client, path, event, headers, **overrides):
    return client.post(path, data=form_data(event, **overrides), headers=headers)


def test_the_script_gets_the_certificate_number_and_the_signers_page_at_once(client):
    event = make_event()
    answer = sign(client, f"/e/{event.slug}/sign", event, SCRIPT, client_key="k-1")
    record = db.session.scalars(select(SignatureRecord)).one()
    assert answer.status_code == 200 and answer.mimetype == "application/json"
    assert answer.json["certificate_number"] == record.certificate_label
    assert answer.headers["Cache-Control"] == "private, no-store"
    page = client.get(answer.json["location"])
    assert page.status_code == 200 and record.certificate_label in page.text


def test_a_resend_by_the_script_answers_the_first_signature(client):
    event = make_event()
    first = sign(client, f"/e/{event.slug}/sign", event, SCRIPT, client_key="k-1").json
    again = sign(client, f"/e/{event.slug}/sign", event, SCRIPT, client_key="k-1").json
    assert again == first
    assert len(db.session.scalars(select(SignatureRecord)).all()) == 1


@pytest.mark.parametrize("headers", [BROWSER, {"Accept": "*/*"}, {}], ids=["browser", "any", "none"])
def test_a_form_sent_without_the_script_still_gets_its_redirect(client, headers):
    event = make_event()
    answer = sign(client, f"/e/{event.slug}/sign", event, headers)
    assert answer.status_code == 303 and "/s/" in answer.headers["Location"]


def test_an_invitation_sent_by_the_script_gets_the_number_too(client):
    event = make_event()
    seat = make_seat(event)
    answer = sign(client, invitation_path(seat), event, SCRIPT)
    record = db.session.scalars(select(SignatureRecord)).one()
    assert answer.status_code == 200 and answer.json["certificate_number"] == record.certificate_label


@pytest.mark.parametrize(
    ("overrides", "status", "message"),
    [
        ({"full_name": ""}, 422, "Silakan tulis nama lengkap Anda."),
        ({"phone": "0813 0000 0001"}, 409, "Nomor ini sudah menandatangani deklarasi ini."),
    ],
)
def test_a_form_to_correct_is_answered_to_the_script_as_the_page_with_its_messages(
    client, overrides, status, message
):
    event = make_event()
    make_signature(event, phone="+6281300000001")
    answer = sign(client, f"/e/{event.slug}/sign", event, SCRIPT, **overrides)
    assert answer.status_code == status and answer.mimetype == "text/html"
    assert errors_in(answer.text)[0].startswith(message)
    # The drawing comes back in the hidden field, so the phone need not send it again to show it.
    assert (
        f'id="signature_drawn" name="signature_drawn" type="hidden" value="{drawn_strokes()}"' in answer.text
    )


def test_a_closed_event_is_answered_to_the_script_as_its_refusal_page(client):
    event = make_event()
    transitions.close_event(event, "test")
    answer = sign(client, f"/e/{event.slug}/sign", event, SCRIPT)
    assert answer.status_code == 403 and answer.mimetype == "text/html"
    assert "Penandatanganan deklarasi ini sudah ditutup." in answer.text


def test_a_used_invitation_is_answered_to_the_script_as_its_refusal_page(client):
    event = make_event()
    seat = make_seat(event)
    assert sign(client, invitation_path(seat), event, SCRIPT, client_key="a").status_code == 200
    answer = sign(client, invitation_path(seat), event, SCRIPT, client_key="b", phone="0813 0000 0002")
    assert answer.status_code == 410 and "Undangan ini sudah dipakai" in answer.text
