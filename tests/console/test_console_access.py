"""Every console URL: anonymous → login; another organiser's event → 404; admin → allowed."""

import re

import pytest

from pledge import create_app
from pledge.extensions import db
from pledge.models import CandidatePair, EventOfficial
from tests.builders import drawn_png, make_event, make_signature
from tests.console_builders import log_in, make_organiser, make_seat


def console_rules():
    app = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    rules = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/admin") or rule.endpoint == "console.login":
            continue
        method = "GET" if "GET" in rule.methods else "POST"
        rules.append(pytest.param(rule.rule, method, id=f"{method} {rule.rule}"))
    return rules


RULES = console_rules()
EVENT_RULES = [rule for rule in RULES if "<int:event_id>" in rule.values[0]]


@pytest.fixture
def other_event(app):
    """An event run by someone else, with a document, a seat and a signature record."""
    event = make_event(slug="acara-orang-lain")
    make_seat(event)
    make_signature(event)
    make_organiser(email="panitia-lain@paser.go.id", events=[event])
    event.officials.append(EventOfficial(role="witness", name="Saksi", position=0))
    event.institutions[0].logo = drawn_png()
    db.session.add(
        CandidatePair(
            event_id=event.id, contest="Bupati", ballot_number=1, candidate="Satu", running_mate="Dua"
        )
    )
    db.session.commit()
    return event


def path_for(rule, event):
    from pledge.models import Organiser, Seat, SignatureRecord

    values = {
        "event_id": event.id,
        "document_id": event.documents[0].id,
        "seat_id": Seat.of_event(event)[0].id,
        "record_id": SignatureRecord.query.filter_by(event_id=event.id).first().id,
        "organiser_id": Organiser.by_email("panitia-lain@paser.go.id").id,
        "pair_id": CandidatePair.of_event(event)[0].id,
        "institution_id": event.institutions[0].id,
        "official_id": event.officials[0].id,
    }
    return re.sub(r"<int:(\w+)>", lambda match: str(values[match.group(1)]), rule)


def test_the_console_has_the_routes_this_test_expects():
    assert len(RULES) >= 20 and len(EVENT_RULES) >= 18


@pytest.mark.parametrize(("rule", "method"), RULES)
def test_anonymous_visitors_are_sent_to_the_login(client, other_event, rule, method):
    path = path_for(rule, other_event)
    response = client.open(path, method=method)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/admin/login?next=")


@pytest.mark.parametrize(("rule", "method"), EVENT_RULES)
def test_an_organiser_of_another_event_gets_404(client, other_event, rule, method):
    make_organiser(events=[make_event(slug="acara-sendiri")])
    log_in(client)
    response = client.open(path_for(rule, other_event), method=method)
    assert response.status_code == 404


@pytest.mark.parametrize(("rule", "method"), RULES)
def test_an_admin_may_open_every_console_url(client, other_event, rule, method):
    make_organiser(email="admin@paser.go.id", admin=True)
    log_in(client, "admin@paser.go.id")
    response = client.open(path_for(rule, other_event), method=method)
    assert response.status_code not in (302, 401, 403, 404) or rule == "/admin/logout"
    assert response.status_code < 500


def test_console_pages_are_never_cached(client):
    make_organiser()
    log_in(client)
    assert client.get("/admin/").headers["Cache-Control"] == "no-store"


def test_console_forms_need_the_csrf_token(csrf_app):
    make_organiser()
    response = csrf_app.test_client().post(
        "/admin/login", data={"email": "panitia@paser.go.id", "password": "x"}
    )
    assert response.status_code == 400
