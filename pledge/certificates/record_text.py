"""The words of the official record around its list, in the customary form of a berita acara.

A letterhead with the organisers' emblems and names; the title and "Nomor: …"; the opening
"Pada hari ini, Senin, tanggal dua belas, … bertempat di …, kami yang bertanda tangan di
bawah ini menyatakan …" with the date in words; after the list, the count, the closing
"Demikian berita acara ini dibuat …", the place and date, and a signature block for each
signing official and, under "Saksi-saksi", each witness, with room for a wet signature.
When the event names no official, each organising institution gets an empty block to
fill in by hand.
"""

from dataclasses import dataclass

from flask_babel import gettext as _
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.units import mm
from reportlab.platypus import HRFlowable, KeepTogether, Paragraph, Spacer, Table

from pledge.certificates import layout, letterhead
from pledge.certificates.layout import safe
from pledge.dates import date_in_words, format_date, format_moment, number_in_words

SIGNATURE_ROOM = 22 * mm  # the blank where an official signs by hand
BLANK_NAME = "(" + "." * 40 + ")"

_STYLES = {}


def styles():
    if not _STYLES:
        layout.register_fonts()
        bold = layout.FONT_BOLD
        _STYLES.update(
            organisers=layout.centred("organisers", 12, bold, layout.INK, leading=15),
            title=layout.centred("title", 15, bold, layout.INK, leading=19, spaceBefore=10),
            subtitle=layout.centred("subtitle", 11, bold, layout.INK, leading=14),
            number=layout.centred("number", 10.5, layout.FONT, layout.INK, leading=14, spaceBefore=2),
            body=layout.style("body", 10.5, leading=15, align=TA_JUSTIFY, spaceBefore=10, spaceAfter=4),
            h2=layout.style(
                "h2", 11, bold, layout.INK, leading=15, spaceBefore=10, spaceAfter=4, keepWithNext=1
            ),
            h3=layout.style("h3", 10, bold, leading=13, spaceBefore=6, spaceAfter=3, keepWithNext=1),
            para=layout.style("para", 9.5, leading=13, spaceAfter=4),
            hash=layout.style("hash", 7.5, layout.FONT, layout.MUTED, leading=10, spaceAfter=6),
            cell=layout.style("cell", 8, leading=10),
            cell_muted=layout.style("cell_muted", 8, layout.FONT_ITALIC, layout.MUTED, leading=10),
            place=layout.centred("place", 10.5, leading=14, spaceBefore=12),
            block=layout.centred("block", 10, leading=13),
            block_muted=layout.centred("block_muted", 9, layout.FONT, layout.MUTED, leading=12),
            block_name=layout.centred("block_name", 10, bold, leading=13),
            witnesses=layout.centred("witnesses", 10.5, bold, leading=14, spaceBefore=14, spaceAfter=2),
        )
    return _STYLES


def heading(event, number, width):
    """The letterhead, the title and the number."""
    style = styles()
    names = "<br/>".join(safe(name.upper()) for name in event.organiser_names)
    parts = [letterhead.Logos(letterhead.logos_of(event), 18 * mm, 44 * mm, 8 * mm, space_after=3 * mm)]
    if names:
        parts.append(Paragraph(names, style["organisers"]))
    parts += [
        HRFlowable(width=width, thickness=2.2, color=layout.INK, spaceBefore=5, spaceAfter=1.2),
        HRFlowable(width=width, thickness=0.6, color=layout.INK, spaceBefore=0, spaceAfter=4),
        Paragraph("<u>" + _("OFFICIAL RECORD") + "</u>", style["title"]),
        Paragraph(safe(_("Signing of the %(title)s", title=event.title)), style["subtitle"]),
        Paragraph(_("Number: %(number)s", number=safe(number)), style["number"]),
    ]
    return parts


def opening(event, versions, language):
    """ "Pada hari ini, …": the date in words, the place, and what was signed."""
    titles = letterhead.join_names(f"“{safe(version.title)}”" for version in versions)
    place = safe(event.place)
    if event.area is not None:
        place += ", " + safe(event.area.title)
    title = f"<b>{safe(event.title)}</b>"
    text = _(
        "On this day, %(date)s, at %(place)s, we the undersigned declare that the signing of "
        "%(event)s has taken place, the signatories putting their signature through the Pilkada "
        "Damai portal to the texts %(texts)s, which read as follows:",
        date=date_in_words(event.held_on, language),
        place=place,
        event=title,
        texts=titles,
    )
    return Paragraph(text, styles()["body"])


def closing(event, count, now, language, width):
    """The count, the closing sentence, the place and date, and the signature blocks."""
    style = styles()
    counted = _(
        "Number of valid signatories: <b>%(count)d (%(words)s)</b>, as the portal recorded them on %(moment)s.",
        count=count,
        words=number_in_words(count, language),
        moment=safe(format_moment(now, event.timezone, language)),
    )
    parts = [
        Paragraph(
            _("This official record is drawn up truthfully, to be used as and where required."), style["body"]
        ),
        _on_the_right(
            Paragraph(
                f"{safe(signing_place(event))}, {safe(format_date(event.held_on, language))}", style["place"]
            ),
            width,
        ),
        Spacer(1, 3 * mm),
        _blocks(_official_blocks(event), width, lone_on_the_right=True),
    ]
    witnesses = [_Block(w.title, w.institution, w.name, w.id_number) for w in event.witnesses]
    if witnesses:
        witnesses_part = [Paragraph(_("Witnesses"), style["witnesses"]), _blocks(witnesses, width)]
    else:
        witnesses_part = []
    # The place, the date and the officials' blocks never leave the closing sentence behind.
    return [Paragraph(counted, style["body"]), KeepTogether(parts), *witnesses_part]


def _on_the_right(flowable, width):
    """`flowable` centred over the right half, where the first official's block stands."""
    table = Table([["", flowable]], colWidths=[width / 2, width / 2])
    table.setStyle(
        layout.table_style([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)])
    )
    return table


def signing_place(event):
    """The town a record is signed in: the last part of the event's place ("Tana Paser")."""
    return event.place.rsplit(",", 1)[-1].strip() or event.place


def _official_blocks(event):
    officials = event.signing_officials
    if officials:
        return [_Block(o.title, o.institution, o.name, o.id_number) for o in officials]
    # No official named yet: an empty block per organiser, to be filled in by hand.
    return [
        _Block(_("On behalf of %(institution)s,", institution=name) if name else "", "", None, "")
        for name in event.organiser_names or [""]
    ]


@dataclass(frozen=True)
class _Block:
    """One signature block: who signs, room for the signature, the name and NIP/NRP (None: by hand)."""

    title: str
    institution: str
    name: str | None
    id_number: str

    def rows(self):
        """The block's lines, top to bottom: title, institution, the room, name, number."""
        style = styles()
        institution = self.institution if self.institution not in self.title else ""
        if self.name is None:
            name = Paragraph(BLANK_NAME, style["block"])
            number = Paragraph(_("NIP/NRP") + " " + "." * 30, style["block_muted"])
        else:
            name = Paragraph(f"<u>{safe(self.name)}</u>", style["block_name"])
            number = Paragraph(
                _("NIP/NRP %(number)s", number=safe(self.id_number)) if self.id_number else "",
                style["block_muted"],
            )
        return [
            Paragraph(safe(self.title), style["block"]),
            Paragraph(safe(institution), style["block_muted"]),
            "",
            name,
            number,
        ]


def _blocks(blocks, width, lone_on_the_right=False):
    """Signature blocks side by side, up to three a row, their names on one line; a lone one on the right."""
    per_row = 3 if len(blocks) >= 3 and len(blocks) != 4 else 2
    cells = [block.rows() for block in blocks]
    if len(cells) == 1 and not lone_on_the_right:
        per_row = 1
    elif len(cells) == 1:
        cells.insert(0, [""] * 5)
    rows, commands = [], [("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("ALIGN", (0, 0), (-1, -1), "CENTER")]
    for start in range(0, len(cells), per_row):
        group = cells[start : start + per_row]
        group += [[""] * 5] * (per_row - len(group))
        first = len(rows)
        rows += [list(line) for line in zip(*group, strict=True)]
        commands += [
            ("VALIGN", (0, first), (-1, first + 1), "TOP"),
            ("TOPPADDING", (0, first + 1), (-1, first + 3), 0),
            ("BOTTOMPADDING", (0, first), (-1, first + 3), 0),
            ("BOTTOMPADDING", (0, first + 4), (-1, first + 4), 12),
        ]
    heights = [None, None, SIGNATURE_ROOM, None, None] * (len(rows) // 5)
    table = Table(rows, colWidths=[width / per_row] * per_row, rowHeights=heights)
    table.setStyle(layout.table_style(commands))
    return table
