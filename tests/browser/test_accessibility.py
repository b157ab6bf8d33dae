"""Every public page passes axe-core with no serious or critical violation,
at phone width, at 320 px, and zoomed to 200 %."""

import re

import pytest

from pledge.demo import load_demo
from tests.browser.conftest import SIGN, assert_accessible
from tests.builders import make_signature

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(live_app):
    event = load_demo()
    make_signature(event, full_name="Siti Aminah")
    make_signature(event, full_name="Tanpa Nama", phone="+6281300000000", show_name=False)
    return event


def public_pages(event):
    return {
        "home": "/",
        "event": f"/e/{event.slug}",
        "sign form": f"/e/{event.slug}/sign",
        "signatories": f"/e/{event.slug}/signatories",
        "recover without a gateway": f"/e/{event.slug}/recover",
        "not found": "/e/nothing-here",
        "trust guide": "/verify/trust",
    }


@pytest.mark.parametrize(
    "name",
    ["home", "event", "sign form", "signatories", "recover without a gateway", "not found", "trust guide"],
)
def test_a_public_page_passes_axe(live_server, phone, demo, name):
    phone.goto(live_server + public_pages(demo)[name])
    assert_accessible(phone, name)


def test_the_sign_form_with_errors_passes_axe(live_server, phone, demo):
    phone.goto(f"{live_server}/e/{demo.slug}/sign")
    phone.get_by_role("button", name=SIGN).click()
    phone.locator("#form-errors").wait_for()
    assert_accessible(phone, "sign form with errors")
    assert phone.locator("[aria-invalid=true]").first.get_attribute("aria-describedby")


def test_the_sign_form_reads_at_320_px_and_200_percent_zoom(live_server, browser, demo):
    # 200 % zoom of a 640 px window lays out like a 320 px window with doubled type.
    context = browser.new_context(viewport={"width": 640, "height": 800}, device_scale_factor=2)
    page = context.new_page()
    page.goto(f"{live_server}/e/{demo.slug}/sign")
    page.evaluate("document.documentElement.style.zoom = '2'")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    context.close()
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(f"{live_server}/e/{demo.slug}/sign")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    small = page.evaluate(
        "[...document.querySelectorAll('button, a.button, input, select, summary')]"
        ".filter(e => e.offsetParent && e.type !== 'hidden' && e.type !== 'checkbox')"
        ".map(e => e.getBoundingClientRect()).filter(r => r.height < 44).length"
    )
    assert small == 0
    context.close()


def test_a_religious_leader_signs_with_the_keyboard_alone(live_server, phone, demo):
    phone.goto(f"{live_server}/e/{demo.slug}/sign")
    keyboard = phone.keyboard
    phone.locator("#full_name").focus()
    keyboard.type("K.H. Abdul Rahman")
    keyboard.press("Tab")
    keyboard.type("Ketua MUI Kabupaten Paser")
    keyboard.press("Tab")
    keyboard.type("Majelis Ulama Indonesia")
    keyboard.press("Tab")
    phone.keyboard.press("ArrowDown")  # no mouse: choose with the keys
    phone.locator("#category").select_option("religious_leader")
    assert phone.evaluate("document.activeElement.id") == "category"
    # Tab on to each agreement box and tick it with the space bar.
    for version in demo.current_versions():
        box = phone.locator(f"#agree_{version.id}")
        while phone.evaluate("document.activeElement.id") != f"agree_{version.id}":
            keyboard.press("Tab")
        keyboard.press("Space")
        assert box.is_checked()
    while phone.evaluate("document.activeElement.id") != "signature_typed":
        keyboard.press("Tab")
    keyboard.type("Abdul Rahman")
    keyboard.press("Enter")
    phone.wait_for_url(re.compile(r".*/s/[^/]+$"))
    assert phone.locator("#certificate-number").is_visible()


def test_the_signers_private_page_passes_axe(live_server, phone, demo):
    from pledge.tokens import signer_token

    record = make_signature(demo, full_name="Andi Baso", phone="+6281399999999")
    phone.goto(f"{live_server}/s/{signer_token(record)}")
    assert phone.locator("#certificate-number").inner_text() == record.certificate_label
    assert_accessible(phone, "signer's page")
