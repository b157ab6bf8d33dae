"""The official record (berita acara) of an event: every valid signatory, sealed.

A4 portrait in the customary form (record_text writes the words around the list): the
letterhead, the number, the opening with the date in words, the texts, the list, the
count, the closing and the signature blocks of the officials and witnesses. Rows are read from the database a batch at a time while reportlab lays out the
pages; each signer's mark prints as PDF paths (strokes), in the font (a typed name), or,
for records made before strokes, as its image shrunk to the size it prints at, so an
event of thousands of signatories never holds every mark at once.
It is Indonesian unless English is asked for: every printed word goes through the catalogue.
"""

import io
from dataclasses import dataclass

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    NextPageTemplate,
    PageTemplate,
    Paragraph,
    Table,
)
from sqlalchemy import and_, func, or_, select

from pledge import regions
from pledge.certificates import layout, record_text
from pledge.certificates.issuing import issue
from pledge.certificates.layout import safe, text_fingerprint
from pledge.certificates.record_number import record_number
from pledge.dates import format_clock, zone_abbreviation
from pledge.extensions import db
from pledge.i18n import in_language
from pledge.models import DocumentKind, DocumentVersion, SignatureRecord, SignatureState, utcnow
from pledge.models.documents import agreements
from pledge.reference import OFFICIAL_LANGUAGE, category_label
from pledge.strokes import SignatureMark
from pledge.urls import public_url

PAGE = A4
MARGIN = 18 * mm
BATCH = 200
# Number; name, position and institution; group; area; time; signature image (_heading_row).
COLUMNS = (8 * mm, 58 * mm, 26 * mm, 25 * mm, 24 * mm, 33 * mm)
IMAGE_BOX = (30 * mm, 10 * mm)
IMAGE_PIXELS = (300, 100)  # about 250 dpi in the box: sharp on paper, small in the file
# Room the list needs below its heading for the heading to stay on the page: its columns' row and two rows.
LIST_START = 40 * mm


@dataclass(frozen=True)
class _Row:
    id: int
    full_name: str
    position: str
    institution: str
    category: str
    area_code: str | None
    signed_at: object
    erased_at: object


def record_pdf(event, out, now=None, language=OFFICIAL_LANGUAGE):
    """Write the sealed official record of `event`, in `language`, to the binary stream `out`.

    Each copy is sealed and its fingerprint kept (IssuedDocument), with its number and
    how many signatories it lists, so that /verify can tell what an uploaded copy is.
    """
    now = now or utcnow()
    count = _count(event)
    pdf = render_record(event, now=now, language=language, count=count)
    reason = in_language(_l("Official record: %(title)s", title=event.title), language)
    number = record_number(event)
    out.write(issue(event, DocumentKind.RECORD, language, pdf, reason, now, number=number, signatories=count))


def render_record(event, now=None, language=OFFICIAL_LANGUAGE, count=None):
    """Return the (unsealed) official record PDF of `event` in `language` as bytes."""
    # Rows, headings and page numbers are written while the document builds: all of it
    # in `language`, whoever asks for it.
    now = now or utcnow()
    with force_locale(language):
        return _render(event, now, language, _count(event) if count is None else count)


def _count(event):
    return db.session.scalar(
        select(func.count(SignatureRecord.id)).where(
            SignatureRecord.event_id == event.id, SignatureRecord.state == SignatureState.VALID.value
        )
    )


def _render(event, now, language, count):
    style = record_text.styles()
    buffer = io.BytesIO()
    number = record_number(event)
    doc = _RecordDocument(buffer, event, number, language)
    versions = _signed_versions(event)
    story = [
        *record_text.heading(event, number, doc.width),
        record_text.opening(event, versions, language),
        *_documents(versions),
        CondPageBreak(LIST_START),
        Paragraph(_("List of valid signatories"), style["h2"]),
    ]
    if count:
        story += [_heading_row(event), NextPageTemplate("table"), _RowsToCome(None), NextPageTemplate("page")]
    else:
        story.append(Paragraph(_("No valid signatories yet."), style["para"]))
    story += record_text.closing(event, count, now, language, doc.width)
    doc.build(story, canvasmaker=layout.dated_canvas(now.astimezone(event.zone), _NumberedCanvas))
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
    def __init__(self, out, event, number, language):
        super().__init__(
            out,
            pagesize=PAGE,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=22 * mm,
            title=_("Official record %(number)s: %(title)s", number=number, title=event.title),
            author=", ".join(event.organiser_names),
            subject=_("Official record of the signing"),
            creator="Portal Pilkada Damai",
            invariant=True,  # nothing of the machine in the file; the creation date is set apart
            initialFontName=layout.FONT,  # every font embedded: no Helvetica left for a reader to substitute
        )
        self.event = event
        self.record_number = number
        self.language = language
        self.verify_url = public_url("verify.index")
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
                marks = _marks([row.id for row in rows if row.erased_at is None])
                batch = [self._row_flowable(row, marks.get(row.id)) for row in rows]
                flowables[0:0] = [*batch, _RowsToCome((rows[-1].signed_at, rows[-1].id))]
        super().filterFlowables(flowables)

    def _row_flowable(self, row, mark):
        self.number += 1
        style = record_text.styles()
        local = row.signed_at.astimezone(self.event.zone)
        # One Paragraph per row (who signed); the other cells are plain strings wrapped here,
        # much cheaper to lay out than a Paragraph each, which counts over thousands of rows.
        if row.erased_at is not None or not row.full_name:
            who = "<i>" + _("(erased on request)") + "</i>"
            mark = None
        else:
            who = f"<b>{safe(row.full_name)}</b>"
        who += f"<br/>{safe(row.position)}<br/><font color='#4a4a4a'>{safe(row.institution)}</font>"
        return _table(
            [
                [
                    str(self.number),
                    Paragraph(who, style["cell"]),
                    _wrapped(category_label(row.category), COLUMNS[2]),
                    _wrapped(regions.area_name(row.area_code) or "—", COLUMNS[3]),
                    f"{local:%d-%m-%Y}\n{format_clock(local, self.language)}",
                    layout.SignatureMark(mark, *IMAGE_BOX, IMAGE_PIXELS, pen=0.6),
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
        canvas.setStrokeColor(layout.LINE)
        canvas.line(MARGIN, 16 * mm, PAGE[0] - MARGIN, 16 * mm)
        canvas.setFont(layout.FONT, 7.5)
        canvas.setFillColor(layout.MUTED)
        title = _("Official record %(number)s · %(title)s", number=self.record_number, title=self.event.title)
        canvas.drawString(MARGIN, 12 * mm, title[:110])
        canvas.drawString(
            MARGIN, 8.5 * mm, _("Sealed electronically; check this file at %(url)s", url=self.verify_url)
        )
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
            self.setFont(layout.FONT, 7.5)
            self.setFillColor(layout.MUTED)
            self.drawRightString(
                PAGE[0] - MARGIN, 12 * mm, _("page %(number)d of %(total)d", number=number, total=total)
            )
            super().showPage()
        super().save()


def _wrapped(text, width):
    """Return `text` broken into the lines that fit a cell `width` wide, for a plain string cell."""
    return "\n".join(simpleSplit(text, layout.FONT, 8, width - 6))


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
    table.setStyle(layout.table_style(commands))
    return table


def _heading_row(event):
    zone = zone_abbreviation(event.timezone, utcnow().astimezone(event.zone))
    headings = [
        _("No."),
        _("Name, position, institution"),
        _("Group"),
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
            record.erased_at,
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


def _marks(ids):
    """Return the signers' marks of the records `ids` (strokes.SignatureMark by id), one query."""
    record = SignatureRecord
    columns = (
        record.signature_method,
        record.signature_strokes,
        record.signature_text,
        record.signature_image,
    )
    query = select(record.id, *columns).where(record.id.in_(ids))
    return {
        row[0]: SignatureMark(*row[1:])
        for row in db.session.execute(query)
        if any(value for value in row[2:])
    }


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


def _documents(versions):
    style = record_text.styles()
    story = []
    for version in versions:
        number = _("version %(number)d", number=version.number)
        story.append(Paragraph(f"{safe(version.title)} ({number})", style["h3"]))
        story += [
            Paragraph(safe(paragraph).replace("\n", "<br/>"), style["para"])
            for paragraph in version.paragraphs
        ]
        story.append(Paragraph(text_fingerprint(version.sha256), style["hash"]))
    return story
