"""The printed invitation cards and the venue poster, read back from the PDF."""

import io
import re

from pypdf import PdfReader

from pledge import qr
from tests.builders import make_event, make_signature
from tests.console_builders import log_in, make_organiser, make_seat


def pdf_text(data):
    reader = PdfReader(io.BytesIO(data))
    return reader, [" ".join(page.extract_text().split()) for page in reader.pages]


def logged_in(client, event):
    make_organiser(events=[event])
    log_in(client)


def test_the_cards_hold_one_card_per_unused_seat_eight_to_an_a4_page(client):
    event = make_event()
    seats = [make_seat(event, institution=f"Kecamatan Nomor {n:02d}", area_code=None) for n in range(10)]
    make_signature(event, seat=seats[0])
    logged_in(client, event)
    response = client.get(f"/admin/events/{event.id}/seats/cards.pdf")
    assert response.mimetype == "application/pdf"
    reader, pages = pdf_text(response.data)
    assert len(pages) == 2
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    text = " ".join(pages)
    assert "Kecamatan Nomor 00" not in text  # it has signed
    assert all(f"Kecamatan Nomor {n:02d}" in text for n in range(1, 10))
    assert pages[0].count("UNDANGAN PENANDATANGANAN") == 8
    assert "hanya dapat dipakai satu kali" in text
    assert text.count("https://damai.example.id/i/") == 9


def test_the_poster_has_the_title_the_address_and_the_steps(client):
    event = make_event(title="Deklarasi Pilkada Damai Kabupaten Paser 2024")
    logged_in(client, event)
    response = client.get(f"/admin/events/{event.id}/poster.pdf")
    reader, (text,) = pdf_text(response.data)
    assert "Deklarasi Pilkada Damai Kabupaten Paser 2024" in text
    assert "Senin, 12 Agustus 2024" in text
    assert f"https://damai.example.id/e/{event.slug}/sign" in text
    assert "Pindai kode QR dengan kamera ponsel." in text


def test_the_qr_code_svg_draws_the_code_with_its_quiet_zone():
    rows = qr.matrix("https://damai.example.id/i/abc")
    svg = qr.svg("https://damai.example.id/i/abc")
    size = len(rows) + 2 * qr.QUIET_ZONE
    assert f'viewBox="0 0 {size} {size}"' in svg
    runs = [int(length) for length in re.findall(r"M\d+,\d+h(\d+)v1h-\d+z", svg)]
    assert sum(runs) == sum(sum(1 for dark in row if dark) for row in rows)
    # The finder pattern in the top left corner: a dark ring, a light ring, a dark 3×3 core.
    finder = [[rows[y][x] for x in range(7)] for y in range(7)]
    assert finder[0] == [True] * 7 and finder[1] == [True] + [False] * 5 + [True]
    assert finder[3] == [True, False, True, True, True, False, True]
