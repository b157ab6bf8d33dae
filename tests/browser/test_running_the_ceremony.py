"""Organisers at the venue: the kiosk on a tablet, and the console on a phone and a desk."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from pledge.console import kiosk
from pledge.extensions import db
from pledge.models import SignatureRecord
from tests.browser.conftest import SIGN, fill_sign_form, log_in, screenshot, touch_stroke
from tests.builders import make_event, make_signature
from tests.console_builders import make_organiser, make_seat

pytestmark = pytest.mark.browser


def fill_signer(page, event, name, position, phone, **signature):
    fill_sign_form(
        page,
        event,
        name,
        position,
        "Pemerintah Kabupaten Paser",
        "regional_government",
        area="64.01.05",
        phone=phone,
        **signature,
    )


def assert_clean_form(page, leftovers):
    for selector in (
        "#full_name",
        "#position",
        "#institution",
        "#phone",
        "#signature_typed",
        "#signature_drawn",
    ):
        assert page.locator(selector).input_value() == "", selector
    assert page.locator("#category").input_value() == ""
    assert not page.locator("#show_name").is_checked()
    content = page.content()
    for text in leftovers:
        assert text not in content


def test_two_signers_sign_one_after_the_other_on_the_kiosk(live_server, tablet, monkeypatch):
    monkeypatch.setattr(kiosk, "DONE_SECONDS", 2)
    event = make_event()
    make_organiser(events=[event])
    log_in(tablet, live_server)
    tablet.goto(f"{live_server}/admin/events/{event.id}/kiosk")
    tablet.locator("#open-kiosk").click()
    tablet.locator("#sign-form").wait_for()

    # The browser is asked to remember nothing: no autofill, no cached page.
    assert tablet.locator("#sign-form").get_attribute("autocomplete") == "off"
    for selector in ("#full_name", "#position", "#institution", "#phone", "#signature_typed"):
        assert tablet.locator(selector).get_attribute("autocomplete") == "off"

    fill_signer(tablet, event, "Andi Baso", "Kepala Bakesbangpol", "0812 3456 7890", typed="Andi Baso")
    with tablet.expect_response(lambda r: r.request.method == "GET" and "/kiosk/done" in r.url) as landing:
        tablet.get_by_role("button", name=SIGN).click()
    assert landing.value.headers["cache-control"] == "no-store"
    # The signer sees their number and a QR code of their private page, and nothing else of theirs.
    first = db.session.scalars(select(SignatureRecord)).one()
    expect(tablet.locator("#kiosk-thanks")).to_have_text("Terima kasih! Tanda tangan Anda telah tersimpan.")
    expect(tablet.locator("#certificate-number")).to_have_text(first.certificate_label)
    assert tablet.locator("#kiosk-done img.qr").evaluate("img => img.complete && img.naturalWidth > 0")
    assert "Kepala Bakesbangpol" not in tablet.content()
    screenshot(tablet, "the-kiosk-done-screen")
    tablet.get_by_role("link", name="Penanda tangan berikutnya").click()
    tablet.wait_for_selector("#sign-form")
    first_signer = ["Andi Baso", "Kepala Bakesbangpol", "3456", "7890", first.certificate_label]
    assert_clean_form(tablet, first_signer)

    # Going back shows a fresh form too, neither the done screen nor the first signer's answers.
    tablet.go_back()
    tablet.wait_for_load_state()
    assert_clean_form(tablet, first_signer)
    tablet.go_forward()
    tablet.wait_for_load_state()

    fill_signer(tablet, event, "Siti Aminah", "Ketua MUI", "0813 9999 0000")
    touch_stroke(tablet, "#signature-pad", [(0.1, 0.7), (0.3, 0.2), (0.6, 0.8), (0.9, 0.3)])
    tablet.get_by_role("button", name=SIGN).click()
    tablet.wait_for_selector("#kiosk-done")
    # Nobody touches the tablet: the done screen clears by itself (DONE_SECONDS, shortened here).
    tablet.wait_for_selector("#sign-form", timeout=10_000)
    assert tablet.url.endswith(f"/admin/events/{event.id}/kiosk")
    assert_clean_form(tablet, [*first_signer, "Siti Aminah", "Ketua MUI"])
    screenshot(tablet, "the-kiosk-after-two-signers")

    records = db.session.scalars(select(SignatureRecord).order_by(SignatureRecord.id)).all()
    assert [(r.full_name, r.signature_method) for r in records] == [
        ("Andi Baso", "typed"),
        ("Siti Aminah", "drawn"),
    ]


@pytest.mark.parametrize("width", [390, 1280])
def test_an_organiser_reads_the_console_on_a_phone_and_a_desk(live_server, browser, width):
    event = make_event(title="Deklarasi Pilkada Damai Kabupaten Paser 2024")
    make_organiser(events=[event])
    seat = make_seat(event)
    make_seat(
        event, category="police", institution="Kepolisian Resor Paser", position="Kapolres", area_code=None
    )
    make_signature(event, seat=seat, full_name="Budi Santoso")
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="id-ID")
    page = context.new_page()
    try:
        log_in(page, live_server)
        pages = {
            "event": f"/admin/events/{event.id}",
            "seats": f"/admin/events/{event.id}/seats",
            "invitation": f"/admin/events/{event.id}/seats/{seat.id + 1}",
            "signatories": f"/admin/events/{event.id}/signatures",
            "audit": f"/admin/events/{event.id}/audit",
        }
        for name, path in pages.items():
            page.goto(live_server + path)
            assert page.evaluate("document.documentElement.scrollWidth") <= width, name
            screenshot(page, f"console-{name}-{width}")
        page.goto(live_server + pages["seats"])
        assert "Camat: 1 dari 1 telah menandatangani" in page.locator(".coverage").inner_text()
    finally:
        context.close()
