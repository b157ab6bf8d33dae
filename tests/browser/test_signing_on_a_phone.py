"""A camat signs the declaration on a phone, drawing with a finger."""

import math
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from pledge import strokes, transitions
from pledge.extensions import db
from pledge.models import SignatureRecord
from tests.browser.conftest import SIGN, fill_sign_form, screenshot, send_status_texts, touch_stroke
from tests.builders import make_event, make_signature

pytestmark = pytest.mark.browser

BODY_BUDGET = 8 * 1024
PAD_EDGE = strokes.PAD_WIDTH
# A signature as people write one: a looped name, an underline and a dot (0..1 of the pad).
SIGNATURE = [
    [(0.08 + 0.05 * n, 0.35 + (0.3 if n % 2 else -0.15) + 0.04 * math.sin(n)) for n in range(14)],
    [(0.1, 0.85), (0.4, 0.8), (0.7, 0.83), (0.85, 0.78)],
    [(0.9, 0.2), (0.905, 0.21)],
]


def test_a_camat_signs_on_a_phone_with_a_finger(live_server, phone):
    event = make_event()
    told = send_status_texts(phone)
    phone.goto(f"{live_server}/e/{event.slug}")
    phone.get_by_role("link", name="Baca dan tanda tangani").click()
    # The sign page has arrived before its width is measured (the click only starts the navigation).
    expect(phone).to_have_url(f"{live_server}/e/{event.slug}/sign")
    phone.wait_for_load_state()

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

    for stroke in SIGNATURE:
        touch_stroke(phone, "#signature-pad", stroke)
    drawn = phone.locator("#signature_drawn").input_value()
    assert len(strokes.parse(drawn).strokes) == len(SIGNATURE)

    requests, bodies = [], []
    phone.on("request", lambda request: requests.append((request.method, urlsplit(request.url).path)))
    phone.on("request", lambda request: bodies.append(len(request.post_data_buffer or b"")))
    phone.get_by_role("button", name=SIGN).click()
    phone.wait_for_url("**/s/**")
    number = phone.locator("#certificate-number").inner_text()
    screenshot(phone, "a-camat-signs-on-a-phone")

    record = db.session.scalars(select(SignatureRecord)).one()
    assert number == record.certificate_label
    # Told beside the button: sending, then the number, before the signer's page opened.
    assert told == [
        "Mengirim tanda tangan Anda…",
        f"Berhasil ditandatangani. Nomor sertifikat Anda {number}. Halaman Anda sedang dibuka…",
    ]
    # One upload, and the signer's page downloaded once.
    signer_path = urlsplit(phone.url).path
    assert [r for r in requests if r[0] == "POST"] == [("POST", f"/e/{event.slug}/sign")]
    assert requests.count(("GET", signer_path)) == 1
    assert record.signature_method == "drawn" and record.signature_strokes == strokes.parse(drawn).encode()
    # A typical drawn signature travels as a few KB of strokes (a PNG data URL was ~50 KB).
    assert max(bodies) <= BODY_BUDGET
    print(f"sign request body with a drawn signature (touch): {max(bodies)} bytes")
    assert phone.locator("svg.signature-image path").count() == 1
    assert phone.get_by_role("link", name="Lihat daftar penanda tangan").is_visible()


def test_a_bawaslu_member_signs_with_the_mouse_on_a_desk(live_server, desk):
    event = make_event()
    desk.goto(f"{live_server}/e/{event.slug}/sign")
    fill_sign_form(desk, event, "Rina Wati", "Ketua Bawaslu", "Bawaslu Kabupaten Paser", "election_organiser")
    pad = desk.locator("#signature-pad")
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    for stroke in SIGNATURE:
        x, y = stroke[0]
        desk.mouse.move(box["x"] + x * box["width"], box["y"] + y * box["height"])
        desk.mouse.down()
        for x, y in stroke[1:]:
            desk.mouse.move(box["x"] + x * box["width"], box["y"] + y * box["height"], steps=12)
        desk.mouse.up()
    bodies = []
    desk.on("request", lambda request: bodies.append(len(request.post_data_buffer or b"")))
    desk.get_by_role("button", name=SIGN).click()
    desk.wait_for_url("**/s/**")
    record = db.session.scalars(select(SignatureRecord)).one()
    assert desk.locator("#certificate-number").inner_text() == record.certificate_label
    drawing = strokes.decode(record.signature_strokes)
    assert len(drawing.strokes) == len(SIGNATURE) and drawing.ink_length() > 1000
    assert max(bodies) <= BODY_BUDGET
    print(f"sign request body with a drawn signature (mouse): {max(bodies)} bytes")


def test_a_refused_form_is_uploaded_once_keeps_the_drawing_and_focuses_the_first_error(live_server, phone):
    event = make_event()
    phone.goto(f"{live_server}/e/{event.slug}/sign")
    touch_stroke(phone, "#signature-pad", [(0.2, 0.5), (0.5, 0.2), (0.8, 0.6)])
    drawn = phone.locator("#signature_drawn").input_value()
    posts = []
    phone.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
    phone.evaluate("window.samePage = true")
    phone.get_by_role("button", name=SIGN).click()
    expect(phone.locator("#full_name-error")).to_have_text("Silakan tulis nama lengkap Anda.")
    assert phone.evaluate("document.activeElement.id") == "full_name"
    # The server's answer was shown in this page: one upload, no second page load.
    assert posts == [f"{live_server}/e/{event.slug}/sign"]
    assert phone.evaluate("window.samePage") is True
    # The drawing came back in the hidden field and is drawn on the pad again.
    assert phone.locator("#signature_drawn").input_value() == drawn
    assert phone.evaluate(
        "(() => { const c = document.getElementById('signature-pad');"
        " return c.getContext('2d').getImageData(0, 0, c.width, c.height).data.some((v, i) => i % 4 === 3 && v); })()"
    )
    screenshot(phone, "a-refused-form-on-a-phone")

    # Corrected, the same form signs: the script was set up again on the answer.
    fill_sign_form(phone, event, "Andi Baso", "Camat Kuaro", "Pemerintah Kecamatan Kuaro", "camat")
    phone.get_by_role("button", name=SIGN).click()
    phone.wait_for_url("**/s/**")
    record = db.session.scalars(select(SignatureRecord)).one()
    assert record.full_name == "Andi Baso" and record.signature_method == "drawn"
    assert len(posts) == 2


def test_a_form_refused_only_for_its_signature_takes_the_signer_to_the_signatures_message(live_server, phone):
    event = make_event()
    phone.goto(f"{live_server}/e/{event.slug}/sign")
    fill_sign_form(phone, event, "Andi Baso", "Camat Kuaro", "Pemerintah Kecamatan Kuaro", "camat")
    phone.get_by_role("button", name=SIGN).click()
    message = phone.locator("#signature-error")
    expect(message).to_have_text(
        "Silakan gambar tanda tangan Anda di dalam kotak, atau ketik nama Anda di bawahnya."
    )
    # Focus, and with it the screen, moves to the message, next to the box to draw in.
    assert phone.evaluate("document.activeElement.id") == "signature-error"
    expect(message).to_be_in_viewport()
    expect(phone.locator("#signature-pad")).to_be_in_viewport()


def test_a_signer_who_switches_to_english_mid_form_keeps_what_was_written_and_drawn(live_server, phone):
    event = make_event()
    phone.goto(f"{live_server}/e/{event.slug}/sign")
    fill_sign_form(
        phone,
        event,
        "Andi Baso",
        "Camat Kuaro",
        "Pemerintah Kecamatan Kuaro",
        "camat",
        phone="0812 3456 7890",
    )
    touch_stroke(phone, "#signature-pad", [(0.2, 0.5), (0.5, 0.2), (0.8, 0.6)])
    drawn = phone.locator("#signature_drawn").input_value()
    phone.get_by_role("link", name="English").click()
    expect(phone.locator("html")).to_have_attribute("lang", "en")

    assert phone.get_by_label("Full name").input_value() == "Andi Baso"
    assert phone.locator("#phone").input_value() == "0812 3456 7890"
    assert phone.locator("#category").input_value() == "camat"
    assert phone.locator("#signature_drawn").input_value() == drawn
    assert phone.locator("#show_name").is_checked()
    # Read back once: nothing of it stays in the tab.
    assert phone.evaluate("sessionStorage.length") == 0
    phone.get_by_role("button", name="Sign the declaration").click()
    phone.wait_for_url("**/s/**")
    record = db.session.scalars(select(SignatureRecord)).one()
    assert (record.full_name, record.phone, record.signature_method) == (
        "Andi Baso",
        "+6281234567890",
        "drawn",
    )


def test_a_signer_whose_event_closed_meanwhile_reads_why_where_the_form_was(live_server, phone):
    event = make_event()
    phone.goto(f"{live_server}/e/{event.slug}/sign")
    fill_sign_form(
        phone, event, "Andi Baso", "Camat Kuaro", "Pemerintah Kecamatan Kuaro", "camat", typed="Andi"
    )
    transitions.close_event(event, "test")
    phone.evaluate("window.samePage = true")
    phone.get_by_role("button", name=SIGN).click()
    expect(phone.locator("main")).to_contain_text("Penandatanganan deklarasi ini sudah ditutup.")
    assert phone.evaluate("window.samePage") is True
    assert phone.locator("#sign-form").count() == 0
    # The answer's page read from its top, as a page that opened: the title, focus on the content.
    assert phone.title() == f"{event.title} · Pilkada Damai"
    assert phone.evaluate("[document.activeElement.id, scrollY]") == ["main", 0]


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


def test_a_phone_turned_sideways_mid_signature_stores_what_was_drawn(live_server, phone):
    event = make_event()
    phone.goto(f"{live_server}/e/{event.slug}/sign")
    fill_sign_form(phone, event, "Andi Baso", "Camat Kuaro", "Kecamatan Kuaro", "camat")
    touch_stroke(phone, "#signature-pad", [(0.1, 0.5), (0.3, 0.2), (0.5, 0.6)])
    upright = strokes.parse(phone.locator("#signature_drawn").input_value())

    phone.set_viewport_size({"width": 640, "height": 360})  # the signer turns the phone for a wider box
    phone.wait_for_function("document.getElementById('signature-pad').clientWidth > 500")
    turned = strokes.parse(phone.locator("#signature_drawn").input_value())
    assert turned.strokes == upright.strokes  # what was drawn stays where it was, in pad units
    touch_stroke(phone, "#signature-pad", [(0.05, 0.5), (0.5, 0.2), (0.95, 0.6)])
    drawing = strokes.parse(phone.locator("#signature_drawn").input_value())
    xs = [x for x, _ in drawing.strokes[1]]
    # The wave spans the turned box, 5 % to 95 % of its width; nothing is pinned to its edge.
    assert min(xs) <= 60 and max(xs) >= 940 and PAD_EDGE not in xs
    screenshot(phone, "a-signature-drawn-on-a-turned-phone")

    phone.get_by_role("button", name=SIGN).click()
    phone.wait_for_url("**/s/**")
    record = db.session.scalars(select(SignatureRecord)).one()
    # The points as drawn (the box may have grown meanwhile: a full-page screenshot, or a
    # phone's address bar, changes the viewport's height, and the box never shrinks under ink).
    assert strokes.decode(record.signature_strokes).strokes == drawing.strokes


def test_a_connection_lost_right_after_signing_keeps_the_number_and_opens_the_page_later(live_server, phone):
    event = make_event()
    phone.goto(f"{live_server}/e/{event.slug}/sign")
    fill_sign_form(phone, event, "Andi Baso", "Camat Kuaro", "Kecamatan Kuaro", "camat", typed="Andi Baso")
    # The signature is stored; then the portal cannot be reached (the check before opening the page fails).
    phone.route("**/healthz", lambda route: route.abort())
    phone.get_by_role("button", name=SIGN).click()
    link = phone.locator("#send-status a")
    expect(link).to_have_text("Buka sertifikat saya")
    record = db.session.scalars(select(SignatureRecord)).one()
    expect(phone.locator("#send-status")).to_contain_text(record.certificate_label)
    assert "/s/" in link.get_attribute("href") and urlsplit(phone.url).path == f"/e/{event.slug}/sign"

    phone.unroute("**/healthz")
    phone.evaluate("window.dispatchEvent(new Event('online'))")  # the connection returns
    phone.wait_for_url("**/s/**")
    assert phone.locator("#certificate-number").inner_text() == record.certificate_label


def test_a_long_unbroken_name_or_institution_wraps_on_a_phone(live_server, phone):
    from pledge.tokens import signer_token

    event = make_event()
    record = make_signature(
        event,
        full_name="Raden Mas Haryo Wicaksonoadiningratkusumawardhanapurbanegara",
        institution="https://lembaga-adat-paser.example.org/kecamatan/tanah-grogot/perwakilan-tokoh-adat",
        mark=strokes.SignatureMark.typed("Raden Mas Haryo Wicaksonoadiningrat"),
    )
    for path in (f"/s/{signer_token(record)}", f"/e/{event.slug}/signatories"):
        phone.goto(f"{live_server}{path}")
        # Nothing is wider than the phone: no horizontal scrolling.
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390, path
