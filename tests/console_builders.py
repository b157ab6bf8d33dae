"""Builders for the console's tests: organisers, logins, seats."""

from pledge import roster, transitions
from pledge.extensions import db
from pledge.models import Organiser
from tests.builders import KUARO

PASSWORD = "kata-sandi-yang-panjang"


def make_organiser(email="panitia@paser.go.id", admin=False, events=(), password=PASSWORD):
    """Return a saved organiser account, a member of `events`."""
    account = Organiser(email=email, is_admin=admin)
    account.set_password(password)
    account.events.extend(events)
    db.session.add(account)
    db.session.commit()
    return account


def log_in(client, email="panitia@paser.go.id", password=PASSWORD, next_url=None):
    query = {"next": next_url} if next_url else {}
    return client.post("/admin/login", data={"email": email, "password": password}, query_string=query)


def start_kiosk(client, event):
    """Turn the logged-in client's browser into the event's kiosk (the organiser's POST); return the kiosk's path."""
    answer = client.post(f"/admin/events/{event.id}/kiosk/start")
    assert answer.status_code == 303, answer.status_code
    return f"/admin/events/{event.id}/kiosk"


def make_seat(
    event, category="camat", institution="Kecamatan Kuaro", position="Camat Kuaro", area_code=KUARO
):
    seat = transitions.add_seat(event, "test", category, institution, position, area_code)
    db.session.commit()
    return seat


def invitation_path(seat):
    return f"/i/{roster.invitation_token(seat)}"
