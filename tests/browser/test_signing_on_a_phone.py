"""A camat signs the declaration on a phone, drawing with a finger."""

import pytest
from sqlalchemy import select

from pledge.extensions import db
from pledge.models import SignatureRecord
from tests.browser.conftest import SIGN, fill_sign_form, screenshot, touch_stroke
from tests.builders import make_event

pytestmark = pytest.mark.browser


def test_a_camat_signs_on_a_phone_with_a_finger(live_server, phone):
    event = make_event()
    phone.goto(f"{live_server}/e/{event.slug}")
    phone.get_by_role("link", name="Baca dan tanda tangani").click()

    # Nothing is wider than the phone: no horizontal scrolling.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    fill_sign_form(
        phone,
        event,
        "Andi Baso",
        "Camat Tanah Grogot",
        "Pemerintah Kecamatan Tanah Grogot",
        "camat",
        area="64.01.04",
        phone="0812 3456 7890",
    )

    touch_stroke(phone, "#signature-pad", [(0.1, 0.7), (0.3, 0.2), (0.5, 0.8), (0.7, 0.3), (0.9, 0.6)])
    assert phone.locator("#signature_drawn").input_value().startswith("data:image/png;base64,")

    phone.get_by_role("button", name=SIGN).click()
    phone.wait_for_url("**/s/**")
    number = phone.locator("#certificate-number").inner_text()
    screenshot(phone, "a-camat-signs-on-a-phone")

    record = db.session.scalars(select(SignatureRecord)).one()
    assert number == record.certificate_label
    assert record.signature_method == "drawn"
    assert phone.get_by_role("link", name="Lihat daftar penanda tangan").is_visible()


def test_a_refused_form_keeps_the_drawing_and_focuses_the_first_error(live_server, phone):
    event = make_event()
    phone.goto(f"{live_server}/e/{event.slug}/sign")
    touch_stroke(phone, "#signature-pad", [(0.2, 0.5), (0.5, 0.2), (0.8, 0.6)])
    phone.get_by_role("button", name=SIGN).click()
    phone.wait_for_load_state()
    assert phone.locator("#full_name-error").inner_text() == "Silakan tulis nama lengkap Anda."
    assert phone.evaluate("document.activeElement.id") == "full_name"
    assert phone.locator("#signature_drawn").input_value().startswith("data:image/png;base64,")
    screenshot(phone, "a-refused-form-on-a-phone")


def test_a_signer_shares_the_public_check_with_the_phones_share_sheet(live_server, phone):
    from pledge.tokens import signer_token
    from tests.builders import make_signature

    event = make_event()
    record = make_signature(event)
    phone.add_init_script(
        "window.__shared = null; navigator.share = (data) => { window.__shared = data; return Promise.resolve(); };"
    )
    phone.goto(f"{live_server}/s/{signer_token(record)}")
    phone.get_by_role("button", name="Bagikan", exact=True).click()
    shared = phone.evaluate("window.__shared")
    assert shared["url"] == f"https://damai.example.id/verify/{record.certificate_number}"
    assert "/s/" not in shared["text"]
