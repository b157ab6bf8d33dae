"""Organiser accounts: created, given a new password, logged in and out.

The lockouts themselves are counted where the password is checked
(pledge.models.accounts.authenticate, check_kiosk_exit), atomically, before the check.
"""

from pledge.extensions import db
from pledge.models import Organiser, record_audit
from pledge.models.accounts import ConsoleSession
from pledge.transitions.refusals import Refused


def create_organiser(actor, email, password, admin=False):
    """Create an organiser account; commit; return it. Raise Refused("exists") for a known email."""
    email = Organiser.normalise_email(email)
    if Organiser.by_email(email) is not None:
        raise Refused("exists")
    account = Organiser(email=email, is_admin=admin)
    account.set_password(password)
    db.session.add(account)
    record_audit(actor, "organiser.create", subject=email, detail={"admin": admin})
    db.session.commit()
    return account


def set_password(account, actor, password):
    """Give an account a new password; every session it had ends and a lockout is lifted; commit."""
    account.set_password(password)
    account.failed_logins, account.locked_until = 0, None
    record_audit(actor, "organiser.set_password", subject=account.email)
    db.session.commit()


def log_in(organiser):
    """Open a console session for `organiser` (who has just given the right password); commit.

    The account then carries the session's token for Flask-Login to keep in the cookie.
    """
    ConsoleSession.start(organiser)
    record_audit(organiser.email, "organiser.login")
    db.session.commit()


def log_out(identity):
    """End the console session `identity` names (what Flask-Login kept in the cookie); commit."""
    ConsoleSession.end(identity)
    db.session.commit()
