"""A signer downloads their certificate on a phone; someone else checks it is genuine."""

import re
from urllib.parse import urlsplit

import pytest

from pledge.tokens import signer_token
from tests.browser.conftest import screenshot
from tests.builders import make_event, make_signature
from tests.pdfs import pdf_text

pytestmark = pytest.mark.browser


def test_a_signer_downloads_the_certificate_and_its_qr_address_says_valid(live_server, phone, tmp_path):
    record = make_signature(make_event(), full_name="Andi Baso")
    phone.goto(f"{live_server}/s/{signer_token(record)}")
    with phone.expect_download() as download_info:
        phone.get_by_role("link", name="Unduh sertifikat Anda (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == f"sertifikat-{record.certificate_label}.pdf"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    pdf = saved.read_bytes()
    assert pdf.startswith(b"%PDF-") and "Andi Baso" in pdf_text(pdf)

    # The QR code carries the printed verification address; open its path on this server.
    address = re.search(r"https://damai\.example\.id/verify/[0-9A-Z]+", pdf_text(pdf)).group(0)
    phone.goto(live_server + urlsplit(address).path)
    assert phone.locator("#verdict h1").inner_text() == "Sertifikat berlaku"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "a-certificate-checked-on-a-phone")

    # Someone shown the file uploads it on the verification page.
    phone.goto(f"{live_server}/verify")
    phone.get_by_label("Berkas PDF").set_input_files(str(saved))
    phone.get_by_role("button", name="Periksa berkas").click()
    phone.wait_for_load_state()
    assert phone.locator("#verdict h1").inner_text() == "Asli dan berlaku"
    screenshot(phone, "an-uploaded-certificate-checked-on-a-phone")
