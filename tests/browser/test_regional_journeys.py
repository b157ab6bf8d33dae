"""Beyond Paser: a Berau regent's declaration and an East Kalimantan governor's, end to end.

Each is signed on a phone, read on the wall filtered by its own breakdown, shown on the
venue screen, and filed as a berita acara that names the region and its areas.
"""

import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from pledge.models import EventOfficial
from tests.browser.conftest import SIGN, fill_sign_form, log_in, screenshot, touch_stroke
from tests.builders import BERAU, KALTIM, make_event
from tests.console_builders import make_organiser

pytestmark = pytest.mark.browser


def pdf_text(path):
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(Path(path).read_bytes())).pages)


def sign_on_the_phone(phone, live_server, event, name, position, institution, area):
    phone.goto(f"{live_server}/e/{event.slug}/sign")
    fill_sign_form(phone, event, name, position, institution, "election_organiser", area=area)
    touch_stroke(phone, "#signature-pad", [(0.1, 0.6), (0.35, 0.25), (0.6, 0.75), (0.9, 0.3)])
    phone.get_by_role("button", name=SIGN).click()
    phone.wait_for_url("**/s/**")
    number = phone.locator("#certificate-number").inner_text()
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]", number)
    return number


def download_the_record(desk, live_server, event):
    log_in(desk, live_server)
    desk.goto(f"{live_server}/admin/events/{event.id}")
    with desk.expect_download() as official:
        desk.get_by_role("link", name="Berita acara (PDF)", exact=True).click()
    return pdf_text(official.value.path())


def test_ibu_maria_signs_the_berau_declaration_for_tanjung_redeb(live_server, phone, projector, desk):
    event = make_event(
        slug="pilkada-damai-berau-2024",
        title="Deklarasi Pilkada Damai Kabupaten Berau 2024",
        place="Gedung Serbaguna, Tanjung Redeb",
        region_code=BERAU,
        organisers=("Polres Berau", "KPU Kabupaten Berau"),
        record_number_pattern="BA/{tanggal}/{bulan}/{tahun}/{penyelenggara}",
    )
    event.officials.append(EventOfficial(role="official", name="Ketua Panitia Berau", title="Kapolres Berau"))
    make_organiser(events=[event])
    projector.goto(f"{live_server}/e/{event.slug}/live")
    expect(projector.locator("#live-total")).to_have_text("0")

    # The form offers Berau's kecamatan, and its hints speak of Berau, not of Paser.
    phone.goto(f"{live_server}/e/{event.slug}/sign")
    options = phone.locator("#area option").all_inner_texts()
    assert "Tanjung Redeb" in options and "Tanah Grogot" not in options
    assert "KPU Kabupaten Berau" in phone.locator("#institution-hint").inner_text()
    sign_on_the_phone(
        phone, live_server, event, "Maria Ulfah", "Ketua KPU", "KPU Kabupaten Berau", "Tanjung Redeb"
    )

    # The venue screen shows her within seconds.
    expect(projector.locator("#live-list .live-name").first).to_have_text("Maria Ulfah", timeout=5000)
    expect(projector.locator("#live-list .live-detail").first).to_contain_text("Kec. Tanjung Redeb")

    # The wall narrows to Tanjung Redeb and counts it in Berau's chart.
    phone.goto(f"{live_server}/e/{event.slug}/signatories")
    phone.get_by_label("Kecamatan", exact=True).select_option(label="Tanjung Redeb")
    phone.get_by_role("button", name="Tampilkan").click()
    phone.wait_for_url("**area=64.03.05**")
    assert phone.locator(".wall .who").all_inner_texts() == ["Maria Ulfah"]
    bars = phone.locator("#by-area ~ .bars .bar-label").all_text_contents()
    assert "Tanjung Redeb" in bars and "Kuaro" not in bars
    screenshot(phone, "journey-berau-wall-tanjung-redeb")

    # The berita acara names Berau, its kecamatan, its organisers and its number.
    text = download_the_record(desk, live_server, event)
    assert "BERITA ACARA" in text and "BA/12/VIII/2024/Polres Berau" in text
    assert "Pada hari ini, Senin, tanggal dua belas, bulan Agustus, tahun dua ribu dua puluh empat" in text
    assert "Kabupaten Berau" in text and "Tanjung Redeb" in text and "Maria Ulfah" in text
    assert "Ketua Panitia Berau" in text
    screenshot(projector, "journey-berau-live-screen")


def test_pak_rudi_signs_the_east_kalimantan_governor_declaration_for_berau(
    live_server, phone, projector, desk
):
    event = make_event(
        slug="pilgub-damai-kaltim-2024",
        title="Deklarasi Pilkada Damai Provinsi Kalimantan Timur 2024",
        place="Pendopo Lamin Etam, Samarinda",
        region_code=KALTIM,
        organisers=("Polda Kalimantan Timur", "KPU Provinsi Kalimantan Timur"),
    )
    make_organiser(events=[event])
    projector.goto(f"{live_server}/e/{event.slug}/live")

    # A provincial event breaks down by kabupaten and kota.
    phone.goto(f"{live_server}/e/{event.slug}/sign")
    expect(phone.get_by_label("Kabupaten/kota (tidak wajib)")).to_be_visible()
    options = phone.locator("#area option").all_inner_texts()
    assert "Kabupaten Berau" in options and "Kota Samarinda" in options and "Kuaro" not in options
    sign_on_the_phone(
        phone, live_server, event, "Rudi Hartono", "Ketua KPU", "KPU Kabupaten Berau", "Kabupaten Berau"
    )

    expect(projector.locator("#live-list .live-name").first).to_have_text("Rudi Hartono", timeout=5000)
    expect(projector.locator("#live-list .live-detail").first).to_contain_text("Kabupaten Berau")

    phone.goto(f"{live_server}/e/{event.slug}/signatories")
    phone.get_by_label("Kabupaten/kota", exact=True).select_option(label="Kabupaten Berau")
    phone.get_by_role("button", name="Tampilkan").click()
    phone.wait_for_url("**area=64.03**")
    assert phone.locator(".wall .who").all_inner_texts() == ["Rudi Hartono"]
    screenshot(phone, "journey-kaltim-wall-berau")

    text = download_the_record(desk, live_server, event)
    assert "Provinsi Kalimantan Timur" in text and "Kabupaten Berau" in text and "Rudi Hartono" in text
    assert "Kabupaten/kota" in text  # the list's column names the province's breakdown
    # The national front page counts the province's own election.
    phone.goto(f"{live_server}/")
    expect(phone.locator("#regions-held")).to_have_text("1")
    screenshot(projector, "journey-kaltim-live-screen")
