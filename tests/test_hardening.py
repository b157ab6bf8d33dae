"""Hardening: security headers everywhere, request size, 503 when the database cannot answer."""

import contextlib
import logging
import re
import sqlite3
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from pledge import transparency
from pledge.extensions import db
from pledge.models import SignatureRecord
from pledge.tokens import signer_token
from tests.builders import form_data, make_event, make_signature
from tests.conftest import make_app, reset_database

ROOT = Path(__file__).resolve().parent.parent
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)


def every_page(client, event, record):
    token = signer_token(record)
    pages = {
        "home": client.get("/"),
        "event": client.get(f"/e/{event.slug}"),
        "sign form": client.get(f"/e/{event.slug}/sign"),
        "refused form": client.post(f"/e/{event.slug}/sign", data={}),
        "wall": client.get(f"/e/{event.slug}/signatories"),
        "log": client.get(f"/e/{event.slug}/log.json"),
        "signer page": client.get(f"/s/{token}"),
        "signature image": client.get(f"/s/{token}/signature.png"),
        "stylesheet": client.get("/static/css/app.css"),
        "language switch": client.get("/lang/en?next=/"),
        "not found": client.get("/nowhere"),
    }
    for response in pages.values():
        response.get_data()
        response.close()  # the static file handle
    return pages


def test_every_response_carries_the_security_headers(client):
    event = make_event()
    record = make_signature(event)
    for name, response in every_page(client, event, record).items():
        assert response.status_code < 500, name
        assert response.headers["Content-Security-Policy"] == CSP, name
        assert response.headers["X-Content-Type-Options"] == "nosniff", name
        assert response.headers["Referrer-Policy"] == "same-origin", name
        assert response.headers["X-Frame-Options"] == "DENY", name
        assert "Strict-Transport-Security" not in response.headers, name


def test_hsts_is_sent_over_https(client):
    response = client.get("/", base_url="https://damai.example.id")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_no_template_needs_inline_script_or_style():
    offenders = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        text = path.read_text()
        inline = re.search(r"<style|<[^>]*\s(style|on[a-z]+)\s*=|<script(?![^>]*\ssrc=)", text)
        if inline or "javascript:" in text:
            offenders.append(path.name)
    assert offenders == []


def test_a_body_larger_than_the_limit_is_refused_readably(client):
    event = make_event()
    response = client.post(
        f"/e/{event.slug}/sign", data=form_data(event, signature_drawn="x" * (2 * 1024 * 1024 + 1))
    )
    assert response.status_code == 413
    assert "Data terlalu besar" in response.text
    assert db.session.scalar(select(func.count(SignatureRecord.id))) == 0


@contextlib.contextmanager
def write_lock_held(app):
    """Hold the lock signing needs from a second connection, as a stuck writer would."""
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "sqlite":
        connection = sqlite3.connect(url.database, isolation_level=None)
        connection.execute("BEGIN IMMEDIATE")
    else:
        connection = psycopg.connect(url.set(drivername="postgresql").render_as_string(hide_password=False))
        connection.execute("LOCK TABLE log_heads IN ACCESS EXCLUSIVE MODE")
    try:
        yield
    finally:
        connection.rollback()
        connection.close()


def test_a_database_locked_past_its_timeout_gives_a_readable_503(tmp_path, caplog):
    app = make_app(tmp_path, WTF_CSRF_ENABLED=False, SQLITE_BUSY_TIMEOUT_MS=50, DATABASE_LOCK_TIMEOUT_MS=50)
    reset_database(app)
    with app.app_context():
        event = make_event()
        client = app.test_client()
        with write_lock_held(app), caplog.at_level(logging.WARNING):
            busy = client.post(f"/e/{event.slug}/sign", data=form_data(event))
        assert busy.status_code == 503
        assert busy.headers["Retry-After"] == "5"
        assert "Portal sedang sibuk" in busy.text and "Traceback" not in busy.text
        assert db.session.scalar(select(func.count(SignatureRecord.id))) == 0
        assert client.post(f"/e/{event.slug}/sign", data=form_data(event)).status_code == 303
        assert transparency.verify(event).ok
        db.session.remove()
        db.engine.dispose()


@pytest.mark.parametrize(
    "url",
    ["postgresql+psycopg://nobody@127.0.0.1:1/none", "sqlite:////nonexistent-folder/pledge.db"],
    ids=["postgresql down", "sqlite unreachable"],
)
def test_an_unavailable_database_gives_a_readable_503(tmp_path, url):
    app = make_app(tmp_path, SQLALCHEMY_DATABASE_URI=url)
    response = app.test_client().get("/")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert "Portal sedang sibuk" in response.text


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    app = make_app(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'wal.db'}")
    with app.app_context():
        with db.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
        db.engine.dispose()


def test_the_secret_key_is_never_served_or_logged(client, caplog):
    event = make_event()
    record = make_signature(event)
    with caplog.at_level(logging.DEBUG):
        pages = every_page(client, event, record)
    for response in pages.values():
        assert b"test-secret" not in response.data
    assert "test-secret" not in caplog.text
