"""/verify links the trust guide, docs/TRUST.md shown in the reader's language."""

import re

from pledge import config
from pledge.verify.guide import GUIDE, sections


def test_the_verification_page_links_the_guide(client):
    page = client.get("/verify")
    assert 'href="/verify/trust" id="trust-link"' in page.text


def test_the_guide_is_in_indonesian_by_default(client):
    page = client.get("/verify/trust")
    assert page.status_code == 200
    assert "<h2>Apa yang dapat Anda percayai, dan mengapa</h2>" in page.text
    assert "What you can trust, and why</h2>" not in page.text
    assert (
        "Certificate issuer isn&#x27;t Trusted." in page.text
        or "Certificate issuer isn't Trusted." in page.text
    )


def test_the_guide_is_in_english_for_an_english_reader(client):
    client.get("/lang/en")
    page = client.get("/verify/trust")
    assert "<h2>What you can trust, and why</h2>" in page.text
    assert "Apa yang dapat Anda percayai" not in page.text
    assert "SEAL_TSA_URL" in page.text and "/seal-certificate.pem" in page.text


def test_the_guide_has_both_languages_and_no_raw_html():
    rendered = sections()
    assert set(rendered) == {"id", "en"}
    for html in rendered.values():
        assert "<script" not in html and "<!--" not in html


def test_every_setting_the_guide_names_is_one_the_portal_reads():
    named = set(re.findall(r"\b(SEAL_[A-Z0-9_]+)", GUIDE.read_text()))
    assert {"SEAL_TSA_URL", "SEAL_KEY_PATH", "SEAL_CERT_PATH", "SEAL_PKCS12_PATH"} <= named
    assert named <= {setting.name for setting in config.SETTINGS}
