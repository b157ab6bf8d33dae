"""Organiser accounts: who may open the console, and which events they see."""

import hashlib
import secrets
from datetime import timedelta

from flask_login import UserMixin
from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from pledge.extensions import db
from pledge.models.types import UTCDateTime, utcnow
from pledge.text import clean_line

# Which organisers run which events; an admin sees every event without it.
memberships = db.Table(
    "event_memberships",
    db.Column("organiser_id", db.ForeignKey("organisers.id"), primary_key=True),
    db.Column("event_id", db.ForeignKey("events.id"), primary_key=True),
)

MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
# A venue or an office shares one address: the limit per address is looser than per account.
MAX_FAILURES_PER_ADDRESS = 20
ADDRESS_WINDOW = timedelta(minutes=15)
# Leaving a kiosk asks for the organiser's password where a queue of people stands:
# five wrong ones within KIOSK_EXIT_WINDOW close the exit until the oldest of them is
# that old. Counted per organiser, apart from the account's own lock (see check_kiosk_exit).
MAX_KIOSK_EXIT_FAILURES = 5
KIOSK_EXIT_WINDOW = timedelta(minutes=15)
# Checked when the email is unknown, so that a wrong email costs what a wrong password costs.
_DUMMY_HASH = generate_password_hash("not-a-password", method="scrypt")


class Organiser(UserMixin, db.Model):
    __tablename__ = "organisers"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(db.String(200), unique=True)
    password_hash: Mapped[str] = mapped_column(db.String(255))
    is_admin: Mapped[bool] = mapped_column(default=False)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until = mapped_column(UTCDateTime, nullable=True)
    created_at = mapped_column(UTCDateTime, nullable=False, default=utcnow)

    events = relationship("Event", secondary=memberships, lazy="selectin")

    @staticmethod
    def normalise_email(email):
        # clean_line: a NUL or another control character typed or sent makes no other
        # address (and PostgreSQL refuses a NUL in a query outright).
        return (clean_line(email) or "").lower()

    @classmethod
    def by_email(cls, email):
        return db.session.scalar(select(cls).where(func.lower(cls.email) == cls.normalise_email(email)))

    # The token of the console session being opened (ConsoleSession.start); not a column.
    session_token = None

    def get_id(self):
        """The identity Flask-Login keeps in the session cookie at login: the account and its session's token."""
        return f"{self.id}.{self.session_token}"

    def set_password(self, password):
        """Set a new password; every console session of the account ends with the old one."""
        self.password_hash = generate_password_hash(password, method="scrypt")
        if self.id is not None:
            db.session.execute(delete(ConsoleSession).where(ConsoleSession.organiser_id == self.id))

    def check_password(self, password):
        return check_password_hash(self.password_hash, password)

    def locked_for(self, now=None):
        """Return how long the account stays locked (a timedelta), or None."""
        now = now or utcnow()
        if self.locked_until and self.locked_until > now:
            return self.locked_until - now
        return None

    def can_see(self, event):
        return self.is_admin or any(member.id == event.id for member in self.events)


def _digest(token):
    return hashlib.sha256(token.encode()).hexdigest()


class ConsoleSession(db.Model):
    """One logged-in browser of an organiser: logging out or a new password ends it for good.

    The cookie holds the token signed; the table holds only its SHA-256, so a copy of the
    table opens no session, and a copied cookie stops working once its session is gone.
    """

    __tablename__ = "console_sessions"

    token_digest: Mapped[str] = mapped_column(db.String(64), primary_key=True)
    organiser_id: Mapped[int] = mapped_column(db.ForeignKey("organisers.id"), index=True)
    created_at = mapped_column(UTCDateTime, nullable=False, default=utcnow)

    @classmethod
    def start(cls, organiser):
        """Open a session for `organiser` (the caller commits) and give the account its token."""
        token = secrets.token_urlsafe(32)
        db.session.add(cls(token_digest=_digest(token), organiser_id=organiser.id))
        organiser.session_token = token
        return token

    @staticmethod
    def _parse(identity):
        organiser_id, _, token = (identity or "").partition(".")
        return (int(organiser_id), token) if organiser_id.isdigit() and token else (None, None)

    @classmethod
    def load(cls, identity):
        """Return the organiser whose live session `identity` ("id.token") names, or None."""
        organiser_id, token = cls._parse(identity)
        if organiser_id is None:
            return None
        query = (
            select(Organiser)
            .join(cls, cls.organiser_id == Organiser.id)
            .where(cls.token_digest == _digest(token), Organiser.id == organiser_id)
        )
        return db.session.scalar(query)

    @classmethod
    def end(cls, identity):
        """End the session `identity` names (the caller commits): what the cookie holds is then worthless."""
        organiser_id, token = cls._parse(identity)
        if organiser_id is not None:
            db.session.execute(
                delete(cls).where(cls.token_digest == _digest(token), cls.organiser_id == organiser_id)
            )


class LoginFailure(db.Model):
    """A failed login from an address, kept for ADDRESS_WINDOW to throttle that address.

    A wrong password at a kiosk's exit is kept here too, `address` then holding
    "kiosk-exit:<organiser id>" (never the form of an IP address).
    """

    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    address: Mapped[str] = mapped_column(db.String(45), index=True)
    at = mapped_column(UTCDateTime, nullable=False, default=utcnow)


class LoginRefused(Exception):
    """The login failed; `locked_for` is set when the account or the address is locked.

    `scope` says which: "account", "address", or "kiosk" (a kiosk's exit).
    """

    def __init__(self, locked_for=None, scope="account"):
        super().__init__("locked" if locked_for else "wrong")
        self.locked_for = locked_for
        self.scope = scope


def _locked_by_failures(key, limit, window, now):
    """Return how long `key` stays locked (a timedelta) when it failed `limit` times within `window`."""
    query = select(func.count(LoginFailure.id), func.min(LoginFailure.at)).where(
        LoginFailure.address == key, LoginFailure.at > now - window
    )
    count, oldest = db.session.execute(query).one()
    if count >= limit:
        return oldest + window - now
    return None


def _address_locked_for(address, now):
    return _locked_by_failures(address, MAX_FAILURES_PER_ADDRESS, ADDRESS_WINDOW, now)


def _note_failure(key, now):
    if key:
        kept = max(ADDRESS_WINDOW, KIOSK_EXIT_WINDOW)
        db.session.execute(delete(LoginFailure).where(LoginFailure.at <= now - kept))
        db.session.add(LoginFailure(address=key, at=now))


def authenticate(email, password, address=None, now=None):
    """Return the organiser these credentials open, or raise LoginRefused.

    Failures are counted in the database, so that locks hold across workers: on the
    account (the fifth in a row locks it for LOCKOUT) and per address (at most
    MAX_FAILURES_PER_ADDRESS in ADDRESS_WINDOW, whatever the accounts tried).
    """
    now = now or utcnow()
    if address and (locked := _address_locked_for(address, now)):
        raise LoginRefused(locked, scope="address")
    organiser = Organiser.by_email(email)
    if organiser is None:
        check_password_hash(_DUMMY_HASH, password)
        _note_failure(address, now)
        db.session.commit()
        raise LoginRefused()
    attempt = _reserve_attempt(organiser, now)
    if attempt is None:
        db.session.refresh(organiser)
        locked = organiser.locked_for(now)
        if locked is None:  # every attempt taken but no lock set (a request that died): lock now
            organiser.failed_logins, organiser.locked_until = 0, now + LOCKOUT
            db.session.commit()
            locked = LOCKOUT
        raise LoginRefused(locked)
    if not organiser.check_password(password):
        _note_failure(address, now)
        if attempt >= MAX_FAILED_LOGINS:
            db.session.execute(
                update(Organiser)
                .where(Organiser.id == organiser.id)
                .values(failed_logins=0, locked_until=now + LOCKOUT)
                .execution_options(synchronize_session=False)
            )
            db.session.commit()
            raise LoginRefused(LOCKOUT)
        db.session.commit()
        raise LoginRefused()
    organiser.failed_logins = 0
    organiser.locked_until = None
    db.session.commit()
    return organiser


def _reserve_attempt(organiser, now):
    """Count this attempt against the account before its password is checked; return its number.

    One atomic UPDATE, committed at once: of concurrent attempts (from as many addresses
    as an attacker likes) at most MAX_FAILED_LOGINS get a number, and only those have
    their password checked. Return None when the account is locked or its attempts are
    all taken.
    """
    reserved = db.session.execute(
        update(Organiser)
        .where(
            Organiser.id == organiser.id,
            Organiser.failed_logins < MAX_FAILED_LOGINS,
            or_(Organiser.locked_until.is_(None), Organiser.locked_until <= now),
        )
        .values(failed_logins=Organiser.failed_logins + 1)
        .returning(Organiser.failed_logins)
        .execution_options(synchronize_session=False)
    ).scalar_one_or_none()
    db.session.commit()
    return reserved


def check_kiosk_exit(organiser, password, now=None):
    """Return when `password` is the organiser's; raise LoginRefused(scope="kiosk") otherwise.

    `locked_for` is set once MAX_KIOSK_EXIT_FAILURES wrong passwords fell within
    KIOSK_EXIT_WINDOW (the one that locks included): no password is checked until then.
    Counted in the database, so that the lock holds across workers and reloads, and per
    organiser, whichever tablet. It is not the account's lock on purpose: someone in the
    queue guessing at the tablet must not lock the organiser out of the console elsewhere.
    The right password forgets the failures.
    """
    now = now or utcnow()
    key = f"kiosk-exit:{organiser.id}"
    if locked := _locked_by_failures(key, MAX_KIOSK_EXIT_FAILURES, KIOSK_EXIT_WINDOW, now):
        raise LoginRefused(locked, scope="kiosk")
    if organiser.check_password(password):
        db.session.execute(delete(LoginFailure).where(LoginFailure.address == key))
        db.session.commit()
        return
    _note_failure(key, now)
    db.session.commit()
    raise LoginRefused(
        _locked_by_failures(key, MAX_KIOSK_EXIT_FAILURES, KIOSK_EXIT_WINDOW, now), scope="kiosk"
    )
