"""Page 1 of a certificate, the page to frame: who issues it, who signed what, the seal.

The organisers' logos and names head it; the signer's drawn signature, the QR code with
the number, and the issuing official (the seal stands where a wet signature would) stand
side by side at its foot. Spare height is shared out so that a short certificate fills
its frame; a revoked one carries a notice at the top and a DICABUT stamp across it.
"""

from flask_babel import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import HRFlowable, Paragraph, Spacer, Table

from pledge.certificates import layout, letterhead
from pledge.certificates.layout import safe, same_paragraph

PAGE_WIDTH, PAGE_HEIGHT = A4


class Stretch(Spacer):
    """Room that grows to spread page 1 over its frame (a short certificate leaves no empty foot)."""

    def __init__(self, least, most):
        super().__init__(1, least)
        self.most = most


def spread(parts, width, height):
    """Share the frame's spare height between the Stretch spacers, each up to its `most`."""
    used = sum(part.wrap(width, height)[1] + part.getSpaceBefore() + part.getSpaceAfter() for part in parts)
    stretches = [part for part in parts if isinstance(part, Stretch)]
    spare = height - used
    for stretch in stretches if spare > 0 else ():
        stretch.height += min(spare / len(stretches), stretch.most - stretch.height)
    return parts


def front(content, styles, width):
    who = content.category
    if content.area:
        who += " · " + content.area
    name_style = styles[_name_size(content.full_name)]
    parts = []
    if content.is_revoked:
        parts += [_revoked_notice(content, styles, width), Spacer(1, 4 * mm)]
    parts += [
        letterhead.Logos(content.logos, 20 * mm, 48 * mm, 9 * mm, space_after=4 * mm),
        same_paragraph(safe("   ·   ".join(content.organisers).upper()), styles["institution"]),
        Stretch(0, 6 * mm),
        same_paragraph(_("CERTIFICATE"), styles["title"]),
        same_paragraph(_("Signing of the Declaration"), styles["subtitle"]),
        HRFlowable(width=40 * mm, thickness=1.5, color=layout.GOLD, spaceBefore=7, spaceAfter=0),
        same_paragraph(safe(content.event_title), styles["event"]),
        same_paragraph(f"{safe(content.event_place)} · {safe(content.event_day)}", styles["where"]),
        Stretch(0, 12 * mm),
        same_paragraph(_("Presented to"), styles["given"]),
        Paragraph(safe(content.full_name), name_style),
        Paragraph(safe(content.position), styles["role"]),
        Paragraph(safe(content.signer_institution), styles["role"]),
        Paragraph(safe(who), styles["meta"]),
        Stretch(0, 6 * mm),
        same_paragraph(_("who has read, agreed to and signed:"), styles["body"]),
    ]
    parts += [same_paragraph(safe(text.title), styles["doc_title"]) for text in content.texts]
    parts += [
        Paragraph(_("on %(moment)s.", moment=safe(content.signed_at)), styles["body"]),
        Stretch(10 * mm, 30 * mm),
        _signatures_and_seal(content, styles, width),
        Stretch(6 * mm, 14 * mm),
        same_paragraph(safe(content.issuer), styles["issuer"]),
        Spacer(1, 1.5 * mm),
        Paragraph(
            _(
                "Check authenticity at %(url)s. Sealed electronically: the full texts, their "
                "fingerprints and the transparency log are in the annex.",
                url=safe(content.verify_url),
            ),
            styles["small"],
        ),
    ]
    return parts


def _name_size(name):
    """The style a name prints in: large on one line when it fits, smaller as it grows."""
    if len(name) <= 28:
        return "name"
    return "name_medium" if len(name) <= 60 else "name_long"


def _signatures_and_seal(content, styles, width):
    """The signer's drawn signature, the QR code with the number, and the issuing official."""
    column = width / 3
    # An image of before strokes at about 220 dpi in the box: sharp when printed, small in the file.
    signature = layout.SignatureMark(content.signature_mark, column - 8 * mm, 22 * mm, (520, 200))
    signer = [
        same_paragraph(_("Signature"), styles["label"]),
        signature,
        HRFlowable(width=column - 12 * mm, thickness=0.6, color=layout.LINE, spaceBefore=1, spaceAfter=3),
        Paragraph(safe(content.full_name), styles["signer"]),
        same_paragraph(_("Signer"), styles["official_title"]),
    ]
    seal = [
        same_paragraph(_("Check authenticity"), styles["label"]),
        layout.QRCode(content.verify_url, 32 * mm),
        same_paragraph(_("Certificate number"), styles["label"]),
        Paragraph(safe(content.number), styles["number"]),
    ]
    table = Table([[signer, seal, _issuing_official(content, styles, column)]], colWidths=[column] * 3)
    table.setStyle(
        layout.table_style(
            [
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def _issuing_official(content, styles, column):
    """The official's block: the seal stands where a wet signature would (nothing is faked)."""
    block = [
        same_paragraph(_("On behalf of the organisers"), styles["label"]),
        Spacer(1, 7 * mm),
        same_paragraph(_("Sealed electronically"), styles["sealed"]),
        Spacer(1, 7 * mm),
        HRFlowable(width=column - 12 * mm, thickness=0.6, color=layout.LINE, spaceBefore=1, spaceAfter=3),
    ]
    official = content.official
    if official is None:
        names = letterhead.join_names(content.organisers) or content.institution
        return [*block, same_paragraph(safe(names), styles["official"])]
    block.append(same_paragraph(safe(official.name), styles["official"]))
    if official.title:
        block.append(same_paragraph(safe(official.title), styles["official_title"]))
    if official.institution and official.institution not in official.title:
        block.append(same_paragraph(safe(official.institution), styles["official_title"]))
    if official.id_number:
        block.append(
            same_paragraph(_("NIP/NRP %(number)s", number=safe(official.id_number)), styles["official_title"])
        )
    return block


def _revoked_notice(content, styles, width):
    """The box at the top of a revoked certificate: since when, and the public reason."""
    text = _("This signature was REVOKED on %(when)s.", when=safe(content.revoked_on))
    if content.revoke_reason:
        text += " " + _("Reason: %(reason)s", reason=safe(content.revoke_reason))
    text += "<br/>" + _("This certificate is no longer proof of signing.")
    box = Table([[Paragraph(text, styles["revoked"])]], colWidths=[width - 10 * mm])
    box.setStyle(
        layout.table_style(
            [
                ("BOX", (0, 0), (-1, -1), 1.2, layout.REVOKED),
                ("BACKGROUND", (0, 0), (-1, -1), layout.REVOKED_WASH),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return box


def draw_border(canvas, doc):
    canvas.saveState()
    canvas.setStrokeColor(layout.BRAND)
    canvas.setLineWidth(4)
    canvas.rect(10 * mm, 10 * mm, PAGE_WIDTH - 20 * mm, PAGE_HEIGHT - 20 * mm)
    canvas.setStrokeColor(layout.GOLD)
    canvas.setLineWidth(1)
    canvas.rect(13 * mm, 13 * mm, PAGE_WIDTH - 26 * mm, PAGE_HEIGHT - 26 * mm)
    canvas.restoreState()


def draw_revoked_stamp(canvas, content):
    """A rubber stamp across page 1, over the text: DICABUT (REVOKED) and since when."""
    canvas.saveState()
    canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2 - 5 * mm)
    canvas.rotate(28)
    canvas.setStrokeColor(layout.REVOKED)
    canvas.setFillColor(layout.REVOKED)
    canvas.setStrokeAlpha(0.8)
    canvas.setFillAlpha(0.72)
    width, height = 160 * mm, 46 * mm
    canvas.setLineWidth(3.5)
    canvas.roundRect(-width / 2, -height / 2, width, height, 5 * mm, stroke=1, fill=0)
    canvas.setLineWidth(1)
    canvas.roundRect(-width / 2 + 2.5 * mm, -height / 2 + 2.5 * mm, width - 5 * mm, height - 5 * mm, 3.5 * mm)
    word = _("REVOKED")
    size = min(56, 56 * (width - 20 * mm) / layout.string_width(word, layout.FONT_BOLD, 56))
    canvas.setFont(layout.FONT_BOLD, size)
    canvas.drawCentredString(0, -1 * mm, word)
    canvas.setFont(layout.FONT_BOLD, 12)
    canvas.drawCentredString(0, -height / 2 + 5 * mm, _("since %(day)s", day=content.revoked_day))
    canvas.restoreState()
