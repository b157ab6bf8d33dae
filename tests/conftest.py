"""Fixtures: an app on a fresh database, its client and CLI runner.

The database is SQLite in a temporary folder, or the PostgreSQL database named by
TEST_DATABASE_URL, emptied before each test.
"""

import os
import shutil
import tempfile
import uuid
from pathlib import Path

import pytest
from flask import g, has_app_context
from flask.testing import FlaskClient
from flask_babel import refresh
from sqlalchemy import text

from pledge import create_app, regions
from pledge.extensions import db, limiter
from tests.builders import make_event
from tests.console_builders import log_in, make_organiser

# Fixtures of the fake message gateway (gateway, sms_app, whatsapp_app) for any test module.
pytest_plugins = ["tests.fake_gateway"]

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
# The certificate queue's Redis for the tests that use one (emptied by each of them).
TEST_QUEUE_URL = "redis://127.0.0.1:6379/15"


class Client(FlaskClient):
    """A test client whose requests each choose their language and their user afresh.

    The fixtures hold one app context open so that tests can use the session;
    Flask-Babel caches the locale on it and Flask-Login the user, which a real request
    (with an app context of its own) never shares.
    """

    def open(self, *args, **kwargs):
        refresh()
        if has_app_context():
            g.pop("_login_user", None)
        return super().open(*args, **kwargs)


def make_app(tmp_path, **overrides):
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": TEST_DATABASE_URL or f"sqlite:///{tmp_path / 'test.db'}",
        "PUBLIC_BASE_URL": "https://damai.example.id",
        # Each test seals with a key of its own, never the repository's instance folder.
        "SEAL_KEY_PATH": str(tmp_path / "signing_key.pem"),
        "SEAL_CERT_PATH": str(tmp_path / "signing_certificate.pem"),
        "LOG_KEY_PATH": str(tmp_path / "log_key.pem"),
    }
    config.update(overrides)
    app = create_app(config)
    app.test_client_class = Client
    return app


_SQLITE_TEMPLATE = []  # the path of a SQLite file with the schema and the regions, once made
_PREPARED = set()  # PostgreSQL databases given the schema and the regions by this process


def reset_database(app):
    """Give the app an empty schema with Indonesia's regions loaded, as a migrated database has.

    Loading the 7,837 regions costs more than most tests, so it is done once: SQLite
    databases start as a copy of a template file, and a PostgreSQL database prepared
    earlier in the session is emptied of everything but the regions.
    """
    with app.app_context():
        url = db.engine.url
        if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
            db.engine.dispose()
            _copy_sqlite_template(url.database)
            return
        key = url.render_as_string(hide_password=False)
        if key in _PREPARED:
            tables = ", ".join(
                f'"{table.name}"' for table in db.metadata.sorted_tables if table.name != "regions"
            )
            with db.engine.begin() as connection:
                connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
            return
        with db.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        db.create_all()
        regions.load()
        _PREPARED.add(key)


def _copy_sqlite_template(path):
    if not _SQLITE_TEMPLATE:
        template = Path(tempfile.mkdtemp(prefix="pledge-template-")) / "template.db"
        # The limiter is one object per process, given its storage by the last app made:
        # this app, made while a test's app is open, must leave that test's storage alone.
        enabled = limiter.enabled
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{template}",
                "SECRET_KEY": "template",
                "TESTING": True,
                "RATELIMIT_ENABLED": False,
            }
        )
        limiter.enabled = enabled
        with app.app_context():
            db.create_all()
            regions.load()
            db.session.remove()
            db.engine.dispose()
        _SQLITE_TEMPLATE.append(template)
    for suffix in ("-wal", "-shm", "-journal"):
        Path(path + suffix).unlink(missing_ok=True)
    shutil.copyfile(_SQLITE_TEMPLATE[0], path)


def unique_prefix():
    """A rate-limit key prefix of its own, so tests sharing a Redis never count together."""
    return f"test-{uuid.uuid4().hex}"


def opened(app):
    """Yield `app` on an empty database inside an app context, then close its connections."""
    reset_database(app)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def app(tmp_path):
    yield from opened(make_app(tmp_path, WTF_CSRF_ENABLED=False))


@pytest.fixture
def csrf_app(tmp_path):
    """An app with CSRF protection on, as in production."""
    yield from opened(make_app(tmp_path))


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def console(client):
    """A client logged in as the organiser of one event, which is `client.event`."""
    event = make_event()
    make_organiser(events=[event])
    log_in(client)
    client.event = event
    return client


@pytest.fixture
def runner(app):
    return app.test_cli_runner()
