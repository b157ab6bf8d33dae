"""The language switch turns the organiser console to English too, page by page."""

import re

import pytest

from tests.builders import make_event
from tests.console_builders import log_in, make_organiser, make_seat, start_kiosk
from tests.wall_builders import make_pair

# Each page's path (event 1, its first document, its first seat) and its heading in both languages.
PAGES = [
    ("/admin/", "Events", "Acara"),
    ("/admin/events/new", "New event", "Acara baru"),
    ("/admin/events/1/documents/1", "Edit the text", "Ubah naskah"),
    ("/admin/events/1/candidates", "Candidate pairs", "Pasangan calon"),
    ("/admin/events/1/seats", "Seats and invitations", "Kursi dan undangan"),
    ("/admin/events/1/seats/1", "Invitation for Kecamatan Kuaro", "Undangan untuk Kecamatan Kuaro"),
    ("/admin/events/1/signatures", "Signatories", "Penanda tangan"),
    ("/admin/events/1/audit", "Audit log", "Log audit"),
    ("/admin/audit", "Audit log", "Log audit"),
    ("/admin/events/1/kiosk/exit", "Leave the kiosk", "Keluar dari kios"),
    ("/admin/events/999", "Page not found", "Halaman tidak ditemukan"),
]


def heading(page):
    return re.search(r"<h1[^>]*>(.*?)</h1>", page.text, re.S).group(1).strip()


@pytest.mark.parametrize(("path", "english", "indonesian"), PAGES)
def test_a_console_page_follows_the_language_switch(client, path, english, indonesian):
    event = make_event()
    make_organiser(events=[event], admin=True)
    make_pair(event, 1, "Calon Satu", "Wakil Satu", "Tim Satu")
    make_seat(event)
    log_in(client)

    assert heading(client.get(path)) == indonesian
    client.get("/lang/en")
    page = client.get(path)
    assert '<html lang="en">' in page.text
    assert heading(page) == english
    client.get("/lang/id")
    assert heading(client.get(path)) == indonesian


def test_the_login_and_the_kiosk_follow_the_language_switch(client):
    event = make_event()
    make_organiser(events=[event])
    client.get("/lang/en")
    assert heading(client.get("/admin/login")) == "Organiser login"
    log_in(client)
    assert "All events" in client.get(f"/admin/events/{event.id}").text
    assert "Open the kiosk" in client.get(f"/admin/events/{event.id}/kiosk").text
    assert "Sign the declaration" in client.get(start_kiosk(client, event)).text
