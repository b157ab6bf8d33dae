"""Five people's journeys from start to finish, in a real browser.

Each writes a screenshot of its last screen to tests/artifacts/.
"""

import io
import re
import zipfile
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader
from sqlalchemy import select

from pledge import roster
from pledge.extensions import db
from pledge.models import Seat, SignatureRecord
from tests.browser.conftest import (
    SHOW_NAME,
    SIGN,
    agree_to_everything,
    fill_sign_form,
    log_in,
    screenshot,
    touch_stroke,
)
from tests.builders import make_event, make_signature
from tests.console_builders import PASSWORD, invitation_path, make_organiser, make_seat

pytestmark = pytest.mark.browser


def test_pak_andi_the_camat_signs_from_his_whatsapp_invitation_and_keeps_the_certificate(live_server, phone):
    event = make_event()
    seat = make_seat(event, institution="Kecamatan Kuaro", position="Camat Kuaro", area_code="64.01.05")

    # The organiser sends him the invitation through WhatsApp; he taps the link in it.
    message = roster.invitation_message(seat, live_server + invitation_path(seat))
    received = parse_qs(urlparse(roster.whatsapp_link(message)).query)["text"][0]
    link = re.search(r"http://\S+", received).group(0)
    phone.goto(link)
    # His seat is filled in for him.
    expect(phone.get_by_label("Jabatan")).to_have_value("Camat Kuaro")
    expect(phone.get_by_label("Unsur pemangku kepentingan")).to_have_value("camat")
    phone.get_by_label("Nama lengkap").fill("Andi Baso, S.Sos.")
    phone.get_by_label("Nomor WhatsApp").fill("0812 3456 7890")
    agree_to_everything(phone, event)
    phone.get_by_label(SHOW_NAME).check()
    touch_stroke(phone, "#signature-pad", [(0.1, 0.7), (0.3, 0.2), (0.5, 0.8), (0.7, 0.3), (0.9, 0.6)])
    phone.get_by_role("button", name=SIGN).click()
    phone.wait_for_url("**/s/**")

    with phone.expect_download() as download:
        phone.get_by_role("link", name="Unduh sertifikat Anda (PDF)").click()
    pdf = download.value
    assert pdf.suggested_filename.endswith(".pdf")
    data = Path(pdf.path()).read_bytes()
    assert data.startswith(b"%PDF-")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "Andi Baso, S.Sos." in text
    record = db.session.scalars(select(SignatureRecord)).one()
    assert record.signature_method == "drawn"
    db.session.expire_all()  # the seat was loaded before the server used it
    assert db.session.get(Seat, seat.id).signature_id == record.id
    assert record.certificate_label in text
    screenshot(phone, "journey-a-camat-signs-from-his-invitation")


def test_kh_abdul_rahman_signs_with_a_typed_signature_using_only_the_keyboard(live_server, phone):
    event = make_event()
    keyboard = phone.keyboard
    phone.goto(f"{live_server}/e/{event.slug}")

    # From the event page to the form: Tab to the first link that leads to signing, Enter.
    while phone.evaluate("document.activeElement.textContent.trim()") != "Baca dan tanda tangani":
        keyboard.press("Tab")
    keyboard.press("Enter")
    phone.wait_for_url("**/sign")

    while phone.evaluate("document.activeElement.id") != "full_name":
        keyboard.press("Tab")
    keyboard.type("K.H. Abdul Rahman")
    for text in ("Ketua MUI Kabupaten Paser", "Majelis Ulama Indonesia"):
        keyboard.press("Tab")
        keyboard.type(text)
    keyboard.press("Tab")
    assert phone.evaluate("document.activeElement.id") == "category"
    while phone.locator("#category").input_value() != "religious_leader":
        keyboard.press("ArrowDown")
    for version in event.current_versions():
        while phone.evaluate("document.activeElement.id") != f"agree_{version.id}":
            keyboard.press("Tab")
        keyboard.press("Space")
        assert phone.locator(f"#agree_{version.id}").is_checked()
    while phone.evaluate("document.activeElement.id") != "signature_typed":
        keyboard.press("Tab")
    keyboard.type("Abdul Rahman")
    keyboard.press("Enter")

    phone.wait_for_url(re.compile(r".*/s/[^/]+$"))
    record = db.session.scalars(select(SignatureRecord)).one()
    assert (record.full_name, record.category, record.signature_method) == (
        "K.H. Abdul Rahman",
        "religious_leader",
        "typed",
    )
    expect(phone.locator("#certificate-number")).to_have_text(record.certificate_label)
    screenshot(phone, "journey-a-religious-leader-signs-with-the-keyboard")


def test_ibu_rina_browses_the_wall_and_narrows_it_to_her_kecamatan(live_server, phone):
    event = make_event()
    make_signature(event, phone=None, full_name="Warga Kuaro", area_code="64.01.05")
    make_signature(event, phone=None, full_name="Warga Long Ikis", area_code="64.01.06", category="camat")
    make_signature(event, phone=None, full_name="Nama Tersembunyi", area_code="64.01.05", show_name=False)

    phone.goto(f"{live_server}/e/{event.slug}")
    phone.get_by_role("link", name="Lihat daftar penanda tangan").click()
    phone.wait_for_url("**/signatories")
    hidden = "Seorang penanda tangan (nama tidak ditampilkan)"
    assert sorted(phone.locator(".wall .who").all_inner_texts()) == [hidden, "Warga Kuaro", "Warga Long Ikis"]

    phone.get_by_text("Siapa yang sudah menandatangani, menurut unsur dan kecamatan").click()
    phone.get_by_label("Kecamatan", exact=True).select_option("Kuaro")
    phone.get_by_role("button", name="Tampilkan").click()
    phone.wait_for_url("**area=64.01.05**")

    assert sorted(phone.locator(".wall .who").all_inner_texts()) == [hidden, "Warga Kuaro"]
    assert "Nama Tersembunyi" not in phone.content()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "journey-a-visitor-filters-the-wall")


def test_mas_joko_at_the_venue_sees_a_new_signature_arrive_on_the_screen(live_server, projector, phone):
    event = make_event()
    make_signature(event, phone="+6281200000001", full_name="Andi Baso")
    projector.goto(f"{live_server}/e/{event.slug}/live")
    expect(projector.locator("#live-total")).to_have_text("1")

    # Someone in the hall signs on their phone while the screen is up.
    phone.goto(f"{live_server}/e/{event.slug}/sign")
    fill_sign_form(
        phone,
        event,
        "Siti Aminah",
        "Ketua Fatayat NU Paser",
        "Fatayat NU",
        "religious_leader",
        typed="Siti Aminah",
    )
    phone.get_by_role("button", name=SIGN).click()
    phone.wait_for_url("**/s/**")

    expect(projector.locator("#live-list .live-name").first).to_have_text("Siti Aminah", timeout=5000)
    expect(projector.locator("#live-total")).to_have_text("2")
    expect(projector.locator("#live-list .live-item.fresh")).to_have_count(1)
    screenshot(projector, "journey-the-venue-screen-shows-a-new-signature")


def test_ibu_sari_the_organiser_runs_the_kiosk_for_two_signers(live_server, tablet):
    event = make_event(title="Deklarasi Pilkada Damai Kabupaten Paser 2024")
    make_organiser(events=[event])
    log_in(tablet, live_server)
    tablet.get_by_role("link", name=event.title).click()
    tablet.get_by_role("button", name="Buka kios").click()  # a POST: a link cannot lock a console
    tablet.wait_for_url("**/kiosk")

    signers = [("Andi Baso", "Kepala Bakesbangpol", "typed"), ("Siti Aminah", "Ketua MUI", "drawn")]
    for name, position, method in signers:
        fill_sign_form(
            tablet,
            event,
            name,
            position,
            "Pemerintah Kabupaten Paser",
            "regional_government",
            typed=name if method == "typed" else None,
        )
        if method == "drawn":
            touch_stroke(tablet, "#signature-pad", [(0.1, 0.7), (0.3, 0.2), (0.6, 0.8), (0.9, 0.3)])
        tablet.get_by_role("button", name=SIGN).click()
        expect(tablet.locator("#kiosk-thanks")).to_be_visible()
        expect(tablet.locator("#certificate-number")).to_be_visible()
        tablet.get_by_role("link", name="Penanda tangan berikutnya").click()
        expect(tablet.locator("#full_name")).to_have_value("")

    records = db.session.scalars(select(SignatureRecord).order_by(SignatureRecord.id)).all()
    assert [(r.full_name, r.signature_method) for r in records] == [
        (name, method) for name, _, method in signers
    ]

    # The ceremony is over: she leaves the kiosk with her password.
    tablet.get_by_role("link", name="Keluar dari kios").click()
    tablet.get_by_label("Kata sandi").fill(PASSWORD)
    tablet.get_by_label("Kata sandi").press("Enter")
    tablet.wait_for_url(f"**/admin/events/{event.id}")

    # She takes the archive home: every certificate as a ZIP, and the official record.
    with tablet.expect_download() as zipped:
        tablet.get_by_role("link", name="Semua sertifikat (ZIP)").click()
    with zipfile.ZipFile(zipped.value.path()) as archive:
        pdfs = [name for name in archive.namelist() if name.endswith(".pdf")]
        assert len(pdfs) == len(signers)
        for record in records:
            assert any(record.certificate_label in name for name in pdfs)
    with tablet.expect_download() as official:
        tablet.get_by_role("link", name="Berita acara (PDF)").click()
    text = "".join(page.extract_text() for page in PdfReader(official.value.path()).pages)
    for name, _, _ in signers:
        assert name in text
    screenshot(tablet, "journey-an-organiser-runs-the-kiosk")
