"""Signing in a hall with no signal: nothing is lost and nothing is sent twice."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from pledge.extensions import db
from pledge.models import SignatureRecord
from tests.browser.conftest import SIGN, fill_sign_form, screenshot
from tests.builders import make_event

pytestmark = pytest.mark.browser


def wait_for_service_worker(page):
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    if not page.evaluate("!!navigator.serviceWorker.controller"):
        page.reload()
    assert page.evaluate("!!navigator.serviceWorker.controller")


def test_a_signer_with_no_signal_signs_and_it_arrives_once_when_the_signal_returns(live_server, phone):
    event = make_event()
    phone.goto(f"{live_server}/e/{event.slug}/sign")
    wait_for_service_worker(phone)
    fill_sign_form(
        phone,
        event,
        "Ustaz Hasan Basri",
        "Tokoh Agama",
        "Masjid Agung Tanah Grogot",
        "religious_leader",
        typed="Ustaz Hasan Basri",
    )

    phone.context.set_offline(True)
    phone.get_by_role("button", name=SIGN).click()
    # "Sending…" shows first; the offline message replaces it once the send has failed.
    expect(phone.locator("#offline-status")).to_have_text(
        re.compile(r"^Tidak ada sinyal\. Tanda tangan Anda disimpan di ponsel ini")
    )
    assert db.session.scalar(select(func.count(SignatureRecord.id))) == 0
    screenshot(phone, "signed-with-no-signal")

    phone.context.set_offline(False)
    phone.wait_for_url(re.compile(r".*/s/[^/]+$"), timeout=15000)
    number = phone.locator("#certificate-number").inner_text()
    record = db.session.scalars(select(SignatureRecord)).one()
    assert number == record.certificate_label

    phone.goto(f"{live_server}/e/{event.slug}/signatories")
    assert phone.get_by_text("Ustaz Hasan Basri", exact=True).count() == 1
    assert (
        phone.evaluate(
            "new Promise(r => { const q = indexedDB.open('pledge-offline', 1);"
            " q.onsuccess = () => { const g = q.result.transaction('pending').objectStore('pending').count();"
            " g.onsuccess = () => r(g.result); }; })"
        )
        == 0
    )


def test_the_sign_page_opens_offline_once_it_was_opened(live_server, phone):
    event = make_event()
    phone.goto(f"{live_server}/e/{event.slug}/sign")
    wait_for_service_worker(phone)
    phone.reload()  # the controlled page is now in the worker's cache
    phone.context.set_offline(True)
    phone.reload()
    assert phone.get_by_role("button", name=SIGN).is_visible()
    assert phone.locator("link[rel=stylesheet]").count() == 1
    assert phone.evaluate("getComputedStyle(document.querySelector('header.site')).display") == "flex"
