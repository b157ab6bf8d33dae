"""The roster of seats: invitations, the CSV upload, and coverage per group."""

import csv
import io
import secrets
from dataclasses import dataclass
from urllib.parse import quote

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select

from pledge.extensions import db
from pledge.models import Seat, SignatureRecord, SignatureState, record_audit
from pledge.reference import CATEGORIES, category_label, kecamatan_for
from pledge.text import clean_line

_SALT = "seat-invitation"
CSV_HEADER = ("unsur", "instansi", "jabatan", "kecamatan")


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


def reissue(seat, actor):
    """Give the seat a new nonce, so that every earlier invitation link is refused."""
    seat.nonce = secrets.token_urlsafe(16)
    record_audit(actor, "seat.reissue", event=seat.event, subject=str(seat.id))


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


# --- adding seats ------------------------------------------------------------


def add_seat(event, actor, category, institution, position="", kecamatan=None):
    """Add one seat to the event's roster (the caller commits) and return it."""
    seat = Seat(
        event=event,
        category=category,
        institution=institution,
        position=position or "",
        kecamatan=kecamatan or None,
    )
    db.session.add(seat)
    db.session.flush()
    record_audit(actor, "seat.add", event=event, subject=str(seat.id), detail={"institution": institution})
    return seat


@dataclass(frozen=True)
class RowError:
    line: int
    message: str


def _category_names():
    """Return {written form: key}: each group's key and its Indonesian and English labels."""
    names = {key: key for key in CATEGORIES}
    for language in ("id", "en"):
        with force_locale(language):
            names.update({category_label(key).lower(): key for key in CATEGORIES})
    return names


def parse_roster_csv(event, data):
    """Read a roster CSV (bytes); return (rows, errors).

    Each row is a dict for add_seat; each error names its line. The header is
    CSV_HEADER; the group may be written as its key or its label.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [RowError(1, _("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again."))]
    sample = text[:2048]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [clean_line(cell).lower() for cell in next(reader, [])]
    if tuple(header[: len(CSV_HEADER)]) != CSV_HEADER:
        expected = ", ".join(CSV_HEADER)
        return [], [RowError(1, _("The first line must be the header: %(header)s.", header=expected))]
    rows, errors = [], []
    categories = _category_names()
    known_kecamatan = kecamatan_for(event.region)
    for line, cells in enumerate(reader, start=2):
        cells = [clean_line(cell) for cell in cells]
        if not any(cells):
            continue
        cells += [""] * (len(CSV_HEADER) - len(cells))
        group, institution, position, kecamatan = cells[: len(CSV_HEADER)]
        category = categories.get(group.lower())
        if category is None:
            errors.append(RowError(line, _("Unknown group “%(group)s”.", group=group)))
        elif not institution:
            errors.append(RowError(line, _("The institution is missing.")))
        elif len(institution) > 200 or len(position) > 200:
            errors.append(RowError(line, _("The institution or position is longer than 200 characters.")))
        elif kecamatan and kecamatan not in known_kecamatan:
            errors.append(
                RowError(
                    line,
                    _("“%(name)s” is not a kecamatan of %(region)s.", name=kecamatan, region=event.region),
                )
            )
        else:
            rows.append(
                {
                    "category": category,
                    "institution": institution,
                    "position": position,
                    "kecamatan": kecamatan,
                }
            )
    if not rows and not errors:
        errors.append(RowError(2, _("The file has no seat in it.")))
    return rows, errors


def roster_template():
    """Return the CSV template organisers fill in (UTF-8 with a BOM, for spreadsheets)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    writer.writerow(("camat", "Kecamatan Tanah Grogot", "Camat Tanah Grogot", "Tanah Grogot"))
    writer.writerow(("election_organiser", "KPU Kabupaten Paser", "Ketua KPU", ""))
    writer.writerow(("police", "Polres Paser", "Kapolres Paser", ""))
    return "\ufeff" + out.getvalue()


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
