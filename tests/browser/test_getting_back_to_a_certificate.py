"""Signers who lost their private link get back to their certificate: by a code on their
phone where a gateway is set, or from the organisers' screen."""

import re

import pytest
from playwright.sync_api import expect

from pledge import messaging
from pledge.extensions import db
from pledge.models import SignatureRecord
from pledge.tokens import signer_token
from tests.browser.conftest import assert_accessible, log_in, screenshot
from tests.builders import make_event, make_signature
from tests.conftest import make_app, opened
from tests.console_builders import make_organiser
from tests.fake_gateway import FakeGateway, sms_settings

pytestmark = pytest.mark.browser


@pytest.fixture
def gateway():
    with FakeGateway() as fake:
        yield fake


@pytest.fixture
def live_app(tmp_path, gateway):
    """The live server's app, with an SMS gateway (the fake one on 127.0.0.1)."""
    opening = opened(make_app(tmp_path, **sms_settings(gateway)))
    app = next(opening)
    yield app
    messaging.wait()
    next(opening, None)


def test_pak_rahmat_lost_his_link_and_opens_his_certificate_with_a_code(live_server, phone, gateway):
    event = make_event(title="Deklarasi Pilkada Damai Kabupaten Paser 2024")
    record = make_signature(event, phone="+6281234567890", full_name="Rahmat Hidayat")

    phone.goto(f"{live_server}/e/{event.slug}")
    phone.get_by_role("link", name="Sudah menandatangani dan tautan sertifikat Anda hilang?").click()
    assert_accessible(phone, "recover with a gateway")
    screenshot(phone, "recover-ask-for-a-code")
    phone.get_by_label("Nomor WhatsApp yang Anda pakai saat menandatangani").fill("0812 3456 7890")
    phone.get_by_role("button", name="Kirimi saya kode").click()
    expect(phone.locator("#code-on-its-way")).to_contain_text("kode 6 angka sedang dikirim")
    assert_accessible(phone, "recover code")

    messaging.wait()
    code = re.match(r"(\d{6}) ", gateway.received[-1].body["message"]).group(1)
    phone.get_by_label("Kode 6 angka").fill("000000" if code != "000000" else "111111")
    phone.get_by_role("button", name="Buka sertifikat saya").click()
    expect(phone.locator("#code-error")).to_have_text(
        "Kode ini tidak tepat. Periksa keenam angkanya lalu coba lagi."
    )
    assert_accessible(phone, "recover code refused")
    screenshot(phone, "recover-a-wrong-code")
    phone.get_by_label("Kode 6 angka").fill(code)
    phone.get_by_role("button", name="Buka sertifikat saya").click()

    expect(phone.locator("#certificate-number")).to_have_text(record.certificate_label)
    assert phone.url == f"{live_server}/s/{signer_token(record)}"
    screenshot(phone, "journey-a-signer-gets-back-to-his-certificate-with-a-code")


def test_ibu_sari_hands_a_fresh_link_to_a_signer_who_lost_hers(live_server, desk, phone):
    event = make_event(title="Deklarasi Pilkada Damai Kabupaten Paser 2024")
    make_organiser(events=[event])
    record = make_signature(event, phone="+6281234567890", full_name="Siti Aminah")
    old_link = f"{live_server}/s/{signer_token(record)}"

    log_in(desk, live_server)
    desk.goto(f"{live_server}/admin/events/{event.id}/signatures")
    desk.get_by_label("Cari nama, instansi, atau nomor sertifikat").fill("Siti")
    desk.get_by_role("button", name="Saring").click()
    desk.locator(f"#record-{record.id}").get_by_text("Berikan tautan baru").click()
    desk.get_by_role("button", name="Buat dan tampilkan tautan baru").click()
    qr = desk.locator("#fresh-link-qr")
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
    expect(desk.get_by_role("link", name="Kirim lewat WhatsApp ke nomor penanda tangan")).to_have_attribute(
        "href", re.compile(r"^https://wa\.me/6281234567890\?text=Yth\.%20Siti%20Aminah")
    )
    new_link = desk.locator("#fresh-link-url").inner_text()
    screenshot(desk, "journey-an-organiser-hands-over-a-fresh-link")

    # The signer scans it: her page opens; the link she lost no longer does.
    db.session.expire_all()
    assert (
        new_link == f"https://damai.example.id/s/{signer_token(db.session.get(SignatureRecord, record.id))}"
    )
    phone.goto(new_link.replace("https://damai.example.id", live_server))
    expect(phone.locator("#certificate-number")).to_have_text(record.certificate_label)
    assert phone.goto(old_link).status == 404


def test_a_kiosk_signer_who_needs_more_time_keeps_the_done_screen(live_server, tablet, monkeypatch):
    from pledge.console import kiosk
    from tests.browser.conftest import SIGN, fill_sign_form

    monkeypatch.setattr(kiosk, "DONE_SECONDS", 3)
    event = make_event()
    make_organiser(events=[event])
    log_in(tablet, live_server)
    tablet.goto(f"{live_server}/admin/events/{event.id}/kiosk")
    tablet.locator("#open-kiosk").click()
    tablet.locator("#sign-form").wait_for()
    fill_sign_form(
        tablet,
        event,
        "Andi Baso",
        "Camat Kuaro",
        "Kecamatan Kuaro",
        "camat",
        phone="0812 3456 7890",
        typed="Andi Baso",
    )
    tablet.get_by_role("button", name=SIGN).click()
    expect(tablet.locator("#kiosk-done")).to_contain_text(
        "Tautannya juga sedang dikirim ke nomor yang Anda berikan."
    )
    tablet.wait_for_timeout(2000)
    tablet.get_by_role("button", name="Saya perlu waktu lebih").click()
    tablet.wait_for_timeout(2000)  # past the first 3 s: still there, the count started again
    expect(tablet.locator("#certificate-number")).to_be_visible()
    tablet.wait_for_selector("#sign-form", timeout=5000)
