"""The public wall: who signed, as the public may see it, filtered, searched and paged."""

import re

import pytest
from sqlalchemy import event as sa_event

from pledge import transitions
from pledge.extensions import db
from pledge.models import EventState, utcnow
from pledge.wall import views
from tests.builders import make_event, make_signature
from tests.wall_builders import (
    PUBLIC_SURFACES,
    make_pair,
    make_private_signer,
    make_signatures,
    private_traces,
)


@pytest.mark.parametrize("surface", PUBLIC_SURFACES)
def test_every_public_surface_names_only_consenting_signers_and_never_shows_private_fields(client, surface):
    event = make_event()
    shown = make_signature(event, full_name="Nama Terbuka", phone="+6281200000001", area_code="64.01.05")
    hidden = make_private_signer(event, area_code="64.01.06")
    revoked = make_signature(event, full_name="Nama Dicabut", phone="+6281200000003")
    transitions.revoke(revoked, "Salah orang", "admin")

    body = client.get(PUBLIC_SURFACES[surface].format(slug=event.slug)).get_data(as_text=True)

    assert "Nama Terbuka" in body
    assert "Long Ikis" in body  # the private signer still counts, as group and kecamatan
    for secret in ("Rahasia Wiryawan", "Jabatan Rahasia", "Instansi Rahasia", "Nama Dicabut"):
        assert secret not in body
    for record in (shown, hidden, revoked):
        for trace in private_traces(record):
            assert trace not in body


def test_a_signatory_shows_name_position_institution_group_kecamatan_and_time_in_wita(client):
    event = make_event()
    moment = utcnow().replace(year=2024, month=8, day=12, hour=2, minute=15)
    make_signature(
        event,
        full_name="Andi Baso",
        position="Camat Tanah Grogot",
        institution="Pemerintah Kecamatan Tanah Grogot",
        category="camat",
        area_code="64.01.04",
        now=moment,
    )
    page = client.get(f"/e/{event.slug}/signatories").text
    for text in (
        "Andi Baso",
        "Camat Tanah Grogot · Pemerintah Kecamatan Tanah Grogot",
        "Camat",
        "Kec. Tanah Grogot",
        "Senin, 12 Agustus 2024, pukul 10.15 WITA",
    ):
        assert text in page


def names_on(page):
    return re.findall(r'<p class="who"><strong>([^<]*)</strong>', page)


def test_filters_by_group_and_kecamatan_combine_and_stay_in_the_next_link(client, monkeypatch):
    event = make_event()
    for n in range(3):
        make_signature(
            event, phone=None, full_name=f"Camat Kuaro {n}", category="camat", area_code="64.01.05"
        )
    make_signature(event, phone=None, full_name="Camat Lain", category="camat", area_code="64.01.08")
    make_signature(event, phone=None, full_name="Polisi Kuaro", category="police", area_code="64.01.05")

    assert set(names_on(client.get(f"/e/{event.slug}/signatories?category=camat").text)) == {
        "Camat Kuaro 0",
        "Camat Kuaro 1",
        "Camat Kuaro 2",
        "Camat Lain",
    }
    both = client.get(f"/e/{event.slug}/signatories?category=camat&area=64.01.05").text
    assert names_on(both) == ["Camat Kuaro 2", "Camat Kuaro 1", "Camat Kuaro 0"]
    assert '<option selected value="camat">' in both
    assert '<option selected value="64.01.05">Kuaro</option>' in both
    # A link made when the filter named the kecamatan still works.
    legacy = client.get(f"/e/{event.slug}/signatories?category=camat&kecamatan=Kuaro").text
    assert names_on(legacy) == names_on(both)

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    first = client.get(f"/e/{event.slug}/signatories?category=camat&area=64.01.05").text
    link = re.search(r'href="([^"]+)" rel="next"', first).group(1).replace("&amp;", "&")
    assert "category=camat" in link and "area=64.01.05" in link
    assert names_on(client.get(link).text) == ["Camat Kuaro 0"]


def test_unknown_filter_values_are_ignored_rather_than_refused(client):
    event = make_event()
    make_signatures(event, 2)
    page = client.get(f"/e/{event.slug}/signatories?category=nope&kecamatan=Atlantis&area=99.99")
    assert page.status_code == 200
    assert len(names_on(page.text)) == 2


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("siti", ["Siti Aminah"]),
        ("AMINAH", ["Siti Aminah"]),
        ("a", ["Siti Aminah", "Budi 100% Santoso", "Andi_Baso"]),
        ("100%", ["Budi 100% Santoso"]),
        ("n_i", []),  # an underscore is a letter here, not a wildcard
        ("i%o", []),  # nor is a percent sign
        ("Rahasia", []),  # a withheld name cannot be found, not even that it exists
    ],
)
def test_the_name_search_finds_only_names_shown_to_the_public(client, query, found):
    event = make_event()
    for name in ("Andi_Baso", "Budi 100% Santoso", "Siti Aminah"):
        make_signature(event, phone=None, full_name=name)
    make_private_signer(event, full_name="Rahasia Wiryawan")
    page = client.get(f"/e/{event.slug}/signatories", query_string={"q": query}).text
    assert sorted(names_on(page)) == sorted(found)
    if not found:
        assert "Tidak ada tanda tangan yang cocok dengan penyaring ini." in page


def test_pages_neither_repeat_nor_skip_when_signatures_arrive_between_them(client):
    event = make_event()
    make_signatures(event, 5)
    first = client.get(f"/e/{event.slug}/signatories.json?limit=2").json
    make_signatures(event, 3, start=100)  # arrive while the reader is on page one
    names = [row["name"] for row in first["signatories"]]
    url = first["next"]
    while url:
        page = client.get(url).json
        names += [row["name"] for row in page["signatories"]]
        url = page["next"]
    assert names == [f"Penanda {n:03d}" for n in (4, 3, 2, 1, 0)]


def test_signatures_of_the_same_instant_are_each_listed_once_across_pages(client):
    event = make_event()
    moment = utcnow()
    for n in range(5):
        make_signature(event, phone=None, full_name=f"Serentak {n}", now=moment)
    names, url = [], f"/e/{event.slug}/signatories.json?limit=2"
    while url:
        page = client.get(url).json
        names += [row["name"] for row in page["signatories"]]
        url = page["next"]
    assert sorted(names) == [f"Serentak {n}" for n in range(5)]


def test_a_name_with_markup_is_text_on_the_wall_and_in_the_live_feed(client):
    event = make_event()
    make_signature(event, full_name='<script>alert("x")</script>')
    wall = client.get(f"/e/{event.slug}/signatories").text
    assert "<script>alert" not in wall and "&lt;script&gt;alert" in wall
    live = client.get(f"/e/{event.slug}/live.json")
    assert live.mimetype == "application/json"
    assert live.json["signatories"][0]["headline"] == '<script>alert("x")</script>'


def test_the_totals_show_every_group_and_kecamatan_with_the_missing_ones_marked(client):
    event = make_event()
    make_signatures(event, 3, category="camat", area_code="64.01.05")
    make_signature(event, phone=None, category="police", area_code="64.01.08")
    page = client.get(f"/e/{event.slug}/signatories").text
    assert '<strong id="total">4</strong>' in page
    bars = dict(
        re.findall(r'<span class="bar-label">([^<]*)</span>\s*<span class="bar-n">([^<]*)</span>', page)
    )
    assert bars["Camat"] == "3" and bars["Kepolisian"] == "1"
    assert bars["Kuaro"] == "3" and bars["Long Kali"] == "1"
    assert bars["Tokoh adat"] == "belum ada" and bars["Muara Samu"] == "belum ada"
    widths = re.findall(r'<rect class="fill" width="([0-9.]+)"', page)
    assert "100.0" in widths and "33.3" in widths


def test_the_wall_reads_counters_instead_of_counting_signatures(app, client):
    event = make_event()
    make_signatures(event, 3)
    statements = []

    def remember(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement.lower())

    sa_event.listen(db.engine, "before_cursor_execute", remember)
    try:
        assert client.get(f"/e/{event.slug}/signatories").status_code == 200
    finally:
        sa_event.remove(db.engine, "before_cursor_execute", remember)
    assert statements
    assert not [s for s in statements if "count(" in s]


def test_candidate_pairs_appear_in_ballot_order_with_equal_weight(client):
    event = make_event()
    make_pair(event, 3, "Calon Tiga", "Wakil Tiga", "Tim Tiga")
    make_pair(event, 1, "Calon Satu", "Wakil Satu", "Tim Satu")
    make_pair(event, 2, "Calon Dua", "Wakil Dua", "Tim Dua")
    page = client.get(f"/e/{event.slug}/signatories").text
    items = re.findall(r'<li class="pair">(.*?)</li>', page, re.S)
    assert [re.search(r"No\. Urut (\d)", item).group(1) for item in items] == ["1", "2", "3"]
    shapes = {re.sub(r">[^<]*<", "><", item) for item in items}
    assert len(shapes) == 1  # the same markup for every pair: nobody stands out
    assert "Tim kampanye: Tim Dua" in page


def test_without_candidate_pairs_the_wall_has_no_such_section(client):
    event = make_event()
    assert 'id="pairs-title"' not in client.get(f"/e/{event.slug}/signatories").text


@pytest.mark.parametrize(
    "path", ["signatories", "signatories.json", "signatories.csv", "live", "live.json", "qr.svg"]
)
def test_a_draft_event_has_no_public_surface(client, path):
    event = make_event(state=EventState.DRAFT)
    assert client.get(f"/e/{event.slug}/{path}").status_code == 404
