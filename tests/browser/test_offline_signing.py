"""Signing in a hall with no signal: nothing is lost and nothing is sent twice."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from pledge import transitions
from pledge.extensions import db
from pledge.models import SignatureRecord
from tests.browser.conftest import ARTIFACTS, PHONE, SIGN, fill_sign_form, send_status_texts
from tests.builders import make_event

pytestmark = pytest.mark.browser


def wait_for_service_worker(page):
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    if not page.evaluate("!!navigator.serviceWorker.controller"):
        page.reload()
    assert page.evaluate("!!navigator.serviceWorker.controller")


def test_a_signer_with_no_signal_signs_and_it_arrives_once_when_the_signal_returns(live_server, phone):
    event = make_event()
    told = send_status_texts(phone)
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
    # "Sending…" shows first; the offline message replaces it once the send has failed,
    # just above the button tapped, not in the banner at the top of the page.
    status = phone.locator("#send-status")
    expect(status).to_have_text(re.compile(r"^Tidak ada sinyal\. Tanda tangan Anda disimpan di ponsel ini"))
    expect(status).to_be_in_viewport()
    expect(phone.locator("#offline-status")).to_be_hidden()
    # The status speaks without taking the focus, which stays on the button just tapped.
    assert phone.evaluate("document.activeElement.type") == "submit"
    assert phone.get_by_role("button", name=SIGN).get_attribute("aria-disabled") == "true"
    assert db.session.scalar(select(func.count(SignatureRecord.id))) == 0
    phone.screenshot(path=str(ARTIFACTS / "signed-with-no-signal.png"))

    phone.context.set_offline(False)
    phone.wait_for_url(re.compile(r".*/s/[^/]+$"), timeout=15000)
    number = phone.locator("#certificate-number").inner_text()
    record = db.session.scalars(select(SignatureRecord)).one()
    assert number == record.certificate_label
    assert told[-1] == f"Berhasil ditandatangani. Nomor sertifikat Anda {number}. Halaman Anda sedang dibuka…"

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


def test_a_signature_kept_from_an_earlier_visit_is_told_on_the_next_page_opened(live_server, browser):
    event = make_event()
    # No service worker, so that the page's requests can be cut off one by one.
    context = browser.new_context(locale="id-ID", service_workers="block", **PHONE)
    page = context.new_page()
    page.goto(f"{live_server}/e/{event.slug}/sign")
    fill_sign_form(
        page, event, "Daeng Rahman", "Tokoh Adat", "Lembaga Adat Paser", "customary_leader", typed="Rahman"
    )
    context.set_offline(True)
    page.get_by_role("button", name=SIGN).click()
    expect(page.locator("#send-status")).to_have_text(re.compile(r"^Tidak ada sinyal\."))

    # The connection is back, but the portal still cannot be reached when the next page opens.
    context.route(re.compile(r".*/sign$"), lambda route: route.abort("internetdisconnected"))
    context.set_offline(False)
    page.goto(f"{live_server}/e/{event.slug}")
    banner = page.locator("#offline-status")
    expect(banner).to_have_text(
        "Ada tanda tangan yang tersimpan di ponsel ini dan menunggu koneksi kembali. Tanda tangan itu akan terkirim otomatis."
    )
    expect(banner).to_be_in_viewport()
    page.screenshot(path=str(ARTIFACTS / "a-kept-signature-waits-on-the-event-page.png"))

    # It reaches the portal after the event closed: the portal refuses it, and the page says so.
    transitions.close_event(event, "test")
    context.unroute(re.compile(r".*/sign$"))
    page.reload()
    expect(banner).to_have_text(
        "Tanda tangan yang tersimpan di ponsel ini tidak dapat dikirim karena ditolak portal. Silakan isi formulir sekali lagi."
    )
    assert db.session.scalar(select(func.count(SignatureRecord.id))) == 0
    context.close()


def test_the_form_opened_again_offline_says_by_the_button_that_a_signature_waits(live_server, phone):
    event = make_event()
    phone.goto(f"{live_server}/e/{event.slug}/sign")
    wait_for_service_worker(phone)
    phone.reload()  # the controlled page is now in the worker's cache
    fill_sign_form(
        phone, event, "Dua Kali", "Tokoh Adat", "Lembaga Adat Paser", "customary_leader", typed="Dua Kali"
    )
    phone.context.set_offline(True)
    phone.get_by_role("button", name=SIGN).click()
    expect(phone.locator("#send-status")).to_have_text(re.compile(r"^Tidak ada sinyal\."))

    phone.reload()  # still offline: the worker's copy of the form
    status = phone.locator("#send-status")
    expect(status).to_have_text(
        re.compile(r"^Ada tanda tangan yang tersimpan di ponsel ini dan menunggu koneksi")
    )
    expect(status).to_be_visible()
    phone.context.set_offline(False)
