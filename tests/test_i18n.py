"""Indonesian first, English on request, and dates written the Indonesian way."""

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from pledge.dates import format_day, format_moment
from tests.builders import make_event

CATALOGUE = (
    Path(__file__).resolve().parent.parent / "pledge" / "translations" / "id" / "LC_MESSAGES" / "messages.po"
)


def test_the_interface_is_indonesian_by_default(client):
    make_event()
    page = client.get("/", headers={"Accept-Language": "en-US,en"})
    assert '<html lang="id">' in page.text
    assert "Deklarasi Pilkada Damai" in page.text


def test_the_switch_turns_the_interface_to_english_and_back(client):
    event = make_event()
    response = client.get("/lang/en", query_string={"next": f"/e/{event.slug}"})
    assert response.status_code == 303 and response.headers["Location"] == f"/e/{event.slug}"
    page = client.get(f"/e/{event.slug}")
    assert '<html lang="en">' in page.text and "Sign the declaration" in page.text
    assert "Monday, 12 August 2024" in page.text
    client.get("/lang/id")
    assert "Tanda tangani deklarasi" in client.get(f"/e/{event.slug}").text


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/x",
        "/\\evil.example",
        "/\t/evil.example",  # a browser drops the tab: //evil.example
        "/\n/evil.example",
        "/\r\n/evil.example",
        "/\x00",
        "/\n",
        "https:/evil.example",
        None,
    ],
)
@pytest.mark.parametrize("code", ["en", "id"])
def test_the_switch_never_redirects_to_another_host(client, target, code):
    response = client.get(f"/lang/{code}", query_string={"next": target} if target else {})
    assert response.status_code == 303
    assert response.headers["Location"] == "/"


def test_the_switch_returns_to_the_page_it_was_pressed_on(client):
    response = client.get("/lang/en", query_string={"next": "/e/paser/signatories?area=64.01.05"})
    assert response.headers["Location"] == "/e/paser/signatories?area=64.01.05"


def test_an_unknown_language_is_ignored(client):
    client.get("/lang/xx")
    assert '<html lang="id">' in client.get("/").text


def test_every_string_has_an_indonesian_translation_and_none_is_fuzzy():
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle)
    untranslated = [m.id for m in catalogue if m.id and not m.string]
    fuzzy = [m.id for m in catalogue if m.id and m.fuzzy]
    assert untranslated == []
    assert fuzzy == []


def test_the_catalogue_has_every_string_in_the_code():
    from babel.messages.extract import extract_from_dir

    root = Path(__file__).resolve().parent.parent
    with CATALOGUE.open("rb") as handle:
        known = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    method_map = [("pledge/**.py", "python"), ("templates/**.html", "jinja2")]
    options = {"templates/**.html": {"extensions": "jinja2.ext.do"}}
    keywords = {"_": None, "gettext": None, "_l": None, "lazy_gettext": None, "ngettext": (1, 2)}
    found = {
        (message if isinstance(message, str) else message[0])
        for _, _, message, _, _ in extract_from_dir(str(root), method_map, options, keywords=keywords)
        if message
    }
    assert sorted(found - known) == []


def test_a_moment_reads_the_indonesian_way_in_wita():
    moment = datetime(2024, 8, 12, 2, 15, tzinfo=UTC)
    assert format_moment(moment, "Asia/Makassar") == "Senin, 12 Agustus 2024, pukul 10.15 WITA"
    assert format_moment(moment, "Asia/Jakarta") == "Senin, 12 Agustus 2024, pukul 09.15 WIB"
    assert format_moment(moment, "Asia/Jayapura") == "Senin, 12 Agustus 2024, pukul 11.15 WIT"
    assert format_moment(moment, "Asia/Makassar", "en") == "Monday, 12 August 2024, 10:15 WITA"


def test_a_day_after_midnight_in_paser_is_the_next_day():
    moment = datetime(2024, 8, 11, 17, 30, tzinfo=UTC)
    assert format_moment(moment, "Asia/Makassar").startswith("Senin, 12 Agustus 2024, pukul 01.30")


def test_a_day_reads_with_its_weekday():
    assert format_day(date(2024, 11, 27)) == "Rabu, 27 November 2024"
