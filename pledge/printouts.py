"""Printed material for the venue: A4 invitation cards with QR codes, and a poster.

Both say who invites (the organisers' logos and names), when and where, and both are
sealed like every PDF the portal issues, their fingerprints kept so that /verify
recognises a copy. The printed texts are Indonesian whatever the organiser's interface
language (they are read by the signers at the venue), unless the organiser asks for English.
"""

import io

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics

from pledge import qr
from pledge.certificates import layout, letterhead
from pledge.certificates.issuing import issue
from pledge.dates import format_day
from pledge.i18n import in_language
from pledge.models import DocumentKind, utcnow
from pledge.reference import OFFICIAL_LANGUAGE

REGULAR, BOLD = layout.FONT, layout.FONT_BOLD
GREEN = (0x0B / 255, 0x5D / 255, 0x3B / 255)
CARD_COLUMNS, CARD_ROWS = 2, 4


def _canvas(out, title, event, now):
    layout.register_fonts()
    canvas = layout.dated_canvas(now.astimezone(event.zone))(
        out, pagesize=A4, pageCompression=1, invariant=1, initialFontName=REGULAR
    )
    canvas.setTitle(title)
    canvas.setAuthor(", ".join(event.organiser_names) or "Pilkada Damai")
    canvas.setSubject(event.title)
    canvas.setCreator("Portal Pilkada Damai")
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


def _when_and_where(event, language):
    return f"{format_day(event.held_on, language)} · {event.place}"


def invitation_cards(event, invitations, language=OFFICIAL_LANGUAGE, now=None):
    """Return a sealed PDF of A4 pages of eight cut-out cards, one per (seat, url) invitation.

    The sheet's fingerprint is kept (IssuedDocument) so that /verify recognises it.
    """
    now = now or utcnow()
    with force_locale(language):
        pdf = _invitation_cards(event, invitations, language, now)
    reason = in_language(_l("Invitation cards: %(title)s", title=event.title), language)
    return issue(event, DocumentKind.INVITATION_CARDS, language, pdf, reason, now)


def _invitation_cards(event, invitations, language, now):
    out = io.BytesIO()
    canvas = _canvas(out, _("Invitations — %(title)s", title=event.title), event, now)
    page_width, page_height = A4
    card_width, card_height = page_width / CARD_COLUMNS, page_height / CARD_ROWS
    per_page = CARD_COLUMNS * CARD_ROWS
    logos = letterhead.logos_of(event)
    for index, (seat, url) in enumerate(invitations):
        if index and index % per_page == 0:
            canvas.showPage()
        slot = index % per_page
        x = (slot % CARD_COLUMNS) * card_width
        y = page_height - (slot // CARD_COLUMNS + 1) * card_height
        _card(canvas, event, logos, seat, url, (x, y, card_width, card_height), language)
    if not invitations:
        _lines(canvas, _("No invitations yet."), REGULAR, 12, 20 * mm, page_height - 30 * mm, 170 * mm)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def _card(canvas, event, logos, seat, url, box, language):
    x, y, width, height = box
    pad = 6 * mm
    canvas.setStrokeColorRGB(0.6, 0.6, 0.6)
    canvas.setDash(2, 3)
    canvas.rect(x, y, width, height, stroke=1, fill=0)
    canvas.setDash()
    # Who invites: the organisers' logos and names across the top.
    band = 8 * mm
    top = y + height - pad
    logo_width = letterhead.draw_logos(canvas, logos, x + pad, top - band, band, 16 * mm, 1.5 * mm)
    names_x = x + pad + (logo_width + 2.5 * mm if logo_width else 0)
    names = " · ".join(event.organiser_names)
    canvas.setFillColorRGB(*GREEN)
    names_lines = simpleSplit(names, BOLD, 7, x + width - pad - names_x)[:2]
    names_y = top - band / 2 + (1.3 if len(names_lines) == 2 else -1.2) * mm
    _lines(canvas, " ".join(names_lines), BOLD, 7, names_x, names_y, x + width - pad - names_x, 8.5, 2)
    canvas.setStrokeColorRGB(*GREEN)
    canvas.setLineWidth(0.6)
    canvas.line(x + pad, top - band - 1.5 * mm, x + width - pad, top - band - 1.5 * mm)
    # The invitation and the QR code beside it.
    code = 32 * mm
    body_top = top - band - 3 * mm
    qr.draw(canvas, url, x + width - pad - code + 2 * mm, body_top - code, code)
    text_width = width - 2 * pad - code
    line = body_top - 3 * mm
    canvas.setFillColorRGB(*GREEN)
    line = _lines(canvas, _("INVITATION TO SIGN"), BOLD, 7.5, x + pad, line, text_width)
    canvas.setFillColorRGB(0, 0, 0)
    line = _lines(canvas, event.title, REGULAR, 8, x + pad, line - 0.5 * mm, text_width, max_lines=2)
    canvas.setFillColorRGB(0.3, 0.3, 0.3)
    line = _lines(canvas, _when_and_where(event, language), REGULAR, 7, x + pad, line, text_width, 8.5, 2)
    canvas.setFillColorRGB(0, 0, 0)
    line = _lines(canvas, seat.institution, BOLD, 10.5, x + pad, line - 2.5 * mm, text_width, 12.5, 2)
    if seat.position:
        _lines(canvas, seat.position, REGULAR, 8.5, x + pad, line, text_width, max_lines=2)
    # How to sign, and the address for whoever cannot scan.
    bottom = y + pad + 4 * mm
    _lines(
        canvas,
        _(
            "Scan the QR code with your phone's camera. This link is for your institution alone "
            "and can be used only once."
        ),
        REGULAR,
        7,
        x + pad,
        bottom + 7.5 * mm,
        width - 2 * pad,
        8.5,
    )
    canvas.setFillColorRGB(0.3, 0.3, 0.3)
    canvas.setFont(REGULAR, 6)
    line_y = bottom
    for part in _wrap_characters(url, REGULAR, 6, width - 2 * pad):
        canvas.drawString(x + pad, line_y, part)
        line_y -= 7.5
    canvas.setFillColorRGB(0, 0, 0)


def poster(event, url, language=OFFICIAL_LANGUAGE, now=None):
    """Return a sealed PDF of an A4 poster: who invites, the title, when and where, a large QR code, how to sign.

    The poster's fingerprint is kept (IssuedDocument) so that /verify recognises it.
    """
    now = now or utcnow()
    with force_locale(language):
        pdf = _poster(event, url, language, now)
    reason = in_language(_l("Venue poster: %(title)s", title=event.title), language)
    return issue(event, DocumentKind.POSTER, language, pdf, reason, now)


def _poster(event, url, language, now):
    out = io.BytesIO()
    canvas = _canvas(out, _("Poster — %(title)s", title=event.title), event, now)
    width, height = A4
    margin = 18 * mm
    inner = width - 2 * margin
    canvas.setFillColorRGB(*GREEN)
    canvas.rect(0, height - 16 * mm, width, 16 * mm, stroke=0, fill=1)
    canvas.setFillColorRGB(1, 1, 1)
    canvas.setFont(BOLD, 14)
    canvas.drawCentredString(width / 2, height - 10.5 * mm, "PILKADA DAMAI")
    top = height - 22 * mm
    logos = letterhead.logos_of(event)
    if logos:
        row = 20 * mm
        logo_width = letterhead.logos_width(logos, row, 44 * mm, 8 * mm)
        letterhead.draw_logos(canvas, logos, (width - logo_width) / 2, top - row, row, 44 * mm, 8 * mm)
        top -= row + 6 * mm
    else:
        top -= 2 * mm
    organisers = letterhead.join_names(event.organiser_names)
    if organisers:
        canvas.setFillColorRGB(*GREEN)
        top = _lines(
            canvas,
            _("Organised by %(organisers)s", organisers=organisers),
            BOLD,
            12,
            margin,
            top,
            inner,
            centre=True,
            max_lines=2,
        )
    canvas.setFillColorRGB(0, 0, 0)
    top = _lines(
        canvas, event.title, BOLD, 24, margin, top - 8 * mm, inner, leading=29, max_lines=3, centre=True
    )
    top = _lines(
        canvas, _when_and_where(event, language), REGULAR, 13, margin, top - 1 * mm, inner, centre=True
    )
    code = min(120 * mm, top - 4 * mm - 70 * mm)  # what the address, the steps and the footer leave
    code_y = top - 4 * mm - code
    qr.draw(canvas, url, (width - code) / 2, code_y, code)
    canvas.setFillColorRGB(0.25, 0.25, 0.25)
    below = _lines(canvas, url, REGULAR, 10, margin, code_y - 5 * mm, inner, centre=True)
    canvas.setFillColorRGB(*GREEN)
    below = _lines(
        canvas, _("Join the signing from your phone"), BOLD, 17, margin, below - 5 * mm, inner, centre=True
    )
    canvas.setFillColorRGB(0, 0, 0)
    steps = (
        _("1. Scan the QR code with your phone's camera."),
        _("2. Read the declaration, then fill in your name, position and institution."),
        _("3. Sign with your finger in the box provided, then send."),
        _("4. Keep the certificate number that appears as proof."),
    )
    for step in steps:
        below = _lines(canvas, step, REGULAR, 13, margin + 8 * mm, below - 1.5 * mm, inner - 16 * mm)
    canvas.setFont(REGULAR, 10)
    canvas.setFillColorRGB(0.3, 0.3, 0.3)
    canvas.drawCentredString(width / 2, 12 * mm, _("A peaceful election is our shared responsibility."))
    canvas.showPage()
    canvas.save()
    return out.getvalue()
