"""Organiser accounts: created on the command line, logging in and out, lockout, `next`."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from pledge.extensions import db
from pledge.models import AuditEntry, Organiser, utcnow
from pledge.models.accounts import LOCKOUT, MAX_FAILED_LOGINS
from tests.builders import at_once, make_event
from tests.console_builders import PASSWORD, log_in, make_organiser


def test_the_command_asks_for_the_password_twice_and_hashes_it_with_scrypt(runner):
    result = runner.invoke(
        args=["pledge", "organiser", "create", "Panitia@Paser.go.id"], input=f"{PASSWORD}\n{PASSWORD}\n"
    )
    assert result.exit_code == 0, result.output
    assert "Organiser panitia@paser.go.id created." in result.output
    account = Organiser.by_email("panitia@paser.go.id")
    assert account.password_hash.startswith("scrypt:")
    assert account.check_password(PASSWORD) and not account.is_admin


def test_the_command_reads_the_password_from_stdin_and_makes_an_admin(runner):
    result = runner.invoke(
        args=["pledge", "organiser", "create", "admin@paser.go.id", "--admin", "--password-stdin"],
        input=f"{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert Organiser.by_email("admin@paser.go.id").is_admin


@pytest.mark.parametrize(
    ("args", "given", "message"),
    [
        (
            ["a@b.id"],
            "satu-dua-tiga-empat\nlain-lagi-sama-sekali\nx\n",
            "Error: The two entered values do not match.",
        ),
        (["a@b.id", "--password-stdin"], "pendek\n", "The password must have at least 12 characters."),
        (["bukan-email", "--password-stdin"], f"{PASSWORD}\n", "'bukan-email' is not an email address."),
    ],
)
def test_the_command_refuses(runner, args, given, message):
    result = runner.invoke(args=["pledge", "organiser", "create", *args], input=given)
    assert message in result.output
    assert db.session.scalar(select(Organiser)) is None


def test_the_command_refuses_a_second_account_for_the_same_email(runner):
    make_organiser()
    result = runner.invoke(
        args=["pledge", "organiser", "create", "PANITIA@paser.go.id", "--password-stdin"],
        input=f"{PASSWORD}\n",
    )
    assert result.exit_code == 1
    assert "An account for panitia@paser.go.id exists already." in result.output


def test_add_member_lets_an_organiser_see_an_event(runner, client):
    make_organiser()
    event = make_event()
    result = runner.invoke(args=["pledge", "organiser", "add-member", "panitia@paser.go.id", event.slug])
    assert result.exit_code == 0, result.output
    log_in(client)
    assert client.get(f"/admin/events/{event.id}").status_code == 200


def test_an_organiser_logs_in_sees_only_their_events_and_logs_out(client):
    mine, theirs = (
        make_event(slug="punya-saya", title="Acara Saya"),
        make_event(slug="punya-lain", title="Acara Lain"),
    )
    make_organiser(events=[mine])
    response = log_in(client)
    assert response.status_code == 303 and response.headers["Location"] == "/admin/"
    page = client.get("/admin/").text
    assert "Acara Saya" in page and "Acara Lain" not in page
    assert client.get(f"/admin/events/{theirs.id}").status_code == 404
    client.post("/admin/logout")
    assert client.get("/admin/").status_code == 302


def test_an_admin_sees_every_event(client):
    make_event(slug="satu", title="Acara Satu")
    make_event(slug="dua", title="Acara Dua")
    make_organiser(admin=True)
    log_in(client)
    page = client.get("/admin/").text
    assert "Acara Satu" in page and "Acara Dua" in page


@pytest.mark.parametrize(
    ("email", "password"), [("panitia@paser.go.id", "salah-sandinya"), ("siapa@paser.go.id", PASSWORD)]
)
def test_a_wrong_email_or_password_gives_the_same_answer(client, email, password):
    make_organiser()
    response = log_in(client, email, password)
    assert response.status_code == 401
    assert "Email atau kata sandi salah." in response.text


def test_the_account_locks_after_repeated_failures_and_says_for_how_long(client):
    make_organiser()
    for _ in range(MAX_FAILED_LOGINS - 1):
        assert log_in(client, password="salah-sandinya").status_code == 401
    response = log_in(client, password="salah-sandinya")
    assert response.status_code == 429
    assert (
        "Akun ini dikunci setelah terlalu banyak percobaan gagal. Coba lagi dalam 15 menit." in response.text
    )
    # Even the right password is refused while the lock holds (it lives in the database).
    response = log_in(client)
    assert response.status_code == 429
    assert "Coba lagi dalam 15 menit." in response.text


def test_the_lock_ends_after_its_time(client):
    account = make_organiser()
    account.locked_until = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert log_in(client).status_code == 303


def test_a_locked_account_says_the_minutes_left(client):
    account = make_organiser()
    account.locked_until = utcnow() + LOCKOUT - timedelta(minutes=11, seconds=30)
    db.session.commit()
    assert "Coba lagi dalam 4 menit." in log_in(client).text


@pytest.mark.parametrize(
    ("target", "landing"),
    [
        ("/admin/events/new", "/admin/events/new"),
        ("https://evil.example/admin", "/admin/"),
        ("//evil.example/admin", "/admin/"),
        ("/\\evil.example", "/admin/"),
        ("/e/somewhere", "/admin/"),
    ],
)
def test_login_returns_only_to_a_console_page_of_this_site(client, target, landing):
    make_organiser()
    assert log_in(client, next_url=target).headers["Location"] == landing


def test_an_anonymous_visitor_comes_back_to_the_page_asked_for(client):
    make_organiser()
    response = client.get("/admin/events/new")
    assert response.headers["Location"] == "/admin/login?next=/admin/events/new"
    assert log_in(client, next_url="/admin/events/new").headers["Location"] == "/admin/events/new"


def test_the_session_cookie_is_httponly_and_samesite_lax(client):
    make_organiser()
    cookie = log_in(client).headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_logins_are_audited(client):
    make_organiser()
    log_in(client)
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "organiser.login"))
    assert entry.actor == "panitia@paser.go.id"


def test_too_many_failures_from_one_address_throttle_every_account_from_it(app, client):
    from pledge.models.accounts import MAX_FAILURES_PER_ADDRESS

    # The lockout kept in the database, apart from Flask-Limiter's per-minute limit.
    app.config["LOGIN_RATE_LIMIT"] = "1000 per minute"

    make_organiser()
    for n in range(MAX_FAILURES_PER_ADDRESS):
        assert log_in(client, f"tebakan{n}@paser.go.id", "salah-sandinya").status_code == 401
    response = log_in(client)
    assert response.status_code == 429
    assert (
        "Terlalu banyak percobaan masuk yang gagal dari jaringan ini. Coba lagi dalam 15 menit."
        in response.text
    )
    # Another address is not affected, and the account itself is not locked.
    other = client.post(
        "/admin/login",
        data={"email": "panitia@paser.go.id", "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "10.1.2.3"},
    )
    assert other.status_code == 303


def test_refused_logins_are_audited(client):
    make_organiser()
    log_in(client, password="salah-sandinya")
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "organiser.login_refused"))
    assert entry.actor == "panitia@paser.go.id" and entry.details == {"locked": False}


def test_set_password_gives_a_new_password_and_lifts_the_lock(runner, client):
    account = make_organiser()
    account.locked_until = utcnow() + LOCKOUT
    db.session.commit()
    result = runner.invoke(
        args=["pledge", "organiser", "set-password", "panitia@paser.go.id", "--password-stdin"],
        input="sandi-baru-yang-panjang\n",
    )
    assert result.exit_code == 0, result.output
    assert log_in(client, password="sandi-baru-yang-panjang").status_code == 303


def test_only_an_admin_reads_the_whole_audit_log(client):
    make_organiser()
    make_organiser(email="admin@paser.go.id", admin=True)
    log_in(client)
    assert client.get("/admin/audit").status_code == 404
    client.post("/admin/logout")
    log_in(client, "admin@paser.go.id")
    page = client.get("/admin/audit").text
    assert "organiser.login" in page and "panitia@paser.go.id" in page


def test_concurrent_wrong_passwords_from_many_addresses_check_at_most_five(app, monkeypatch):
    """An attacker with many addresses gets MAX_FAILED_LOGINS password checks, not one per request."""
    import functools

    from pledge.models import Organiser
    from pledge.models.accounts import LoginRefused, authenticate

    make_organiser()
    checked = []
    original = Organiser.check_password

    def counting(self, password):
        checked.append(password)
        return original(self, password)

    monkeypatch.setattr(Organiser, "check_password", counting)
    outcomes = []

    def attempt(n):
        with app.app_context():
            try:
                authenticate("panitia@paser.go.id", f"tebakan-{n}", address=f"10.0.{n}.1")
            except LoginRefused as refused:
                outcomes.append(bool(refused.locked_for))
            finally:
                db.session.remove()

    at_once(*[functools.partial(attempt, n) for n in range(30)])
    assert len(checked) <= MAX_FAILED_LOGINS
    assert len(outcomes) == 30 and outcomes.count(True) >= 30 - MAX_FAILED_LOGINS
    account = Organiser.by_email("panitia@paser.go.id")
    db.session.refresh(account)
    assert account.locked_for() is not None


def copied_session(client, app):
    """A second browser holding a copy of `client`'s session cookie."""
    thief = app.test_client()
    cookie = client.get_cookie("session")
    thief.set_cookie("session", cookie.value)
    return thief


def test_a_copied_session_cookie_stops_working_once_its_owner_logs_out(app, client):
    make_organiser()
    log_in(client)
    thief = copied_session(client, app)
    assert thief.get("/admin/").status_code == 200
    client.post("/admin/logout")
    response = thief.get("/admin/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/admin/login")


def test_a_new_password_ends_every_session_of_the_account(app, client, runner):
    make_organiser()
    log_in(client)
    other = app.test_client()
    log_in(other)
    runner.invoke(
        args=["pledge", "organiser", "set-password", "panitia@paser.go.id", "--password-stdin"],
        input="sandi-baru-yang-panjang\n",
    )
    for browser in (client, other):
        assert browser.get("/admin/").status_code == 302


def test_logging_out_one_browser_leaves_the_others_logged_in(app, client):
    make_organiser()
    tablet = app.test_client()
    log_in(client)
    log_in(tablet)
    client.post("/admin/logout")
    assert tablet.get("/admin/").status_code == 200
    assert client.get("/admin/").status_code == 302


def test_a_locked_account_asks_to_retry_after_as_long_as_its_page_says(client):
    account = make_organiser()
    account.locked_until = utcnow() + timedelta(minutes=14)
    db.session.commit()
    response = log_in(client)
    assert response.status_code == 429
    assert "Coba lagi dalam 14 menit." in response.text
    assert 13 * 60 < int(response.headers["Retry-After"]) <= 14 * 60
