"""The certificate PDF: A4 portrait, in Indonesian, page 1 to frame, the texts after it."""

import io
from dataclasses import dataclass

from flask_babel import force_locale
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

from pledge import certificate_numbers, transparency
from pledge.certificates import layout
from pledge.certificates.layout import safe
from pledge.dates import format_day, format_moment
from pledge.reference import category_label

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
    kecamatan: str | None
    signed_at: str
    texts: tuple
    signature_image: bytes | None
    verify_url: str
    fingerprint: str
    log_seq: int = 0  # the event's transparency log head when the certificate was issued
    log_hash: str = ""

    @property
    def log_hash_short(self):
        return f"{self.log_hash[:8]}…{self.log_hash[-8:]}"

    @classmethod
    def of(cls, record, verify_url, institution):
        """Collect what `record`'s certificate prints, written in Indonesian."""
        event = record.event
        with force_locale("id"):
            category = category_label(record.category)
        # Certificates are stored once: the head printed is the one at issue, which
        # covers the signature's own entry.
        head = transparency.head(event)
        return cls(
            number=certificate_numbers.display(record.certificate_number),
            institution=institution,
            event_title=event.title,
            event_place=event.place,
            event_day=format_day(event.held_on, "id"),
            organiser=event.organiser,
            full_name=record.full_name,
            position=record.position,
            signer_institution=record.institution,
            category=category,
            kecamatan=record.kecamatan,
            signed_at=format_moment(record.signed_at, event.timezone, "id"),
            texts=tuple(
                SignedText(version.title, tuple(version.paragraphs), version.sha256)
                for version in sorted(record.versions, key=lambda v: (v.document.position, v.id))
            ),
            signature_image=record.signature_image,
            verify_url=verify_url,
            fingerprint=record.signed_fingerprint,
            log_seq=head.seq,
            log_hash=head.chain_hash,
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
    """Return the (unsealed) certificate PDF of `content` as bytes."""
    styles = _styles()
    out = io.BytesIO()
    doc = BaseDocTemplate(
        out,
        pagesize=A4,
        title=f"Sertifikat {content.number}",
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
    who = content.category + (f" · Kecamatan {content.kecamatan}" if content.kecamatan else "")
    name_style = styles["name"] if len(content.full_name) <= 48 else styles["name_long"]
    parts = [
        Paragraph(safe(content.institution.upper()), styles["institution"]),
        Paragraph("SERTIFIKAT", styles["title"]),
        Paragraph("Penandatanganan Deklarasi", styles["subtitle"]),
        HRFlowable(width=40 * mm, thickness=1.5, color=layout.GOLD, spaceBefore=8, spaceAfter=0),
        Paragraph(safe(content.event_title), styles["event"]),
        Paragraph(f"{safe(content.event_place)} · {safe(content.event_day)}", styles["where"]),
        Paragraph("Diberikan kepada", styles["given"]),
        Paragraph(safe(content.full_name), name_style),
        Paragraph(safe(content.position), styles["role"]),
        Paragraph(safe(content.signer_institution), styles["role"]),
        Paragraph(safe(who), styles["meta"]),
        Paragraph("yang telah membaca, menyetujui, dan menandatangani:", styles["body"]),
    ]
    parts += [Paragraph(safe(text.title), styles["doc_title"]) for text in content.texts]
    parts += [
        Paragraph(f"pada {safe(content.signed_at)}.", styles["body"]),
        Spacer(1, 14 * mm),
        _signature_and_qr(content, styles, width),
        Spacer(1, 8 * mm),
        Paragraph("Nomor sertifikat", styles["label"]),
        Paragraph(safe(content.number), styles["number"]),
        Spacer(1, 3 * mm),
        Paragraph("Sidik jari rekaman tanda tangan (SHA-256)", styles["label"]),
        Paragraph(layout.grouped_hex(content.fingerprint), styles["mono"]),
        Spacer(1, 2 * mm),
        Paragraph("Kepala log transparansi saat terbit", styles["label"]),
        Paragraph(
            f"entri ke-{content.log_seq} · {content.log_hash_short} (lengkap di halaman lampiran)",
            styles["mono"],
        ),
        Spacer(1, 3 * mm),
        Paragraph(
            f"Disegel secara digital oleh {safe(content.institution)}. "
            "Naskah lengkap dan sidik jarinya ada pada halaman berikut.",
            styles["small"],
        ),
    ]
    return parts


def _signature_and_qr(content, styles, width):
    column = (width - 10 * mm) / 2
    # About 220 dpi in the box: sharp when printed, small in the file.
    signature = layout.SignatureImage(content.signature_image, column - 10 * mm, 28 * mm, (600, 240))
    left = [
        Paragraph("Tanda tangan", styles["label"]),
        signature,
        Paragraph(safe(content.full_name), styles["meta"]),
    ]
    right = [
        Paragraph("Periksa keaslian", styles["label"]),
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
    story = [Paragraph("Lampiran: naskah yang ditandatangani", styles["h1"])]
    for text in content.texts:
        story.append(Paragraph(safe(text.title), styles["h2"]))
        story += [
            Paragraph(safe(paragraph).replace("\n", "<br/>"), styles["para"]) for paragraph in text.paragraphs
        ]
        story.append(Paragraph(f"Sidik jari versi naskah (SHA-256): {text.sha256}", styles["hash"]))
    story += [
        Paragraph("Log transparansi acara", styles["h2"]),
        Paragraph(
            "Setiap tanda tangan, pencabutan, dan penghapusan data dicatat berurutan dalam log "
            "berantai hash yang terbuka untuk umum. Saat sertifikat ini terbit, kepala log adalah "
            f"entri ke-{content.log_seq} dengan hash rantai (SHA-256):",
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
    canvas.drawString(MARGIN, 13 * mm, f"Sertifikat {content.number} · {content.verify_url}")
    canvas.drawRightString(PAGE_WIDTH - MARGIN, 13 * mm, f"hal. {doc.page}")
    canvas.restoreState()
