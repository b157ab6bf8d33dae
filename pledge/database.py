"""Engine settings that depend on the database in use."""

import contextlib
import logging

from sqlalchemy import event
from sqlalchemy.exc import DBAPIError

from pledge.backup import create_private
from pledge.extensions import db


def engine_options(uri):
    """Return the engine's options for the database at `uri`.

    PostgreSQL's connections are checked before use, so that a restarted server is met with
    a fresh connection instead of an error; a SQLite file needs no such round trip.
    """
    return {"pool_pre_ping": True} if uri.startswith("postgresql") else {}


log = logging.getLogger(__name__)


def configure_engine(app):
    """Give every SQLite connection WAL mode, a busy timeout and foreign keys.

    WAL lets the wall read while someone signs; the busy timeout makes concurrent
    writers wait their turn instead of failing; synchronous stays FULL (settable)
    so that a signature acknowledged to a signer survives a power cut. On every
    database, a connection lost after the answer was made does not turn it into a 500.
    """
    app.teardown_appcontext(_end_session)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        _postgresql_lock_timeout(app)
        return
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return
    timeout_ms = int(app.config["SQLITE_BUSY_TIMEOUT_MS"])
    synchronous = app.config["SQLITE_SYNCHRONOUS"].upper()
    if synchronous not in ("OFF", "NORMAL", "FULL", "EXTRA"):
        raise ValueError(f"SQLITE_SYNCHRONOUS cannot be {synchronous!r}")

    with app.app_context():
        engine = db.engine
    path = engine.url.database

    @event.listens_for(engine, "do_connect")
    def _private_file(dialect, connection_record, cargs, cparams):
        # Phone numbers live in this file: the service account alone may read it. A folder
        # that cannot hold it is left for SQLite to refuse (a readable 503).
        if path and path != ":memory:" and not path.startswith("file:"):
            with contextlib.suppress(OSError):
                create_private(path)

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection, connection_record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={timeout_ms}")
        cursor.execute(f"PRAGMA synchronous={synchronous}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


def _postgresql_lock_timeout(app):
    """Make a PostgreSQL statement that waits for a lock give up, like SQLite's busy timeout.

    Signers of one event queue on its log head row; past the timeout the request
    fails with a readable 503 and Retry-After instead of hanging a worker.
    """
    timeout_ms = int(app.config["DATABASE_LOCK_TIMEOUT_MS"])
    with app.app_context():
        engine = db.engine

    @event.listens_for(engine, "connect")
    def _lock_timeout(dbapi_connection, connection_record):
        with dbapi_connection.cursor() as cursor:
            cursor.execute(f"SET lock_timeout = {timeout_ms}")
        dbapi_connection.commit()


def _end_session(error=None):
    """Close the request's session; a connection lost by then is dropped, not raised.

    Runs before Flask-SQLAlchemy's own teardown (Flask calls them last registered
    first). Closing rolls back on the connection; when the server ended that connection
    after the answer was made (PostgreSQL restarted, a backend terminated) the rollback
    raises, and the answer, a 303 for a committed signature perhaps, would become a 500.
    SQLAlchemy has invalidated the connection by then, so the pool hands out a new one.
    """
    try:
        db.session.remove()
    except DBAPIError as lost:
        log.warning("database connection lost after the answer: %s", lost.__class__.__name__)
        with contextlib.suppress(DBAPIError):
            db.session.remove()
        db.session.registry.clear()
