"""No signer left without their certificate: the ways back to a lost private page.

- The organisers hand over a fresh private link (pledge.transitions.hand_over_fresh_link,
  shown with `private_url`, `qr_image` and `fresh_link_message`): it works with no gateway
  at all, the old link stops working, and it is audited.
- Where a gateway is configured (pledge/messaging.py): the private link is sent to the
  number given when signing (`send_certificate_link`), and a one-time code sent to that
  number opens the page again (`start`, then `check_code`).

The code's request answers the same whether or not the number signed: the lookup, the
code and the message are made in the background (`_issue_code`), so neither the page,
its status nor its timing tells. Codes and numbers are stored as keyed hashes only.
"""

import base64
import hashlib
import hmac
import secrets
from datetime import timedelta
from urllib.parse import quote

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select, update

from pledge import messaging, phones, qr
from pledge.certificate_numbers import display
from pledge.extensions import db
from pledge.i18n import current_language
from pledge.models import Event, RecoveryCode, SignatureRecord, record_audit, utcnow
from pledge.tokens import token_for_key
from pledge.urls import public_url

CODE_MINUTES = 10
CODE_LIFETIME = timedelta(minutes=CODE_MINUTES)
MAX_WRONG_CODES = 5
# Whatever the rate limiter's storage (memory:// counts per worker), never more codes
# than this to one number in an hour: each WhatsApp authentication message is paid for.
MAX_CODES_PER_HOUR = 5


# --- a fresh link from the organisers ----------------------------------------


def private_url(token):
    """The absolute address of the signer's private page."""
    return public_url("public.signer_page", token=token)


def qr_image(url):
    """Return the QR code of a private link as a data: URL for an <img>.

    Inline, not a URL of its own: the page that shows it is shown once, and an image
    address would be one more place that hands out the link.
    """
    return "data:image/svg+xml;base64," + base64.b64encode(qr.svg(url).encode()).decode()


def fresh_link_message(record, url):
    """Return the Indonesian message that hands a fresh link over (signers read Indonesian)."""
    who = record.full_name or record.position
    return (
        f"Yth. {who},\n\n"
        f"Berikut tautan pribadi yang baru ke sertifikat Bapak/Ibu untuk {record.event.title} "
        f"(nomor sertifikat {record.certificate_label}). Tautan yang lama tidak berlaku lagi.\n\n"
        f"{url}\n\n"
        "Simpan tautan ini dan jangan dibagikan: tautan ini menampilkan data pribadi Bapak/Ibu."
    )


def whatsapp_to(phone, text):
    """Return a wa.me link that opens a chat with `phone` (E.164), `text` ready to send."""
    return f"https://wa.me/{phone.removeprefix('+')}?text={quote(text, safe='')}"


# --- the certificate link after signing --------------------------------------


def send_certificate_link(event, access_key, phone):
    """Queue the new record's private link to `phone`; return whether it was queued.

    Nothing happens without a gateway. Called once per new record (sign_form.store).
    """
    sender = messaging.gateway()
    if sender is None:
        return False
    number = db.session.scalar(
        select(SignatureRecord.certificate_number).where(SignatureRecord.access_key == access_key)
    )
    url = private_url(token_for_key(access_key))
    label = display(number)
    text = _(
        "Thank you for signing the %(title)s. Certificate number: %(number)s. Your private link to the "
        "certificate: %(url)s (keep it; do not share it).",
        title=event.title,
        number=label,
        url=url,
    )
    messaging.submit(
        messaging.deliver, sender, messaging.Message("link", phone, (event.title, label, url), text)
    )
    return True


# --- one-time codes ----------------------------------------------------------


class CodeRefused(Exception):
    """The code does not open a page; `reason` is "wrong", "expired" or "exhausted"."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def _phone_digest(event_id, phone):
    return phones.digest(phone, f"recovery:{event_id}")


def _code_digest(phone_digest, code):
    key = current_app.secret_key.encode("utf-8")
    return hmac.new(key, f"recovery-code|{phone_digest}|{code}".encode(), hashlib.sha256).hexdigest()


def start(event, phone, now=None):
    """Queue a code to `phone` if it signed `event`; return the flow to keep in the session.

    The flow holds the number's keyed hash, when it started and the wrong tries; it is
    the same whether or not the number signed. Call only when a gateway is configured.
    """
    now = now or utcnow()
    app = current_app._get_current_object()
    messaging.submit(_issue_code, app, event.id, phone, current_language())
    return {"event": event.id, "phone": _phone_digest(event.id, phone), "at": now.timestamp(), "tries": 0}


def _issue_code(app, event_id, phone, language):
    """In the background: make a code for the record that signed with `phone`, send it.

    A new code replaces the earlier ones still open. Nothing is made for a number that
    did not sign, or past MAX_CODES_PER_HOUR.
    """
    with app.app_context():
        event = db.session.get(Event, event_id)
        # Codes for one record are made one at a time, so that two requests at once cannot
        # both count below the cap: PostgreSQL locks the record's row here; on SQLite the
        # update below takes the writer's turn before the count is read.
        record = SignatureRecord.for_phone(event, phone, locked=True) if event else None
        sender = messaging.gateway()
        if record is None or sender is None:
            return
        now = utcnow()
        digest = _phone_digest(event_id, phone)
        mine = (RecoveryCode.event_id == event_id, RecoveryCode.phone_digest == digest)
        db.session.execute(
            update(RecoveryCode)
            .where(*mine, RecoveryCode.used_at.is_(None), RecoveryCode.expires_at > now)
            .values(expires_at=now)
        )
        recent = db.session.scalar(
            select(func.count(RecoveryCode.id)).where(
                *mine, RecoveryCode.created_at > now - timedelta(hours=1)
            )
        )
        if recent >= MAX_CODES_PER_HOUR:
            db.session.rollback()
            messaging.log.warning("recovery code to %s not sent: hourly cap", messaging.masked(phone))
            return
        code = f"{secrets.randbelow(10**6):06d}"
        db.session.add(
            RecoveryCode(
                event_id=event_id,
                signature_id=record.id,
                phone_digest=digest,
                code_digest=_code_digest(digest, code),
                created_at=now,
                expires_at=now + CODE_LIFETIME,
            )
        )
        record_audit("signer", "signature.recovery_code", event=event, subject=record.certificate_number)
        db.session.commit()
        with force_locale(language):
            text = _(
                "%(code)s is your Pilkada Damai code. It is valid for %(minutes)d minutes. "
                "Do not give it to anyone.",
                code=code,
                minutes=CODE_MINUTES,
            )
        messaging.deliver(sender, messaging.Message("code", phone, (code,), text))


def check_code(flow, code, now=None):
    """Return the record that `code` opens, or raise CodeRefused.

    `flow` is the session's (from `start`) and counts the wrong tries; the code's row
    counts them too, so a code dies after MAX_WRONG_CODES whatever the sessions. The
    answers depend on the flow only, never on whether a code exists: a number that did
    not sign meets the same "wrong", then "exhausted", then "expired".
    """
    now = now or utcnow()
    if now.timestamp() - flow["at"] > CODE_LIFETIME.total_seconds():
        raise CodeRefused("expired")
    if flow["tries"] >= MAX_WRONG_CODES:
        raise CodeRefused("exhausted")
    live = db.session.scalar(
        select(RecoveryCode)
        .where(
            RecoveryCode.event_id == flow["event"],
            RecoveryCode.phone_digest == flow["phone"],
            RecoveryCode.used_at.is_(None),
            RecoveryCode.expires_at > now,
        )
        .order_by(RecoveryCode.created_at.desc(), RecoveryCode.id.desc())
        .limit(1)
    )
    expected = _code_digest(flow["phone"], code)
    if (
        live is not None
        and live.attempts < MAX_WRONG_CODES
        and hmac.compare_digest(live.code_digest, expected)
    ):
        live.used_at = now
        record = db.session.get(SignatureRecord, live.signature_id)
        record_audit("signer", "signature.recovered", event=record.event, subject=record.certificate_number)
        db.session.commit()
        return record
    flow["tries"] += 1
    if live is not None:
        live.attempts += 1
        db.session.commit()
    raise CodeRefused("exhausted" if flow["tries"] >= MAX_WRONG_CODES else "wrong")
