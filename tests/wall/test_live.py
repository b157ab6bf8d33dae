"""The live view for the venue screen: the running total, the newest names, a QR code."""

import re
import xml.etree.ElementTree as ET  # noqa: N817  (parses our own SVG, not outside input)

from sqlalchemy import event as sa_event

from pledge import transitions
from pledge.extensions import db
from pledge.wall.live import LATEST, live_state
from tests.builders import make_event, make_signature
from tests.wall_builders import make_signatures


def test_the_live_page_shows_the_total_a_qr_code_and_loads_its_script(client):
    event = make_event()
    make_signatures(event, 3)
    page = client.get(f"/e/{event.slug}/live").text
    assert '<strong id="live-total">3</strong>' in page
    assert f'src="/e/{event.slug}/qr.svg"' in page
    assert f"https://damai.example.id/e/{event.slug}/sign" in page
    assert re.search(r'src="/assets/[0-9a-f]{10}/js/live\.js"', page)
    assert f'data-feed="/e/{event.slug}/live.json"' in page
    assert "<script>" not in page and 'style="' not in page


def test_the_live_page_is_the_declaration_alone_without_the_sites_chrome(client):
    event = make_event()
    page = client.get(f"/e/{event.slug}/live").text
    for chrome in (
        '<header class="site"',
        'class="lang"',
        '<footer class="site"',
        'id="offline-status"',
        "offline.js",
    ):
        assert chrome not in page, chrome
    assert '<body class="venue">' in page


def test_the_qr_code_is_an_svg_served_by_the_app(client):
    event = make_event()
    response = client.get(f"/e/{event.slug}/qr.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    root = ET.fromstring(response.data)  # noqa: S314
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert b"http" not in response.data.replace(b"http://www.w3.org/2000/svg", b"")


def test_the_feed_lists_the_newest_signatories_first_and_at_most_a_screenful(client):
    event = make_event()
    make_signatures(event, LATEST + 3)
    feed = client.get(f"/e/{event.slug}/live.json").json
    assert feed["total"] == LATEST + 3
    assert len(feed["signatories"]) == LATEST
    assert feed["signatories"][0]["headline"] == f"Penanda {LATEST + 2:03d}"
    assert feed["signatories"][0]["time"].endswith(" WITA")


def test_the_feed_speaks_the_readers_language(client):
    event = make_event()
    make_signature(event, phone=None, show_name=False, area_code="64.01.05")
    assert (
        client.get(f"/e/{event.slug}/live.json").json["signatories"][0]["headline"]
        == "Seorang penanda tangan"
    )
    client.get("/lang/en")
    assert client.get(f"/e/{event.slug}/live.json").json["signatories"][0]["headline"] == "A signatory"


def test_the_feed_writes_the_time_the_way_its_reader_does(client):
    event = make_event()
    make_signature(event)
    indonesian = client.get(f"/e/{event.slug}/live.json").json["signatories"][0]["time"]
    assert re.fullmatch(r"\d{2}\.\d{2} WITA", indonesian)
    client.get("/lang/en")
    english = client.get(f"/e/{event.slug}/live.json").json["signatories"][0]["time"]
    assert re.fullmatch(r"\d{2}:\d{2} WITA", english) and english.replace(":", ".") == indonesian


def test_the_state_is_read_at_most_once_a_second_per_event(app):
    event = make_event()
    make_signatures(event, 1)
    now = [100.0]
    first = live_state(event.slug, clock=lambda: now[0])
    make_signatures(event, 1, start=1)
    now[0] = 100.9
    assert live_state(event.slug, clock=lambda: now[0]) is first
    now[0] = 101.1
    assert live_state(event.slug, clock=lambda: now[0]).total == 2


def test_many_screens_polling_do_not_cost_a_query_each(app, client):
    event = make_event()
    make_signatures(event, 2)
    statements = []

    def remember(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    sa_event.listen(db.engine, "before_cursor_execute", remember)
    try:
        for _ in range(30):
            assert client.get(f"/e/{event.slug}/live.json").status_code == 200
    finally:
        sa_event.remove(db.engine, "before_cursor_execute", remember)
    assert len(statements) < 30


def test_a_revoked_signature_leaves_the_screen(client, app):
    event = make_event()
    record = make_signature(event, phone=None, full_name="Akan Dicabut")
    assert client.get(f"/e/{event.slug}/live.json").json["total"] == 1
    transitions.revoke(record, "Salah orang", "admin")
    app.extensions["wall_live"]["states"].clear()  # as if the second had passed
    feed = client.get(f"/e/{event.slug}/live.json").json
    assert feed["total"] == 0 and feed["signatories"] == []
