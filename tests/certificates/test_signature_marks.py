"""The signer's mark in PDFs: strokes as vector paths, a typed name in the font, a PNG of before."""

import io

import pytest
from pypdf import PdfReader

from pledge.certificates.record import record_pdf
from pledge.certificates.store import certificate_for
from pledge.strokes import SignatureMark
from tests.builders import drawn_strokes, legacy_png_mark, make_event, make_signature
from tests.pdfs import font_names, images_on_page, page_texts, unembedded_fonts, write_pngs

ARTIFACTS = __import__("pathlib").Path(__file__).resolve().parent.parent / "artifacts" / "marks"
# drawn_strokes(): three strokes (the last a dot), 22 segments after their first points.
MOVES, SEGMENTS = 3, 22


def operators(pdf, page=0):
    """Return how often each operator appears in the page's content stream."""
    counts = {}
    for token in PdfReader(io.BytesIO(pdf)).pages[page].get_contents().get_data().split():
        if token.isalpha() or token in (b"f*", b"b*"):
            counts[token] = counts.get(token, 0) + 1
    return counts


def image_xobjects(pdf):
    """Return how many image XObjects the PDF holds on all its pages."""
    found = 0
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for xobject in page["/Resources"].get("/XObject", {}).values():
            found += xobject.get_object()["/Subtype"] == "/Image"
    return found


def certificate_of(event, mark, phone):
    return certificate_for(make_signature(event, phone=phone, mark=mark)).pdf


def test_drawn_strokes_are_paths_on_the_certificate_not_an_image(app):
    event = make_event()
    drawn = certificate_of(event, SignatureMark.drawn(drawn_strokes()), "+6281200000001")
    typed = certificate_of(event, SignatureMark.typed("Siti Aminah"), "+6281200000002")
    assert image_xobjects(drawn) == 0 and images_on_page(drawn, 0) == 0
    ours, theirs = operators(drawn), operators(typed)
    assert ours[b"m"] - theirs.get(b"m", 0) == MOVES
    assert ours[b"l"] - theirs.get(b"l", 0) == SEGMENTS
    assert ours[b"J"] > theirs.get(b"J", 0)  # the round caps of the pen
    assert not unembedded_fonts(drawn)


def test_a_typed_name_prints_in_the_font_and_stays_text(app):
    event = make_event()
    pdf = certificate_of(event, SignatureMark.typed("Nur'aini Sé"), "+6281200000003")
    assert image_xobjects(pdf) == 0
    assert page_texts(pdf)[0].count("Nur'aini Sé") == 1  # the mark; the signer's name is Siti Aminah
    assert "/AAAAAA+BitstreamVeraSans-BoldOblique" in font_names(pdf)
    assert not unembedded_fonts(pdf)


def test_a_png_signed_before_strokes_still_prints_as_its_image(app):
    event = make_event()
    pdf = certificate_of(event, legacy_png_mark(), "+6281200000004")
    assert image_xobjects(pdf) == 1 and images_on_page(pdf, 0) == 1


def test_the_record_prints_each_kind_of_mark(app):
    event = make_event()
    make_signature(event, phone="+6281200000005", mark=SignatureMark.drawn(drawn_strokes()))
    make_signature(event, phone="+6281200000006", mark=SignatureMark.typed("Tanda Ketik"))
    make_signature(event, phone="+6281200000007", mark=legacy_png_mark())
    out = io.BytesIO()
    record_pdf(event, out)
    pdf = out.getvalue()
    assert image_xobjects(pdf) == 1  # the PNG of before, alone
    text = " ".join(page_texts(pdf))
    assert "Tanda Ketik" in text
    page = next(n for n, words in enumerate(page_texts(pdf)) if "Tanda Ketik" in words)
    assert operators(pdf, page)[b"l"] >= SEGMENTS
    assert not unembedded_fonts(pdf)


@pytest.mark.parametrize("kind", ["strokes", "typed", "png"])
def test_each_mark_renders_dark_ink_in_the_signature_box(app, kind):
    from PIL import Image

    marks = {
        "strokes": SignatureMark.drawn(drawn_strokes()),
        "typed": SignatureMark.typed("Siti Aminah"),
        "png": legacy_png_mark(),
    }
    pdf = certificate_of(make_event(), marks[kind], "+6281200000008")
    (picture,) = write_pngs(pdf, f"certificate-{kind}", ARTIFACTS, pages=(1, 1), resolution=100)
    with Image.open(picture) as image:
        grey = image.convert("L")
        # The signer's column of the signatures row: the lower third of the page, its left third.
        box = grey.crop((0, grey.height * 2 // 3, grey.width // 3, grey.height * 9 // 10))
        dark = sum(box.histogram()[:100])
        assert dark > 200
