"""The public pages every visitor sees, and the error pages."""

import pytest

from pledge import transitions
from pledge.models import EventState
from tests.builders import make_event, make_signature


def test_the_home_page_lists_open_events_but_not_drafts(client):
    make_event(slug="terbuka", title="Deklarasi Terbuka")
    make_event(slug="konsep", title="Deklarasi Konsep", state=EventState.DRAFT)
    page = client.get("/")
    assert page.status_code == 200
    assert "Deklarasi Terbuka" in page.text and "Deklarasi Konsep" not in page.text


def test_the_event_page_shows_the_texts_and_a_sign_button(client):
    event = make_event()
    page = client.get(f"/e/{event.slug}")
    assert page.status_code == 200
    for version in event.current_versions():
        assert version.title in page.text
        assert version.sha256[:16] in page.text
    assert f'href="/e/{event.slug}/sign"' in page.text
    assert "Senin, 12 Agustus 2024" in page.text


def test_the_sign_page_offers_every_field(client):
    event = make_event()
    page = client.get(f"/e/{event.slug}/sign")
    assert page.status_code == 200
    for name in (
        "full_name",
        "position",
        "institution",
        "category",
        "area",
        "phone",
        "show_name",
        "signature_drawn",
        "signature_typed",
        "client_key",
    ):
        assert f'name="{name}"' in page.text
    for version in event.current_versions():
        assert f'name="agree_{version.id}"' in page.text
    for code, name in (
        ("64.01.09", "Batu Engau"),
        ("64.01.02", "Tanjung Harapan"),
        ("64.01.10", "Muara Samu"),
    ):
        assert f'<option value="{code}">{name}</option>' in page.text
    assert "Paser Belengkong</option>" in page.text and "Pasir" not in page.text
    assert "Tokoh adat" in page.text
    assert "<script" in page.text and "sign.js" in page.text


def test_the_wall_shows_names_only_with_consent_and_never_phones(client):
    event = make_event()
    make_signature(event, full_name="Nama Terbuka", phone="+6281200000001", show_name=True)
    make_signature(
        event, full_name="Nama Rahasia", phone="+6281200000002", show_name=False, area_code="64.01.06"
    )
    page = client.get(f"/e/{event.slug}/signatories")
    assert "Nama Terbuka" in page.text
    assert "Nama Rahasia" not in page.text
    assert "Kec. Long Ikis" in page.text
    assert "81200000001" not in page.text and "81200000002" not in page.text


def test_a_name_with_markup_is_shown_as_text(client):
    event = make_event()
    make_signature(event, full_name="<script>alert(1)</script>")
    page = client.get(f"/e/{event.slug}/signatories")
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


def test_revoked_records_leave_the_wall(client):
    event = make_event()
    record = make_signature(event, full_name="Dicabut")
    transitions.revoke(record, "Salah orang", "admin")
    assert "Dicabut" not in client.get(f"/e/{event.slug}/signatories").text


def test_the_wall_pages_with_a_cursor(client):
    from pledge.wall import listing

    event = make_event()
    for index in range(5):
        make_signature(event, full_name=f"Penanda {index}", phone=None)
    first, cursor = listing.public_page(event, size=2)
    second, cursor2 = listing.public_page(event, cursor, size=2)
    make_signature(event, full_name="Datang belakangan", phone=None)
    third, cursor3 = listing.public_page(event, cursor2, size=2)
    names = [row.name for row in first + second + third]
    assert names == [f"Penanda {i}" for i in (4, 3, 2, 1, 0)]
    assert cursor3 is None
    page = client.get(f"/e/{event.slug}/signatories", query_string={"after": str(cursor)})
    assert "Penanda 2" in page.text and "Penanda 4" not in page.text


@pytest.mark.parametrize("after", ["garbage", "x" * 500, "20240101T000000.000000_abc"])
def test_a_malformed_cursor_shows_the_first_page(client, after):
    event = make_event()
    assert client.get(f"/e/{event.slug}/signatories", query_string={"after": after}).status_code == 200


@pytest.mark.parametrize("url", ["/e/tidak-ada", "/e/tidak-ada/sign", "/e/../../etc/passwd", "/nothing/here"])
def test_unknown_pages_get_a_readable_404(client, url):
    page = client.get(url)
    assert page.status_code == 404
    assert "Halaman tidak ditemukan" in page.text
    assert "Traceback" not in page.text


def test_an_unexpected_error_gets_a_readable_500(app, client, monkeypatch):
    from pledge import national

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(national, "overview", broken)
    page = client.get("/")
    assert page.status_code == 500
    assert "Terjadi kesalahan" in page.text and "boom" not in page.text


def test_a_database_that_is_unavailable_gets_a_readable_503(app, client, monkeypatch):
    from sqlalchemy.exc import OperationalError

    from pledge import national

    def unavailable(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("database is locked"))

    monkeypatch.setattr(national, "overview", unavailable)
    page = client.get("/")
    assert page.status_code == 503
    assert page.headers["Retry-After"] == "5"
    assert "Portal sedang sibuk" in page.text
