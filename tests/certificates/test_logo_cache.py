"""Logos are compressed once per process: what reportlab's drawImage makes, byte for byte."""

import io
from datetime import UTC, datetime

import pytest
from PIL import Image
from reportlab.lib.utils import ImageReader

from pledge import printouts
from pledge.certificates import letterhead, render
from pledge.certificates.content import VALID, CertificateContent
from pledge.urls import verify_url
from tests.builders import make_event, make_signature
from tests.document_builders import organised_by
from tests.pdfs import images_on_page

ISSUED = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)


def emblem(seed, size=(320, 320)):
    """A logo with detail (noise under a transparent corner), not a flat disc that compresses to nothing."""
    image = Image.effect_noise(size, 60 + seed).convert("RGBA")
    image.putalpha(Image.linear_gradient("L").resize(size))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def drawn_by_reportlab(canvas, png, x, y, width, height):
    """reportlab's own way: a fresh ImageReader per document, compressed again each time."""
    canvas.drawImage(ImageReader(letterhead._logo_image(png)), x, y, width, height, mask="auto")


@pytest.fixture
def event_with_logos(app):
    event = organised_by(make_event(), "Polres Paser", "KPU Kabupaten Paser")
    event.institutions[0].logo, event.institutions[1].logo = emblem(1), emblem(2, (480, 200))
    return event


def certificate(event):
    record = make_signature(event)
    content = CertificateContent.of(record, verify_url(record), "Portal", "id", VALID, now=ISSUED)
    return lambda: render.render_certificate(content)


def unsealed(pdf):
    """The PDF as rendered, before the seal's incremental update (whose signature differs each time)."""
    return pdf[: pdf.index(b"%%EOF")]


def test_a_certificate_with_cached_logos_is_the_one_reportlab_draws(event_with_logos, monkeypatch):
    letterhead._logo_xobject.cache_clear()
    render_it = certificate(event_with_logos)
    cached = render_it()
    again = render_it()  # from the process's XObjects, a second document
    monkeypatch.setattr(letterhead, "_draw_logo", drawn_by_reportlab)
    assert cached == again == render_it()
    assert images_on_page(cached, 0) == 2
    assert letterhead._logo_xobject.cache_info().hits >= 2


def test_a_poster_with_cached_logos_is_the_one_reportlab_draws(event_with_logos, monkeypatch):
    url = "https://damai.example.id/e/pilkada-damai-test"
    cached = printouts.poster(event_with_logos, url, now=ISSUED)
    monkeypatch.setattr(letterhead, "_draw_logo", drawn_by_reportlab)
    assert unsealed(cached) == unsealed(printouts.poster(event_with_logos, url, now=ISSUED))
