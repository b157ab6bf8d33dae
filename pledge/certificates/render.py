"""The certificate PDF: A4 portrait, page 1 to frame, the texts after it.

Indonesian by default; every printed word goes through the catalogue, so the same
layout prints in English when asked.
"""

import io
from dataclasses import dataclass

from flask_babel import force_locale
from flask_babel import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    HRFlowable,
    KeepInFrame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from pledge import certificate_numbers, regions, transparency
from pledge.certificates import layout
from pledge.certificates.layout import safe, text_fingerprint
from pledge.dates import format_day, format_moment
from pledge.reference import OFFICIAL_LANGUAGE, category_label

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 22 * mm


@dataclass(frozen=True)
class SignedText:
    title: str
    paragraphs: tuple
    sha256: str


@dataclass(frozen=True)
class CertificateContent:
    """Everything a certificate prints, taken from a signature record."""

    number: str
    institution: str
    event_title: str
    event_place: str
    event_day: str
    organiser: str
    full_name: str
    position: str
    signer_institution: str
    category: str
    area: str | None  # "Kecamatan Kuaro", or "Kabupaten Berau" for a provincial event
    signed_at: str
    texts: tuple
    signature_image: bytes | None
    verify_url: str
    fingerprint: str
    log_seq: int = 0  # the event's transparency log head when the certificate was issued
    log_hash: str = ""
    language: str = OFFICIAL_LANGUAGE  # what the labels, dates and the group are written in

    @property
    def log_hash_short(self):
        return f"{self.log_hash[:8]}…{self.log_hash[-8:]}"

    @classmethod
    def of(cls, record, verify_url, institution, language=OFFICIAL_LANGUAGE):
        """Collect what `record`'s certificate prints, dates and group written in `language`."""
        event = record.event
        with force_locale(language):
            category = category_label(record.category)
        # Certificates are stored once: the head printed is the one at issue, which
        # covers the signature's own entry.
        head = transparency.head(event)
        return cls(
            number=certificate_numbers.display(record.certificate_number),
            institution=institution,
            event_title=event.title,
            event_place=event.place,
            event_day=format_day(event.held_on, language),
            organiser=" · ".join(event.organiser_names),
            full_name=record.full_name,
            position=record.position,
            signer_institution=record.institution,
            category=category,
            area=area.title if (area := regions.get(record.area_code)) else None,
            signed_at=format_moment(record.signed_at, event.timezone, language),
            texts=tuple(
                SignedText(version.title, tuple(version.paragraphs), version.sha256)
                for version in sorted(record.versions, key=lambda v: (v.document.position, v.id))
            ),
            signature_image=record.signature_image,
            verify_url=verify_url,
            fingerprint=record.signed_fingerprint,
            log_seq=head.seq,
            log_hash=head.chain_hash,
            language=language,
        )


_STYLES = {}


def _styles():
    if not _STYLES:
        layout.register_fonts()
        bold = layout.FONT_BOLD
        _STYLES.update(
            institution=layout.centred("institution", 10, bold, layout.BRAND, leading=13),
            title=layout.centred("title", 36, bold, layout.BRAND, leading=42, spaceBefore=10),
            subtitle=layout.centred("subtitle", 13, layout.FONT, layout.MUTED, leading=17),
            event=layout.centred("event", 15, bold, leading=19, spaceBefore=22),
            where=layout.centred("where", 11, layout.FONT, layout.MUTED, leading=15),
            given=layout.centred("given", 11, layout.FONT, layout.MUTED, spaceBefore=30),
            name=layout.centred("name", 26, bold, layout.BRAND, leading=31, spaceBefore=6, spaceAfter=4),
            name_long=layout.centred(
                "name_long", 15, bold, layout.BRAND, leading=19, spaceBefore=6, spaceAfter=4
            ),
            role=layout.centred("role", 12, leading=16),
            meta=layout.centred("meta", 10, layout.FONT, layout.MUTED, leading=14),
            body=layout.centred("body", 11, leading=15, spaceBefore=20),
            doc_title=layout.centred("doc_title", 11, bold, leading=15, spaceBefore=3),
            label=layout.centred("label", 8, layout.FONT, layout.MUTED, leading=10),
            number=layout.centred("number", 22, layout.MONO + "-Bold", layout.INK, leading=26),
            small=layout.centred("small", 7.5, layout.FONT, layout.MUTED, leading=10),
            mono=layout.centred("mono", 7.5, layout.MONO, layout.MUTED, leading=10),
            h1=layout.style("h1", 15, bold, color=layout.BRAND, leading=19, spaceAfter=6),
            h2=layout.style("h2", 12, bold, leading=16, spaceBefore=12, spaceAfter=4),
            para=layout.style("para", 10, leading=14.5, spaceAfter=6),
            hash=layout.style("hash", 8, layout.MONO, layout.MUTED, leading=11, spaceAfter=8),
        )
    return _STYLES


def render_certificate(content):
    """Return the (unsealed) certificate PDF of `content` as bytes, in `content.language`."""
    with force_locale(content.language):
        return _render(content)


def _render(content):
    styles = _styles()
    out = io.BytesIO()
    doc = BaseDocTemplate(
        out,
        pagesize=A4,
        title=_("Certificate %(number)s", number=content.number),
        author=content.institution,
        subject=content.event_title,
        creator="Portal Pilkada Damai",
        invariant=True,
    )
    front = Frame(MARGIN, MARGIN, PAGE_WIDTH - 2 * MARGIN, PAGE_HEIGHT - 2 * MARGIN, id="front")
    annex = Frame(MARGIN, 24 * mm, PAGE_WIDTH - 2 * MARGIN, PAGE_HEIGHT - 46 * mm, id="annex")
    doc.addPageTemplates(
        [
            PageTemplate("front", [front], onPage=_draw_border),
            PageTemplate("annex", [annex], onPage=lambda canvas, d: _draw_annex_footer(canvas, d, content)),
        ]
    )
    story = [
        KeepInFrame(front.width - 12, front.height - 12, _front(content, styles, front.width), mode="shrink"),
        NextPageTemplate("annex"),
        PageBreak(),
        *_annex(content, styles),
    ]
    doc.build(story)
    return out.getvalue()


def _front(content, styles, width):
    who = content.category
    if content.area:
        who += " · " + content.area
    name_style = styles["name"] if len(content.full_name) <= 48 else styles["name_long"]
    parts = [
        Paragraph(safe(content.institution.upper()), styles["institution"]),
        Paragraph(_("CERTIFICATE"), styles["title"]),
        Paragraph(_("Signing of the Declaration"), styles["subtitle"]),
        HRFlowable(width=40 * mm, thickness=1.5, color=layout.GOLD, spaceBefore=8, spaceAfter=0),
        Paragraph(safe(content.event_title), styles["event"]),
        Paragraph(f"{safe(content.event_place)} · {safe(content.event_day)}", styles["where"]),
        Paragraph(_("Presented to"), styles["given"]),
        Paragraph(safe(content.full_name), name_style),
        Paragraph(safe(content.position), styles["role"]),
        Paragraph(safe(content.signer_institution), styles["role"]),
        Paragraph(safe(who), styles["meta"]),
        Paragraph(_("who has read, agreed to and signed:"), styles["body"]),
    ]
    parts += [Paragraph(safe(text.title), styles["doc_title"]) for text in content.texts]
    parts += [
        Paragraph(_("on %(moment)s.", moment=safe(content.signed_at)), styles["body"]),
        Spacer(1, 14 * mm),
        _signature_and_qr(content, styles, width),
        Spacer(1, 8 * mm),
        Paragraph(_("Certificate number"), styles["label"]),
        Paragraph(safe(content.number), styles["number"]),
        Spacer(1, 3 * mm),
        Paragraph(_("Fingerprint of the signature record (SHA-256)"), styles["label"]),
        Paragraph(layout.grouped_hex(content.fingerprint), styles["mono"]),
        Spacer(1, 2 * mm),
        Paragraph(_("Transparency log head at issue"), styles["label"]),
        Paragraph(
            _(
                "entry %(seq)d · %(hash)s (in full on the annex page)",
                seq=content.log_seq,
                hash=content.log_hash_short,
            ),
            styles["mono"],
        ),
        Spacer(1, 3 * mm),
        Paragraph(
            _(
                "Digitally sealed by %(institution)s. "
                "The full texts and their fingerprints are on the following pages.",
                institution=safe(content.institution),
            ),
            styles["small"],
        ),
    ]
    return parts


def _signature_and_qr(content, styles, width):
    column = (width - 10 * mm) / 2
    # About 220 dpi in the box: sharp when printed, small in the file.
    signature = layout.SignatureImage(content.signature_image, column - 10 * mm, 28 * mm, (600, 240))
    left = [
        Paragraph(_("Signature"), styles["label"]),
        signature,
        Paragraph(safe(content.full_name), styles["meta"]),
    ]
    right = [
        Paragraph(_("Check authenticity"), styles["label"]),
        layout.QRCode(content.verify_url, 38 * mm),
        Paragraph(safe(content.verify_url), styles["small"]),
    ]
    table = Table([[left, right]], colWidths=[column, column], hAlign="CENTER")
    table.setStyle(
        TableStyle(
            [
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ]
        )
    )
    return table


def _annex(content, styles):
    story = [Paragraph(_("Annex: the texts signed"), styles["h1"])]
    for text in content.texts:
        story.append(Paragraph(safe(text.title), styles["h2"]))
        story += [
            Paragraph(safe(paragraph).replace("\n", "<br/>"), styles["para"]) for paragraph in text.paragraphs
        ]
        story.append(Paragraph(text_fingerprint(text.sha256), styles["hash"]))
    story += [
        Paragraph(_("The event's transparency log"), styles["h2"]),
        Paragraph(
            _(
                "Every signature, revocation and erasure of data is recorded in order in a "
                "hash-chained log open to the public. When this certificate was issued, the head "
                "of the log was entry %(seq)d, with the chain hash (SHA-256):",
                seq=content.log_seq,
            ),
            styles["para"],
        ),
        Paragraph(layout.grouped_hex(content.log_hash), styles["hash"]),
    ]
    return story


def _draw_border(canvas, doc):
    canvas.saveState()
    canvas.setStrokeColor(layout.BRAND)
    canvas.setLineWidth(4)
    canvas.rect(10 * mm, 10 * mm, PAGE_WIDTH - 20 * mm, PAGE_HEIGHT - 20 * mm)
    canvas.setStrokeColor(layout.GOLD)
    canvas.setLineWidth(1)
    canvas.rect(13 * mm, 13 * mm, PAGE_WIDTH - 26 * mm, PAGE_HEIGHT - 26 * mm)
    canvas.restoreState()


def _draw_annex_footer(canvas, doc, content):
    canvas.saveState()
    canvas.setStrokeColor(layout.LINE)
    canvas.line(MARGIN, 18 * mm, PAGE_WIDTH - MARGIN, 18 * mm)
    canvas.setFont(layout.FONT, 8)
    canvas.setFillColor(layout.MUTED)
    title = _("Certificate %(number)s", number=content.number)
    canvas.drawString(MARGIN, 13 * mm, f"{title} · {content.verify_url}")
    canvas.drawRightString(PAGE_WIDTH - MARGIN, 13 * mm, _("p. %(page)d", page=doc.page))
    canvas.restoreState()
