"""Public pages are light enough for weak mobile data (the sign page within 40 KB, with
everything it loads), ask no other origin, and the sign page works without its script.
Each page's weight is written to tests/artifacts/weights.txt."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from pledge.demo import load_demo
from pledge.extensions import db
from pledge.models import SignatureRecord
from pledge.tokens import signer_token
from tests.browser.conftest import ARTIFACTS, SIGN, TYPE_INSTEAD, fill_sign_form, screenshot
from tests.builders import make_signature

pytestmark = pytest.mark.browser

SIGN_PAGE_BUDGET = 40 * 1024  # the budget for the page most signers open
PAGE_BUDGET = 100 * 1024  # every other public page: still light on weak mobile data


@pytest.fixture
def pages(live_app):
    """The public pages, by name, of the demo event with one signature."""
    event = load_demo()
    record = make_signature(event, full_name="Siti Aminah")
    return {
        "home": "/",
        "event": f"/e/{event.slug}",
        "sign form": f"/e/{event.slug}/sign",
        "signatories": f"/e/{event.slug}/signatories",
        "live screen": f"/e/{event.slug}/live",
        "signer's page": f"/s/{signer_token(record)}",
        "verify": "/verify",
    }


def weigh(page, url):
    """Open `url`; return (bytes uncompressed of the page and all it loaded, files, URLs asked)."""
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(url, wait_until="networkidle")
    sizes = page.evaluate(
        "[performance.getEntriesByType('navigation')[0].decodedBodySize]"
        ".concat(performance.getEntriesByType('resource').map(e => e.decodedBodySize))"
    )
    return sum(sizes), len(sizes), requests


@pytest.mark.parametrize(
    "name", ["home", "event", "sign form", "signatories", "live screen", "signer's page", "verify"]
)
def test_a_public_page_is_light_and_asks_no_other_origin(live_server, phone, pages, name):
    total, files, requests = weigh(phone, live_server + pages[name])
    ARTIFACTS.mkdir(exist_ok=True)
    with (ARTIFACTS / "weights.txt").open("a") as report:
        report.write(f"{name}: {total / 1024:.1f} KB uncompressed over {files} files\n")
    assert total <= (SIGN_PAGE_BUDGET if name == "sign form" else PAGE_BUDGET)
    assert requests and all(url.startswith(live_server) for url in requests)


def test_a_signer_without_javascript_signs_with_a_typed_signature(live_server, browser):
    event = load_demo()
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(f"{live_server}/e/{event.slug}/sign")
    assert not page.locator("#signature-pad").is_visible()
    fill_sign_form(
        page,
        event,
        "Hj. Nur'aini",
        "Ketua Majelis Taklim",
        "Majelis Taklim Kuaro",
        "religious_leader",
        typed="Nur'aini",
        show_name=False,
    )
    page.get_by_role("button", name=SIGN).click()
    page.wait_for_url(re.compile(r".*/s/[^/]+$"))
    screenshot(page, "signed-without-javascript-at-320px")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    record = db.session.scalars(select(SignatureRecord)).one()
    assert record.signature_method == "typed" and record.full_name == "Hj. Nur'aini"
    context.close()


def test_a_signer_without_javascript_who_forgot_the_signature_is_asked_to_type_it(live_server, browser):
    event = load_demo()
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(f"{live_server}/e/{event.slug}/sign")
    fill_sign_form(
        page, event, "Hj. Nur'aini", "Ketua Majelis Taklim", "Majelis Taklim Kuaro", "religious_leader"
    )
    page.get_by_role("button", name=SIGN).click()
    # There is no box on this page: the message asks for what can be done here.
    expect(page.locator("#signature-error")).to_have_text(
        "Silakan ketik nama Anda di bawah ini sebagai tanda tangan."
    )
    assert not page.locator("#signature-pad").is_visible()
    assert page.get_by_label(TYPE_INSTEAD).is_visible()
    context.close()
