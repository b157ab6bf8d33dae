"""The certificate PDF: A4 portrait, page 1 to frame, the annex after it.

Page 1 (pledge.certificates.front) holds what a person reads: who issues it, the event,
the signer, the titles signed, the drawn signature, the QR code, the number and the
official who issues it. Fingerprints and the log head, which only a checker reads, are
in the annex with the full texts, laid out so that no heading ends a page and no page
after the first is near empty. A revoked record's certificate is the same layout
with a DICABUT stamp across page 1. Indonesian by default; every printed word goes
through the catalogue, so the same layout prints in English when asked.
"""

import copy
import io

from flask_babel import force_locale
from flask_babel import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    KeepInFrame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
)

from pledge.certificates import front, layout
from pledge.certificates.content import REVOKED, VALID, CertificateContent
from pledge.certificates.layout import safe, same_paragraph, text_fingerprint
from pledge.models import utcnow

__all__ = ["REVOKED", "VALID", "CertificateContent", "render_certificate"]

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 22 * mm
ANNEX_BOTTOM = 24 * mm
ANNEX_HEIGHT = PAGE_HEIGHT - 46 * mm
# The near-empty-page rule: no annex page after the first ends with less than this many
# lines of body text; when one would, the page before it gives up lines to it.
MIN_LAST_PAGE_LINES = 16


_STYLES = {}


def _styles():
    if not _STYLES:
        layout.register_fonts()
        bold = layout.FONT_BOLD
        _STYLES.update(
            institution=layout.centred("institution", 10.5, bold, layout.BRAND, leading=14),
            title=layout.centred("title", 36, bold, layout.BRAND, leading=42, spaceBefore=8),
            subtitle=layout.centred("subtitle", 13, layout.FONT, layout.MUTED, leading=17),
            event=layout.centred("event", 15, bold, leading=19, spaceBefore=16),
            where=layout.centred("where", 11, layout.FONT, layout.MUTED, leading=15),
            given=layout.centred("given", 11, layout.FONT, layout.MUTED, spaceBefore=20),
            name=layout.centred("name", 26, bold, layout.BRAND, leading=31, spaceBefore=4, spaceAfter=4),
            name_medium=layout.centred(
                "name_medium", 20, bold, layout.BRAND, leading=25, spaceBefore=4, spaceAfter=4
            ),
            name_long=layout.centred(
                "name_long", 15, bold, layout.BRAND, leading=19, spaceBefore=4, spaceAfter=4
            ),
            role=layout.centred("role", 12, leading=16),
            meta=layout.centred("meta", 10, layout.FONT, layout.MUTED, leading=13),
            body=layout.centred("body", 11, leading=15, spaceBefore=14),
            doc_title=layout.centred("doc_title", 11, bold, leading=15, spaceBefore=3),
            label=layout.centred("label", 8, layout.FONT, layout.MUTED, leading=10),
            number=layout.centred("number", 15, bold, layout.INK, leading=19),
            signer=layout.centred("signer", 9.5, bold, leading=12),
            official=layout.centred("official", 9.5, bold, leading=12),
            official_title=layout.centred("official_title", 8, layout.FONT, layout.MUTED, leading=10),
            sealed=layout.centred("sealed", 7.5, layout.FONT_ITALIC, layout.BRAND, leading=9.5),
            issuer=layout.centred("issuer", 9.5, bold, layout.BRAND, leading=12.5),
            small=layout.centred("small", 7.5, layout.FONT, layout.MUTED, leading=10),
            revoked=layout.centred("revoked", 10, layout.FONT, layout.REVOKED, leading=13.5),
            h1=layout.style("h1", 15, bold, color=layout.BRAND, leading=19, spaceAfter=6, keepWithNext=1),
            h2=layout.style("h2", 12, bold, leading=16, spaceBefore=12, spaceAfter=4, keepWithNext=1),
            para=layout.style("para", 10, leading=14.5, spaceAfter=6),
            lead_in=layout.style("lead_in", 10, leading=14.5, spaceAfter=4, keepWithNext=1),
            hash=layout.style("hash", 8, layout.FONT, layout.MUTED, leading=11, spaceAfter=8),
        )
    return _STYLES


def render_certificate(content):
    """Return the (unsealed) certificate PDF of `content` as bytes, in `content.language`."""
    with force_locale(content.language):
        styles, lift = _styles(), {}
        # Laid out once; a second time only when the last annex page would be near empty.
        for _attempt in range(2):
            doc = _CertificateDocument(content, lift)
            story = _story(content, styles, doc)
            doc.build(story, canvasmaker=layout.dated_canvas(content.issued_at or utcnow()))
            lift = doc.lift_for_last_page(styles["para"].leading * MIN_LAST_PAGE_LINES)
            if not lift:
                break
        return doc.out.getvalue()


class _CertificateDocument(BaseDocTemplate):
    """Page 1 in its frame, then the annex, whose pages remember how full they ended."""

    def __init__(self, content, lift):
        self.out = io.BytesIO()
        title = _("Certificate of signing %(number)s", number=content.number)
        if content.is_revoked:
            title = _("%(title)s (REVOKED)", title=title)
        super().__init__(
            self.out,
            pagesize=A4,
            title=title,
            author=", ".join(content.organisers) or content.institution,
            subject=content.event_title,
            creator=content.institution,
            keywords=content.issuer,
            invariant=True,  # nothing of the machine in the file; the creation date is set apart
            initialFontName=layout.FONT,  # every font embedded: no Helvetica left for a reader to substitute
        )
        self.content = content
        self.lift = lift  # page number -> points the annex frame's bottom rises on that page
        self.filled = {}  # page number -> points of the annex frame used
        page_one = Frame(MARGIN, MARGIN, PAGE_WIDTH - 2 * MARGIN, PAGE_HEIGHT - 2 * MARGIN, id="front")
        self.annex_frame = Frame(MARGIN, ANNEX_BOTTOM, PAGE_WIDTH - 2 * MARGIN, ANNEX_HEIGHT, id="annex")
        self.front_width, self.front_height = page_one.width, page_one.height
        self.addPageTemplates(
            [
                PageTemplate("front", [page_one], onPage=front.draw_border, onPageEnd=self._stamp),
                PageTemplate("annex", [self.annex_frame], onPage=self._annex_footer),
            ]
        )

    def beforePage(self):  # noqa: N802 - reportlab names the hook
        """Raise the annex frame's bottom on the page that gives up lines to the last one."""
        rise = self.lift.get(self.page, 0)
        self.annex_frame.y1 = ANNEX_BOTTOM + rise
        self.annex_frame.height = ANNEX_HEIGHT - rise

    def afterPage(self):  # noqa: N802 - reportlab names the hook
        if self.frame is self.annex_frame:
            top = self.frame._y2 - self.frame._topPadding
            self.filled[self.page] = top - self.frame._y

    def lift_for_last_page(self, minimum):
        """Return {page: rise} that moves enough onto the last annex page, or {} when it is full enough."""
        pages = sorted(self.filled)
        if len(pages) < 2 or self.filled[pages[-1]] >= minimum or self.lift:
            return {}
        return {pages[-2]: minimum - self.filled[pages[-1]] + _styles()["para"].leading}

    def _stamp(self, canvas, doc):
        if self.content.is_revoked:
            front.draw_revoked_stamp(canvas, self.content)

    def _annex_footer(self, canvas, doc):
        _draw_annex_footer(canvas, doc, self.content)


def _story(content, styles, doc):
    width, height = doc.front_width - 12, doc.front_height - 12
    page_one = front.spread(front.front(content, styles, width), width, height)
    return [
        KeepInFrame(width, height, page_one, mode="shrink"),
        NextPageTemplate("annex"),
        PageBreak(),
        *_annex(content, styles),
    ]


_TEXTS = {}  # (language, sha256, title) -> the paragraphs of a signed text, as first built
_TEXTS_KEPT = 64  # versions at most: a process serves a few events


def _text_paragraphs(text, styles, language):
    """Return fresh copies of the annex paragraphs of `text` (title, paragraphs, fingerprint).

    A version's words never change (its SHA-256 names them), so they are parsed once per
    process and language; each certificate draws its own shallow copies.
    """
    key = (language, text.sha256, text.title)
    built = _TEXTS.get(key)
    if built is None:
        if len(_TEXTS) >= _TEXTS_KEPT:
            _TEXTS.clear()
        built = (
            layout.LaidOutParagraph(safe(text.title), styles["h2"]),
            *(
                layout.LaidOutParagraph(safe(paragraph).replace("\n", "<br/>"), styles["para"])
                for paragraph in text.paragraphs
            ),
            layout.LaidOutParagraph(text_fingerprint(text.sha256), styles["hash"]),
        )
        _TEXTS[key] = built
    return [copy.copy(paragraph) for paragraph in built]


def _annex(content, styles):
    story = [same_paragraph(_("Annex: the texts signed"), styles["h1"])]
    for text in content.texts:
        story += _text_paragraphs(text, styles, content.language)
    story += [
        same_paragraph(_("The signature record"), styles["h2"]),
        Paragraph(
            _(
                "Fingerprint of the signature record (SHA-256), the same as the verification page "
                "of certificate %(number)s shows:",
                number=safe(content.number),
            ),
            styles["lead_in"],
        ),
        Paragraph(layout.grouped_hex(content.fingerprint), styles["hash"]),
        *_salt(content, styles),
        same_paragraph(_("The event's transparency log"), styles["h2"]),
        Paragraph(
            _(
                "Every signature, approval, revocation and erasure of data is a leaf, in order, of "
                "a Merkle tree log (RFC 9162) open to the public. When this certificate was issued, "
                "the log held %(seq)d entries, and the root of its tree (SHA-256) was:",
                seq=content.log_seq,
            ),
            styles["lead_in"],
        ),
        Paragraph(layout.grouped_hex(content.log_hash), styles["hash"]),
        *(
            [
                Paragraph(
                    _(
                        "This signature is entry %(position)d of the log. Its inclusion proof, checkable "
                        "against the log's signed checkpoint once the next one is out: %(url)s",
                        position=content.log_position,
                        url=safe(content.inclusion_url),
                    ),
                    styles["lead_in"],
                )
            ]
            if content.log_position
            else []
        ),
        same_paragraph(_("The seal"), styles["h2"]),
        Paragraph(
            _(
                "This file is sealed electronically (PAdES) with the key of %(institution)s; any "
                "change to it breaks the seal. Check it at %(url)s, or upload the file there.",
                institution=safe(content.institution),
                url=safe(content.verify_url),
            ),
            styles["para"],
        ),
    ]
    return story


def _salt(content, styles):
    """The commitment's salt, with which the signer can open the fingerprint (none once erased)."""
    if not content.salt:
        return []
    return [
        same_paragraph(
            _(
                "The fingerprint is a commitment: SHA-256 of this secret salt (32 bytes) followed "
                "by the record's content. Only the signer holds the salt, so only the signer can "
                "prove the entry and nobody can test a guessed name. Keep it private:"
            ),
            styles["lead_in"],
        ),
        Paragraph(layout.grouped_hex(content.salt), styles["hash"]),
    ]


def _draw_annex_footer(canvas, doc, content):
    canvas.saveState()
    canvas.setStrokeColor(layout.LINE)
    canvas.line(MARGIN, 18 * mm, PAGE_WIDTH - MARGIN, 18 * mm)
    canvas.setFont(layout.FONT, 8)
    canvas.setFillColor(layout.MUTED)
    title = _("Certificate %(number)s", number=content.number)
    canvas.drawString(MARGIN, 13 * mm, f"{title} · {content.verify_url}")
    canvas.drawRightString(PAGE_WIDTH - MARGIN, 13 * mm, _("p. %(page)d", page=doc.page))
    if content.is_revoked:
        canvas.setFont(layout.FONT_BOLD, 9)
        canvas.setFillColor(layout.REVOKED)
        canvas.drawCentredString(PAGE_WIDTH / 2, PAGE_HEIGHT - 14 * mm, _("REVOKED"))
    canvas.restoreState()
