"""The official record (berita acara) of an event: every valid signatory, sealed.

Rows are read from the database a batch at a time while reportlab lays out the
pages, and each signature image is shrunk to the size it prints at before it is
embedded, so an event of thousands of signatories never holds every image at once.
It is Indonesian unless English is asked for: every printed word goes through the catalogue.
"""

import io
from dataclasses import dataclass

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from sqlalchemy import and_, func, or_, select

from pledge import regions
from pledge.certificates import layout
from pledge.certificates.layout import safe, text_fingerprint
from pledge.certificates.seal import seal
from pledge.dates import format_clock, format_day, format_moment, zone_abbreviation
from pledge.extensions import db
from pledge.i18n import in_language
from pledge.models import DocumentVersion, SignatureRecord, SignatureState, utcnow
from pledge.models.documents import agreements
from pledge.reference import OFFICIAL_LANGUAGE, category_label

PAGE = landscape(A4)
MARGIN = 14 * mm
BATCH = 200
# Number, name, position, institution, category, area, time, signature image (_heading_row).
COLUMNS = (10 * mm, 48 * mm, 42 * mm, 46 * mm, 36 * mm, 26 * mm, 26 * mm, 35 * mm)
IMAGE_BOX = (32 * mm, 9 * mm)
IMAGE_PIXELS = (300, 100)  # about 240 dpi in the box: sharp on paper, small in the file


@dataclass(frozen=True)
class _Row:
    id: int
    full_name: str
    position: str
    institution: str
    category: str
    area_code: str | None
    signed_at: object


def record_pdf(event, out, now=None, language=OFFICIAL_LANGUAGE):
    """Write the sealed official record of `event`, in `language`, to the binary stream `out`."""
    pdf = render_record(event, now=now, language=language)
    reason = in_language(_l("Official record: %(title)s", title=event.title), language)
    out.write(seal(pdf, reason=reason, location=event.place))


def render_record(event, now=None, language=OFFICIAL_LANGUAGE):
    """Return the (unsealed) official record PDF of `event` in `language` as bytes."""
    # Rows, headings and page numbers are written while the document builds: all of it
    # in `language`, whoever asks for it.
    with force_locale(language):
        return _render(event, now or utcnow(), language)


def _render(event, now, language):
    styles = _styles()
    buffer = io.BytesIO()
    doc = _RecordDocument(buffer, event, styles, language)
    count = db.session.scalar(
        select(func.count(SignatureRecord.id)).where(
            SignatureRecord.event_id == event.id, SignatureRecord.state == SignatureState.VALID.value
        )
    )
    story = [*_header(event, styles, now, language), *_documents(event, styles)]
    story.append(Paragraph(_("List of valid signatories"), styles["h2"]))
    if count:
        story += [_heading_row(event), NextPageTemplate("table"), _RowsToCome(None)]
    else:
        story.append(Paragraph(_("No valid signatories yet."), styles["cell"]))
    story += [
        Spacer(1, 6 * mm),
        Paragraph(
            _(
                "This official record is drawn up truthfully. Number of valid signatories: <b>%(count)d</b>.",
                count=count,
            ),
            styles["body"],
        ),
    ]
    doc.build(story, canvasmaker=_NumberedCanvas)
    return buffer.getvalue()


class _RowsToCome(Flowable):
    """A placeholder the document swaps for the next batch of rows when it reaches it."""

    def __init__(self, after):
        super().__init__()
        self.after = after  # (signed_at, id) of the last row already laid out, or None

    def wrap(self, available_width, available_height):
        return 0, 0

    def draw(self):
        pass


class _RecordDocument(BaseDocTemplate):
    def __init__(self, out, event, styles, language):
        super().__init__(
            out,
            pagesize=PAGE,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=18 * mm,
            title=_("Official record: %(title)s", title=event.title),
            author=", ".join(event.organiser_names),
            subject=_("Official record of the signing"),
            creator="Portal Pilkada Damai",
            invariant=True,
        )
        self.event = event
        self.styles = styles
        self.language = language
        self.number = 0
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="page")
        # Pages after the first rows repeat the column headings above a shorter frame.
        heading = _heading_row(event)
        _width, self.heading_height = heading.wrap(self.width, self.height)
        table_frame = Frame(
            self.leftMargin, self.bottomMargin, self.width, self.height - self.heading_height, id="table"
        )
        self.addPageTemplates(
            [
                PageTemplate("page", [frame], onPage=self._footer),
                PageTemplate("table", [table_frame], onPage=self._heading_and_footer),
            ]
        )

    def filterFlowables(self, flowables):  # noqa: N802 - reportlab names the hook
        """Swap a _RowsToCome placeholder for the next batch of rows (and a new placeholder)."""
        if flowables and isinstance(flowables[0], _RowsToCome):
            placeholder = flowables.pop(0)
            rows = _next_rows(self.event, placeholder.after)
            if rows:
                images = _images([row.id for row in rows])
                batch = [self._row_flowable(row, images.get(row.id)) for row in rows]
                flowables[0:0] = [*batch, _RowsToCome((rows[-1].signed_at, rows[-1].id))]
        super().filterFlowables(flowables)

    def _row_flowable(self, row, png):
        self.number += 1
        cell = self.styles["cell"]
        local = row.signed_at.astimezone(self.event.zone)
        return _table(
            [
                [
                    # Short, single-line cells are plain strings: no markup, and much cheaper
                    # to lay out than a Paragraph, which counts over thousands of rows.
                    str(self.number),
                    Paragraph(safe(row.full_name), self.styles["cell_bold"]),
                    Paragraph(safe(row.position), cell),
                    Paragraph(safe(row.institution), cell),
                    Paragraph(safe(category_label(row.category)), cell),
                    regions.area_name(row.area_code) or "—",
                    f"{local:%d-%m-%Y}\n{format_clock(local, self.language)}",
                    layout.SignatureImage(png, *IMAGE_BOX, IMAGE_PIXELS),
                ]
            ],
            shaded=self.number % 2 == 0,
        )

    def _heading_and_footer(self, canvas, doc):
        heading = _heading_row(self.event)
        heading.wrap(self.width, self.height)
        heading.drawOn(canvas, self.leftMargin, self.bottomMargin + self.height - self.heading_height)
        self._footer(canvas, doc)

    def _footer(self, canvas, doc):
        canvas.saveState()
        canvas.setFont(layout.FONT, 8)
        canvas.setFillColor(layout.MUTED)
        canvas.drawString(MARGIN, 10 * mm, _("Official record · %(title)s", title=self.event.title)[:150])
        canvas.restoreState()


class _NumberedCanvas(Canvas):
    """Holds the pages back until the end, so each can say "page X of Y"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages = []

    def showPage(self):  # noqa: N802 - reportlab names the method
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self.setFont(layout.FONT, 8)
            self.setFillColor(layout.MUTED)
            self.drawRightString(
                PAGE[0] - MARGIN, 10 * mm, _("page %(number)d of %(total)d", number=number, total=total)
            )
            super().showPage()
        super().save()


def _table(rows, header=False, shaded=False):
    table = Table(rows, colWidths=COLUMNS, repeatRows=0)
    commands = [
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("FONTNAME", (0, 0), (-1, -1), layout.FONT),
        ("FONTSIZE", (0, 0), (-1, -1), 8),
        ("LEADING", (0, 0), (-1, -1), 10),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, layout.LINE),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if header:
        commands += [
            ("BACKGROUND", (0, 0), (-1, -1), layout.BRAND),
            ("TEXTCOLOR", (0, 0), (-1, -1), layout.colors.white),
            ("FONTNAME", (0, 0), (-1, -1), layout.FONT_BOLD),
            ("FONTSIZE", (0, 0), (-1, -1), 8),
        ]
    elif shaded:
        commands.append(("BACKGROUND", (0, 0), (-1, -1), layout.WASH))
    table.setStyle(TableStyle(commands))
    return table


def _heading_row(event):
    zone = zone_abbreviation(event.timezone, utcnow().astimezone(event.zone))
    headings = [
        _("No."),
        _("Name"),
        _("Position"),
        _("Institution"),
        _("Category"),
        str(regions.words(event).unit),
        _("Time (%(zone)s)", zone=zone),
        _("Signature"),
    ]
    return _table([headings], header=True)


def _next_rows(event, after):
    """Return the next batch of valid signatories after (signed_at, id), text only."""
    record = SignatureRecord
    query = (
        select(
            record.id,
            record.full_name,
            record.position,
            record.institution,
            record.category,
            record.area_code,
            record.signed_at,
        )
        .where(record.event_id == event.id, record.state == SignatureState.VALID.value)
        .order_by(record.signed_at, record.id)
        .limit(BATCH)
    )
    if after is not None:
        signed_at, last_id = after
        query = query.where(
            or_(record.signed_at > signed_at, and_(record.signed_at == signed_at, record.id > last_id))
        )
    return [_Row(*row) for row in db.session.execute(query)]


def _images(ids):
    query = select(SignatureRecord.id, SignatureRecord.signature_image).where(SignatureRecord.id.in_(ids))
    return dict(db.session.execute(query).all())


def _header(event, styles, now, language):
    organisers = ", ".join(event.organiser_names) or "—"
    return [
        Paragraph(_("OFFICIAL RECORD"), styles["title"]),
        Paragraph(_("Signing of the Declaration"), styles["subtitle"]),
        Paragraph(safe(event.title), styles["event"]),
        Spacer(1, 3 * mm),
        _facts(
            [
                (_("Place"), f"{safe(event.place)}, {safe(event.area.title if event.area else '')}"),
                (_("Date"), safe(format_day(event.held_on, language))),
                (_("Organiser"), safe(organisers)),
                (_("Drawn up"), safe(format_moment(now, event.timezone, language))),
            ],
            styles,
        ),
    ]


def _facts(pairs, styles):
    rows = [
        [Paragraph(label, styles["cell_muted"]), Paragraph(value, styles["cell"])] for label, value in pairs
    ]
    table = Table(rows, colWidths=(35 * mm, 200 * mm), hAlign="LEFT")
    table.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 1)]))
    return table


def _signed_versions(event):
    """The versions valid signatories agreed to; the current ones when nobody signed yet."""
    query = (
        select(DocumentVersion)
        .join(agreements, agreements.c.document_version_id == DocumentVersion.id)
        .join(SignatureRecord, SignatureRecord.id == agreements.c.signature_id)
        .where(SignatureRecord.event_id == event.id, SignatureRecord.state == SignatureState.VALID.value)
        .distinct()
    )
    versions = db.session.scalars(query).all() or [v for v in event.current_versions() if v is not None]
    return sorted(versions, key=lambda version: (version.document.position, version.number))


def _documents(event, styles):
    story = [Paragraph(_("Texts signed"), styles["h2"])]
    for version in _signed_versions(event):
        number = _("version %(number)d", number=version.number)
        story.append(Paragraph(f"{safe(version.title)} ({number})", styles["h3"]))
        story += [
            Paragraph(safe(paragraph).replace("\n", "<br/>"), styles["para"])
            for paragraph in version.paragraphs
        ]
        story.append(Paragraph(text_fingerprint(version.sha256), styles["hash"]))
    return story


_STYLES = {}


def _styles():
    if not _STYLES:
        layout.register_fonts()
        bold = layout.FONT_BOLD
        _STYLES.update(
            title=layout.centred("title", 22, bold, layout.BRAND, leading=27),
            subtitle=layout.centred("subtitle", 12, layout.FONT, layout.MUTED, leading=16),
            event=layout.centred("event", 14, bold, leading=18, spaceBefore=4),
            h2=layout.style("h2", 12, bold, layout.BRAND, leading=16, spaceBefore=10, spaceAfter=4),
            h3=layout.style("h3", 10, bold, leading=13, spaceBefore=6, spaceAfter=3),
            para=layout.style("para", 9, leading=12.5, spaceAfter=4),
            hash=layout.style("hash", 7.5, layout.MONO, layout.MUTED, leading=10, spaceAfter=6),
            body=layout.style("body", 10, leading=14),
            cell=layout.style("cell", 8, leading=10),
            cell_bold=layout.style("cell_bold", 8, bold, leading=10),
            cell_muted=layout.style("cell_muted", 9, layout.FONT, layout.MUTED, leading=12),
        )
    return _STYLES
