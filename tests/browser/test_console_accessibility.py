"""Every console page, the verification pages, the live screen and the filtered wall
pass axe-core with no serious or critical violation.

Each test walks through its pages and reports every page's problems at once, so that
one failure does not hide the next; tests/artifacts/axe.txt lists every page's result.
"""

import pytest

from pledge import certificate_numbers, transitions
from tests.browser.conftest import SIGN, axe_blocking, fill_sign_form, log_in
from tests.builders import make_event, make_signature
from tests.console_builders import make_organiser, make_seat
from tests.wall_builders import make_pair

pytestmark = pytest.mark.browser


def test_every_console_page_passes_axe(live_server, desk):
    event = make_event(title="Deklarasi Pilkada Damai Kabupaten Paser 2024")
    make_organiser(events=[event])
    make_pair(event, 1, "Calon Satu", "Wakil Satu", "Tim Satu")
    seat = make_seat(event)
    record = make_signature(event, seat=seat, full_name="Budi Santoso", area_code="64.01.05")
    make_signature(event, phone="+6281300000000", full_name="Tanpa Nama", show_name=False)
    document = event.documents[0]
    base = f"{live_server}/admin/events/{event.id}"
    problems = []

    desk.goto(f"{live_server}/admin/login")
    problems += axe_blocking(desk, "console login")
    log_in(desk, live_server, password="salah-sekali", landing="**/admin/login")
    assert "/admin/login" in desk.url
    problems += axe_blocking(desk, "console login refused")
    log_in(desk, live_server)
    assert desk.url == f"{live_server}/admin/"

    pages = {
        "console event list": "/admin/",
        "console new event": "/admin/events/new",
        "console event page": f"/admin/events/{event.id}",
        "console document": f"/admin/events/{event.id}/documents/{document.id}",
        "console candidates": f"/admin/events/{event.id}/candidates",
        "console seats": f"/admin/events/{event.id}/seats",
        "console invitation": f"/admin/events/{event.id}/seats/{seat.id}",
        "console moderation list": f"/admin/events/{event.id}/signatures",
        "console audit log": f"/admin/events/{event.id}/audit",
        "console not found": "/admin/events/99999",
        "console admins' page for a member": "/admin/audit",
        "console wrong method": f"/admin/events/{event.id}/state",
    }
    for name, path in pages.items():
        status = desk.goto(live_server + path).status
        assert status == {
            "console not found": 404,
            "console admins' page for a member": 404,
            "console wrong method": 405,
        }.get(name, 200), name
        problems += axe_blocking(desk, name)

    desk.goto(f"{base}/seats")
    desk.locator("#roster").set_input_files(
        files=[{"name": "kursi.csv", "mimeType": "text/csv", "buffer": b"unsur,instansi\nbukan,\n"}]
    )
    desk.get_by_role("button", name="Unggah").click()
    desk.locator("#row-errors").wait_for()
    problems += axe_blocking(desk, "console seat upload refused")

    desk.goto(f"{base}/signatures")
    desk.locator(f"#record-{record.id}").get_by_text("Berikan tautan baru").click()
    desk.get_by_role("button", name="Buat dan tampilkan tautan baru").click()
    desk.locator("#fresh-link-qr").wait_for()
    problems += axe_blocking(desk, "console fresh link")

    desk.goto(f"{base}/kiosk")
    problems += axe_blocking(desk, "console kiosk, not opened yet")
    desk.locator("#open-kiosk").click()
    desk.locator("#sign-form").wait_for()
    problems += axe_blocking(desk, "console kiosk")
    fill_sign_form(desk, event, "Andi Baso", "Camat Kuaro", "Kecamatan Kuaro", "camat", typed="Andi Baso")
    desk.get_by_role("button", name=SIGN).click()
    desk.locator("#kiosk-done").wait_for()
    problems += axe_blocking(desk, "console kiosk done")
    desk.goto(f"{base}/kiosk/exit")
    problems += axe_blocking(desk, "console kiosk exit")
    desk.locator("#password").fill("salah-sekali")
    desk.locator("#password").press("Enter")
    desk.wait_for_load_state()
    assert desk.locator("#password-error").is_visible()
    problems += axe_blocking(desk, "console kiosk exit refused")

    assert problems == []


def test_the_verification_pages_pass_axe_in_every_state(live_server, desk):
    event = make_event()
    valid = make_signature(event, full_name="Siti Aminah")
    revoked = make_signature(event, phone="+6281300000001", full_name="Andi Baso")
    transitions.revoke(revoked, "Ditandatangani atas nama orang lain", "organiser")
    number = valid.certificate_number
    mistyped = number[:-1] + ("0" if number[-1] != "0" else "1")
    pages = {
        "verify": "/verify",
        "verify valid": f"/verify/{number}",
        "verify revoked": f"/verify/{revoked.certificate_number}",
        "verify unknown": f"/verify/{certificate_numbers.generate()}",
        "verify mistyped": f"/verify/{mistyped}",
        "verify malformed": "/verify/HELLO",
    }
    statuses = {"verify unknown": 404, "verify mistyped": 404, "verify malformed": 404}
    problems = []
    for name, path in pages.items():
        assert desk.goto(live_server + path).status == statuses.get(name, 200), name
        problems += axe_blocking(desk, name)
    assert problems == []


def test_the_live_screen_and_the_filtered_wall_pass_axe(live_server, phone):
    event = make_event()
    make_pair(event, 1, "Calon Satu", "Wakil Satu", "Tim Satu")
    make_signature(event, phone=None, full_name="Warga Kuaro", area_code="64.01.05", category="camat")
    make_signature(event, phone=None, full_name="Warga Long Ikis", area_code="64.01.06")
    problems = []
    phone.goto(f"{live_server}/e/{event.slug}/live")
    phone.locator("#live-list .live-name").first.wait_for()
    problems += axe_blocking(phone, "live screen")
    phone.goto(f"{live_server}/e/{event.slug}/signatories?kecamatan=Kuaro&category=camat")
    assert phone.locator(".wall .who").all_inner_texts() == ["Warga Kuaro"]
    problems += axe_blocking(phone, "wall filtered by kecamatan and group")
    phone.goto(f"{live_server}/e/{event.slug}/signatories?kecamatan=Kuaro&q=tidak-ada")
    problems += axe_blocking(phone, "wall filtered to nothing")
    assert problems == []
