"""Printed material for the venue: A4 invitation cards with QR codes, and a poster.

The printed texts are Indonesian whatever the organiser's interface language (they are
read by the signers at the venue), unless the organiser asks for English.
"""

import io
from functools import cache
from pathlib import Path

import reportlab
from flask_babel import force_locale
from flask_babel import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from pledge import qr
from pledge.dates import format_day
from pledge.reference import OFFICIAL_LANGUAGE

FONTS = Path(reportlab.__file__).resolve().parent / "fonts"
REGULAR, BOLD = "Vera", "Vera-Bold"
GREEN = (0x0B / 255, 0x5D / 255, 0x3B / 255)
CARD_COLUMNS, CARD_ROWS = 2, 4


@cache
def _register_fonts():
    pdfmetrics.registerFont(TTFont(REGULAR, str(FONTS / "Vera.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(FONTS / "VeraBd.ttf")))


def _canvas(out, title):
    _register_fonts()
    canvas = Canvas(out, pagesize=A4, pageCompression=1)
    canvas.setTitle(title)
    canvas.setAuthor("Pilkada Damai")
    return canvas


def _lines(canvas, text, font, size, x, y, width, leading=None, max_lines=None, centre=False):
    """Write `text` wrapped to `width` from the baseline y downwards; return the y below it."""
    leading = leading or size * 1.25
    lines = simpleSplit(text, font, size, width)
    if max_lines and len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip() + "…"
    canvas.setFont(font, size)
    for line in lines:
        if centre:
            canvas.drawCentredString(x + width / 2, y, line)
        else:
            canvas.drawString(x, y, line)
        y -= leading
    return y


def _wrap_characters(text, font, size, width):
    """Split a text without spaces (a URL) into lines that fit `width`."""
    lines, line = [], ""
    for character in text:
        if line and pdfmetrics.stringWidth(line + character, font, size) > width:
            lines.append(line)
            line = ""
        line += character
    return [*lines, line] if line else lines


def invitation_cards(event, invitations, language=OFFICIAL_LANGUAGE):
    """Return PDF bytes: A4 pages of eight cut-out cards, one per (seat, url) invitation."""
    with force_locale(language):
        return _invitation_cards(event, invitations)


def _invitation_cards(event, invitations):
    out = io.BytesIO()
    canvas = _canvas(out, _("Invitations — %(title)s", title=event.title))
    page_width, page_height = A4
    card_width, card_height = page_width / CARD_COLUMNS, page_height / CARD_ROWS
    per_page = CARD_COLUMNS * CARD_ROWS
    for index, (seat, url) in enumerate(invitations):
        if index and index % per_page == 0:
            canvas.showPage()
        slot = index % per_page
        x = (slot % CARD_COLUMNS) * card_width
        y = page_height - (slot // CARD_COLUMNS + 1) * card_height
        _card(canvas, event, seat, url, x, y, card_width, card_height)
    if not invitations:
        _lines(canvas, _("No invitations yet."), REGULAR, 12, 20 * mm, page_height - 30 * mm, 170 * mm)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def _card(canvas, event, seat, url, x, y, width, height):
    pad = 7 * mm
    canvas.setStrokeColorRGB(0.6, 0.6, 0.6)
    canvas.setDash(2, 3)
    canvas.rect(x, y, width, height, stroke=1, fill=0)
    canvas.setDash()
    code = 36 * mm
    qr.draw(canvas, url, x + width - pad - code, y + height - pad - code, code)
    text_width = width - 3 * pad - code
    top = y + height - pad - 3 * mm
    canvas.setFillColorRGB(*GREEN)
    top = _lines(canvas, _("INVITATION TO SIGN"), BOLD, 7.5, x + pad, top, text_width)
    canvas.setFillColorRGB(0, 0, 0)
    top = _lines(canvas, event.title, REGULAR, 8, x + pad, top - 1 * mm, text_width, max_lines=3)
    top = _lines(canvas, seat.institution, BOLD, 11, x + pad, top - 3 * mm, text_width, max_lines=3)
    if seat.position:
        top = _lines(canvas, seat.position, REGULAR, 9, x + pad, top, text_width, max_lines=2)
    bottom = y + pad + 10 * mm
    _lines(
        canvas,
        _(
            "Scan the QR code with your phone's camera. This link is for your institution alone "
            "and can be used only once."
        ),
        REGULAR,
        7.5,
        x + pad,
        bottom + 9 * mm,
        width - 2 * pad,
    )
    canvas.setFillColorRGB(0.3, 0.3, 0.3)
    canvas.setFont(REGULAR, 6)
    line_y = bottom
    for line in _wrap_characters(url, REGULAR, 6, width - 2 * pad):
        canvas.drawString(x + pad, line_y, line)
        line_y -= 7.5
    canvas.setFillColorRGB(0, 0, 0)


def poster(event, url, language=OFFICIAL_LANGUAGE):
    """Return PDF bytes of an A4 poster: the title, a large QR code to the sign page, how to sign."""
    with force_locale(language):
        return _poster(event, url, language)


def _poster(event, url, language):
    out = io.BytesIO()
    canvas = _canvas(out, _("Poster — %(title)s", title=event.title))
    width, height = A4
    margin = 18 * mm
    inner = width - 2 * margin
    canvas.setFillColorRGB(*GREEN)
    canvas.rect(0, height - 16 * mm, width, 16 * mm, stroke=0, fill=1)
    canvas.setFillColorRGB(1, 1, 1)
    canvas.setFont(BOLD, 14)
    canvas.drawCentredString(width / 2, height - 10.5 * mm, "PILKADA DAMAI")
    canvas.setFillColorRGB(0, 0, 0)
    top = _lines(
        canvas, event.title, BOLD, 24, margin, height - 34 * mm, inner, leading=29, max_lines=3, centre=True
    )
    place = f"{event.place} · {format_day(event.held_on, language)}"
    top = _lines(canvas, place, REGULAR, 13, margin, top - 2 * mm, inner, centre=True)
    code = 120 * mm
    code_y = top - 6 * mm - code
    qr.draw(canvas, url, (width - code) / 2, code_y, code)
    canvas.setFillColorRGB(0.25, 0.25, 0.25)
    below = _lines(canvas, url, REGULAR, 10, margin, code_y - 6 * mm, inner, centre=True)
    canvas.setFillColorRGB(*GREEN)
    below = _lines(
        canvas, _("Join the signing from your phone"), BOLD, 17, margin, below - 6 * mm, inner, centre=True
    )
    canvas.setFillColorRGB(0, 0, 0)
    steps = (
        _("1. Scan the QR code with your phone's camera."),
        _("2. Read the declaration, then fill in your name, position and institution."),
        _("3. Sign with your finger in the box provided, then send."),
        _("4. Keep the certificate number that appears as proof."),
    )
    for step in steps:
        below = _lines(canvas, step, REGULAR, 14, margin + 8 * mm, below - 2 * mm, inner - 16 * mm)
    canvas.setFont(REGULAR, 10)
    canvas.setFillColorRGB(0.3, 0.3, 0.3)
    canvas.drawCentredString(width / 2, 12 * mm, _("A peaceful election is our shared responsibility."))
    canvas.showPage()
    canvas.save()
    return out.getvalue()
