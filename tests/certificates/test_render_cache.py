"""The texts' paragraphs, and the words every certificate of an event prints alike, are laid
out once per process: the caches change no byte of a certificate."""

import dataclasses
from datetime import UTC, datetime

import pytest

from pledge.certificates import layout, render
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
    layout._SAME.clear()
    render.render_certificate(first)  # fills the caches with the texts' and the event's layouts
    assert render._TEXTS and layout._SAME
    warm = render.render_certificate(second)
    render._TEXTS.clear()
    layout._SAME.clear()
    assert warm == render.render_certificate(second)


def test_the_cache_keeps_each_language_apart(app):
    event = make_event()
    (indonesian, _), (english, _) = contents(event, "id", VALID), contents(make_event("lain"), "en", VALID)
    render._TEXTS.clear()
    render.render_certificate(indonesian)
    annex = " ".join(page_texts(render.render_certificate(english))[1:])
    assert "Fingerprint of the text version" in annex and "Sidik jari" not in annex


def test_a_page_shrunk_to_fit_prints_as_a_fresh_one(app):
    """A long name shrinks page 1 (KeepInFrame): the event's paragraphs lay out at that width too."""
    record = make_signature(make_event(), full_name="Siti Aminah", position="Guru")
    short = CertificateContent.of(record, verify_url(record), "Portal", "id", VALID, now=ISSUED)
    # Longer than a record's columns hold (200 characters): the page is what is tested here.
    long = dataclasses.replace(
        short, full_name="Andi Baso " * 50, position="Kepala Dinas Pendidikan dan Kebudayaan " * 12
    )
    render._TEXTS.clear()
    layout._SAME.clear()
    render.render_certificate(short)
    warm = render.render_certificate(long)
    render._TEXTS.clear()
    layout._SAME.clear()
    assert warm == render.render_certificate(long)
    assert render.render_certificate(short) == render.render_certificate(short)
