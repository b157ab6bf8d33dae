"""The texts' paragraphs are laid out once per process: the cache changes no byte of a certificate."""

from datetime import UTC, datetime

import pytest

from pledge.certificates import render
from pledge.certificates.content import REVOKED, VALID, CertificateContent
from pledge.urls import verify_url
from tests.builders import make_event, make_signature
from tests.pdfs import page_texts

ISSUED = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)


def contents(event, language, standing):
    records = [
        make_signature(event, phone=f"+62812000001{n}", full_name=name)
        for n, name in enumerate(["Siti Aminah", "Andi Baso bin Haji Muhammad Yusuf Al-Banjari"])
    ]
    return [
        CertificateContent.of(record, verify_url(record), "Portal", language, standing, now=ISSUED)
        for record in records
    ]


@pytest.mark.parametrize(("language", "standing"), [("id", VALID), ("en", VALID), ("id", REVOKED)])
def test_a_certificate_from_the_cache_is_byte_for_byte_a_fresh_one(app, language, standing):
    event = make_event()
    first, second = contents(event, language, standing)
    render._TEXTS.clear()
    render.render_certificate(first)  # fills the cache with the texts' layouts
    assert render._TEXTS
    warm = render.render_certificate(second)
    render._TEXTS.clear()
    assert warm == render.render_certificate(second)


def test_the_cache_keeps_each_language_apart(app):
    event = make_event()
    (indonesian, _), (english, _) = contents(event, "id", VALID), contents(make_event("lain"), "en", VALID)
    render._TEXTS.clear()
    render.render_certificate(indonesian)
    annex = " ".join(page_texts(render.render_certificate(english))[1:])
    assert "Fingerprint of the text version" in annex and "Sidik jari" not in annex
