"""The roster of seats: invitations, the CSV upload, and coverage per group.

Reading only: seats are added, removed and given new links by pledge.transitions.
"""

import csv
import io
from dataclasses import dataclass
from urllib.parse import quote

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select

from pledge import regions
from pledge.extensions import db
from pledge.i18n import current_language
from pledge.models import RegionLevel, Seat, SignatureRecord, SignatureState
from pledge.reference import CATEGORIES, category_label
from pledge.text import clean_line

_SALT = "seat-invitation"


# --- invitations -------------------------------------------------------------


class InvitationRefused(Exception):
    """The invitation cannot be used; `reason` is "forged", "expired" or "used"."""

    def __init__(self, reason, seat=None):
        super().__init__(reason)
        self.reason = reason
        self.seat = seat


def _serializer():
    return URLSafeTimedSerializer(current_app.secret_key, salt=_SALT)


def invitation_token(seat):
    """Return the signed token of the seat's personal invitation link."""
    return _serializer().dumps([seat.id, seat.nonce])


def seat_for_token(token):
    """Return the unused seat a token opens, or raise InvitationRefused."""
    max_age = current_app.config["INVITATION_MAX_AGE"]
    try:
        seat_id, nonce = _serializer().loads(token, max_age=max_age)
    except SignatureExpired:
        raise InvitationRefused("expired") from None
    except (BadSignature, TypeError, ValueError):
        raise InvitationRefused("forged") from None
    seat = db.session.get(Seat, seat_id) if isinstance(seat_id, int) else None
    if seat is None or seat.nonce != nonce:
        raise InvitationRefused("forged")
    if seat.is_used:
        raise InvitationRefused("used", seat)
    return seat


def invitation_message(seat, url):
    """Return the Indonesian message sent with an invitation (the signers read Indonesian)."""
    event = seat.event
    who = seat.position or seat.institution
    return (
        f"Yth. {who},\n\n"
        f"Bapak/Ibu diundang menandatangani {event.title} secara daring. "
        f"Tautan berikut khusus untuk {seat.institution} dan hanya dapat dipakai satu kali:\n\n"
        f"{url}\n\n"
        "Terima kasih atas dukungan Bapak/Ibu bagi Pilkada yang damai."
    )


def whatsapp_link(text):
    """Return a wa.me link that opens WhatsApp with `text` ready to send to a chosen contact."""
    return "https://wa.me/?text=" + quote(text, safe="")


# --- the roster CSV ----------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    line: int
    message: str


# The roster CSV's columns, by what they hold; a header may name them in either language.
COLUMNS = ("group", "institution", "position", "area")
_HEADER_NAMES = {
    "group": {"unsur", "group", "kelompok", "category"},
    "institution": {"instansi", "institution", "instansi atau kantor"},
    "position": {"jabatan", "position"},
    "area": {
        "kecamatan",
        "kabupaten/kota",
        "kabupaten_kota",
        "kab/kota",
        "regency or city",
        "regency_or_city",
        "area",
        "wilayah",
        "district",
    },
}
# A roster is the institutions invited to one ceremony: a few hundred rows at most.
MAX_ROWS = 2000


def header_for(event, language):
    """Return the roster CSV's header row in `language`, the last column named for the breakdown."""
    with force_locale(language):
        return (_("group"), _("institution"), _("position"), str(regions.words(event).unit).lower())


def _category_names():
    """Return {written form: key}: each group's key and its Indonesian and English labels."""
    names = {key: key for key in CATEGORIES}
    for language in ("id", "en"):
        with force_locale(language):
            names.update({category_label(key).lower(): key for key in CATEGORIES})
    return names


def _columns(header):
    """Return {column: index} read from a header row, or None when it lacks a needed column."""
    found = {}
    for index, cell in enumerate(header):
        name = clean_line(cell).lower()
        for column, names in _HEADER_NAMES.items():
            if name in names and column not in found:
                found[column] = index
    return found if {"group", "institution"} <= found.keys() else None


def parse_roster_csv(event, data):
    """Read a roster CSV (bytes); return (rows, errors).

    Each row is a dict for add_seat; each error names its line. The header names the
    columns (group, institution, position, area) in Indonesian or English, in any order;
    the group may be written as its key or its label, the area by its name or code.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [RowError(1, _("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again."))]
    sample = text[:2048]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    # newline="": the csv module reads the line ends itself (a Mac's CR-only lines too).
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return _read_rows(event, reader)
    except csv.Error:
        message = _("This line cannot be read: a quotation mark is not closed, or a cell is far too long.")
        return [], [RowError(reader.line_num, message)]


def _read_rows(event, reader):
    columns = _columns(next(reader, []))
    if columns is None:
        expected = ", ".join(header_for(event, current_language()))
        return [], [RowError(1, _("The first line must be the header: %(header)s.", header=expected))]
    rows, errors = [], []
    categories = _category_names()
    areas = regions.breakdown(event)
    for line, cells in enumerate(reader, start=2):
        cells = [clean_line(cell) for cell in cells]
        if not any(cells):
            continue
        if len(rows) + len(errors) >= MAX_ROWS:
            return [], [
                RowError(
                    line,
                    _("The file has more than %(max)d seats. Split it into smaller files.", max=MAX_ROWS),
                )
            ]
        value = {column: cells[index] if index < len(cells) else "" for column, index in columns.items()}
        group, institution = value["group"], value["institution"]
        position, area_text = value.get("position", ""), value.get("area", "")
        category = categories.get(group.lower())
        area = regions.match_in(areas, area_text) if area_text else None
        if category is None:
            errors.append(RowError(line, _("Unknown group “%(group)s”.", group=group)))
        elif not institution:
            errors.append(RowError(line, _("The institution is missing.")))
        elif len(institution) > 200 or len(position) > 200:
            errors.append(RowError(line, _("The institution or position is longer than 200 characters.")))
        elif area_text and area is None:
            errors.append(RowError(line, _not_in_region(event, area_text)))
        else:
            rows.append(
                {
                    "category": category,
                    "institution": institution,
                    "position": position,
                    "area_code": area.code if area else None,
                }
            )
    if not rows and not errors:
        errors.append(RowError(2, _("The file has no seat in it.")))
    return rows, errors


def _not_in_region(event, typed):
    region = event.area.title if event.area else ""
    if regions.breakdown_level(event) == RegionLevel.REGENCY:
        return _("“%(name)s” is not a regency or city of %(region)s.", name=typed, region=region)
    return _("“%(name)s” is not a kecamatan of %(region)s.", name=typed, region=region)


def roster_template(event, language):
    """Return the CSV template organisers fill in, in `language`, with examples from the event's region.

    UTF-8 with a byte order mark; separated by semicolons in Indonesian, which is what a
    spreadsheet set to Indonesian (where the comma is the decimal mark) splits on.
    """
    out = io.StringIO()
    writer = csv.writer(out, delimiter=spreadsheet_delimiter(language), lineterminator="\r\n")
    writer.writerow(header_for(event, language))
    with force_locale(language):
        writer.writerows(_template_rows(event))
    return "\ufeff" + out.getvalue()


def spreadsheet_delimiter(language):
    """The separator a spreadsheet in `language`'s locale expects: ";" in Indonesian, "," in English."""
    return ";" if language == "id" else ","


def _template_rows(event):
    area = event.area
    first = next(iter(regions.breakdown(event)), None)
    if area is None or first is None:
        return [(category_label("election_organiser"), "KPU", "Ketua KPU", "")]
    if area.level == RegionLevel.PROVINCE:
        return [
            (
                category_label("election_organiser"),
                f"KPU {first.name}",
                f"Ketua KPU {first.name}",
                first.name,
            ),
            (category_label("regional_government"), f"Pemerintah {area.title}", "Kepala Bakesbangpol", ""),
            (category_label("police"), f"Polda {area.name}", f"Kapolda {area.name}", ""),
        ]
    return [
        (category_label("camat"), f"Kecamatan {first.name}", f"Camat {first.name}", first.name),
        (category_label("election_organiser"), f"KPU {area.name}", "Ketua KPU", ""),
        (category_label("police"), f"Polres {area.short_name}", f"Kapolres {area.short_name}", ""),
    ]


# --- coverage ----------------------------------------------------------------


@dataclass(frozen=True)
class Coverage:
    category: str
    signed: int
    expected: int

    @property
    def label(self):
        return category_label(self.category)


def coverage(event):
    """Return, per group with seats, how many seats have a valid signature: [Coverage].

    The public wall may call this: it reveals counts only.
    """
    signed = func.count(SignatureRecord.id)
    query = (
        select(Seat.category, func.count(Seat.id), signed)
        .outerjoin(
            SignatureRecord,
            (SignatureRecord.id == Seat.signature_id) & (SignatureRecord.state == SignatureState.VALID.value),
        )
        .where(Seat.event_id == event.id)
        .group_by(Seat.category)
        .order_by(Seat.category)
    )
    return [Coverage(category, done, total) for category, total, done in db.session.execute(query)]
