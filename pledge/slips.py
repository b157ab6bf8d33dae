"""The printed slip that hands a signer a fresh private link: QR code, link, number, event.

A6 portrait (a quarter of an A4 sheet), so that the organisers print it on whatever
printer the venue has and hand it over. Indonesian unless asked for English, like every
printed document. Not sealed: it proves nothing, it only leads to the signer's page,
which holds the sealed certificate.
"""

import io

from flask_babel import force_locale
from flask_babel import gettext as _
from reportlab.lib.pagesizes import A6
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from pledge.certificates import layout
from pledge.certificates.layout import safe
from pledge.reference import OFFICIAL_LANGUAGE

MARGIN = 9 * mm
QR_SIZE = 52 * mm


def slip(record, url, language=OFFICIAL_LANGUAGE):
    """Return the PDF bytes of the slip that leads to `record`'s private page at `url`."""
    layout.register_fonts()
    with force_locale(language):
        out = io.BytesIO()
        document = SimpleDocTemplate(
            out,
            pagesize=A6,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=MARGIN,
            title=_("Your private link to your certificate"),
            author="Pilkada Damai",
            initialFontName=layout.FONT,  # every font embedded
        )
        document.build(_story(record, url))
        return out.getvalue()


def _story(record, url):
    heading = layout.centred("slip-heading", 11, layout.FONT_BOLD, layout.BRAND)
    body = layout.centred("slip-body", 8.5)
    number = layout.centred("slip-number", 15, layout.FONT_BOLD, letterSpacing=1)
    label = layout.centred("slip-label", 7.5, color=layout.MUTED)
    link = layout.centred("slip-link", 7, layout.FONT, wordWrap="CJK")
    warning = layout.centred("slip-warning", 7.5, layout.FONT_ITALIC, layout.MUTED)
    qr = layout.QRCode(url, QR_SIZE)
    qr.hAlign = "CENTER"
    return [
        Paragraph(safe(_("Your private link to your certificate")), heading),
        Spacer(1, 1.5 * mm),
        Paragraph(safe(record.event.title), body),
        Spacer(1, 3 * mm),
        qr,
        Spacer(1, 2 * mm),
        Paragraph(safe(_("Certificate number")), label),
        Paragraph(safe(record.certificate_label), number),
        Spacer(1, 2 * mm),
        Paragraph(safe(_("Scan the code or type the address:")), label),
        Paragraph(safe(url), link),
        Spacer(1, 3 * mm),
        Paragraph(
            safe(_("Keep this slip: whoever has the link sees your details. Earlier links no longer work.")),
            warning,
        ),
    ]
