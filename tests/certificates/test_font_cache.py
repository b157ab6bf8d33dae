"""Font subsets are cut and deflated once per process: the caches change no byte of a certificate."""

import io
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from pledge.certificates import fonts, layout, render
from pledge.certificates.content import REVOKED, VALID, CertificateContent
from pledge.urls import verify_url
from tests.builders import make_event, make_signature
from tests.pdfs import pdf_text, unembedded_fonts

ISSUED = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)


def content_of(event, name, language="id", standing=VALID, phone="+6281200000011"):
    record = make_signature(event, phone=phone, full_name=name)
    return CertificateContent.of(record, verify_url(record), "Portal", language, standing, now=ISSUED)


@pytest.fixture
def plain_reportlab_fonts():
    """Swap our fonts for reportlab's own TTFont for the test's duration: the reference output."""
    layout.register_fonts()
    ours = {name: pdfmetrics.getFont(name) for name in layout._FONT_FILES}

    def use_plain():
        for name in ours:
            pdfmetrics._fonts[name] = TTFont(name, ours[name].face.filename)

    yield use_plain
    pdfmetrics._fonts.update(ours)


@pytest.mark.parametrize(("language", "standing"), [("id", VALID), ("en", VALID), ("id", REVOKED)])
def test_a_certificate_with_cached_subsets_is_byte_for_byte_reportlabs(
    app, plain_reportlab_fonts, language, standing
):
    event = make_event()
    first = content_of(event, "Siti Aminah", language, standing)
    second = content_of(event, "Andi Baso bin Haji Muhammad Yusuf", language, standing, "+6281200000012")
    fonts.clear_caches()
    render.render_certificate(first)  # fills the caches with this event's subsets
    assert fonts._SUBSETS and fonts._DEFLATED
    warm = render.render_certificate(second)
    fonts.clear_caches()
    assert warm == render.render_certificate(second)
    plain_reportlab_fonts()
    assert warm == render.render_certificate(second)


def bold_subset(pdf):
    """Return the TrueType subset embedded for the bold font (the name prints in it)."""
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if "Bold" in str(font["/BaseFont"]):
                return font["/FontDescriptor"]["/FontFile2"].get_data()
    raise AssertionError("no bold font")


def test_a_name_outside_the_cached_subset_embeds_its_own_glyphs(app, plain_reportlab_fonts):
    event = make_event()
    fonts.clear_caches()
    ascii_pdf = render.render_certificate(content_of(event, "Siti Aminah"))
    cached = set(fonts._SUBSETS)
    name = "Zoë Ñúñez Çağlar Øyvind"
    content = content_of(event, name, phone="+6281200000013")
    pdf = render.render_certificate(content)
    assert set(fonts._SUBSETS) > cached  # subsets of its own, cut for it
    assert name in pdf_text(pdf)
    assert not unembedded_fonts(pdf)
    # Its six letters outside the first subset are glyphs more in the embedded font.
    assert len(bold_subset(pdf)) > len(bold_subset(ascii_pdf))
    plain_reportlab_fonts()
    assert pdf == render.render_certificate(content)


def test_a_document_without_compression_keeps_its_streams_plain(app):
    from reportlab.pdfgen.canvas import Canvas

    layout.register_fonts()
    out = io.BytesIO()
    canvas = Canvas(out, pageCompression=0)
    canvas.setFont(layout.FONT, 12)
    canvas.drawString(72, 720, "Pilkada Damai · é")
    canvas.save()
    pdf = out.getvalue()
    assert b"FlateDecode" not in pdf
    assert "Pilkada Damai · é" in pdf_text(pdf)
