"""Fixtures: an app on a fresh database, its client and CLI runner.

The database is SQLite in a temporary folder, or the PostgreSQL database named by
TEST_DATABASE_URL, emptied before each test.
"""

import os
import uuid

import pytest
from flask.testing import FlaskClient
from flask_babel import refresh
from sqlalchemy import text

from pledge import create_app
from pledge.extensions import db
from tests.builders import make_event
from tests.console_builders import log_in, make_organiser

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")


class Client(FlaskClient):
    """A test client whose requests each choose their language afresh.

    The fixtures hold one app context open so that tests can use the session;
    Flask-Babel caches the locale on it, which a real request never shares.
    """

    def open(self, *args, **kwargs):
        refresh()
        return super().open(*args, **kwargs)


def make_app(tmp_path, **overrides):
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": TEST_DATABASE_URL or f"sqlite:///{tmp_path / 'test.db'}",
        "PUBLIC_BASE_URL": "https://damai.example.id",
        # Each test seals with a key of its own, never the repository's instance folder.
        "SIGNING_KEY_PATH": str(tmp_path / "signing_key.pem"),
        "SIGNING_CERT_PATH": str(tmp_path / "signing_certificate.pem"),
    }
    config.update(overrides)
    app = create_app(config)
    app.test_client_class = Client
    return app


def reset_database(app):
    """Give the app an empty schema: drop everything (PostgreSQL), then create it."""
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        db.create_all()


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
