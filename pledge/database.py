"""Engine settings that depend on the database in use."""

import contextlib
import fcntl
import logging
import os
import re
import sqlite3
import time

from sqlalchemy import event
from sqlalchemy.exc import DBAPIError

from pledge.backup import create_private
from pledge.extensions import db


def engine_options(config):
    """Return the engine's options for the database the app's `config` names.

    PostgreSQL's connections are checked before use, so that a restarted server is met with
    a fresh connection instead of an error; a SQLite file needs no such round trip, and its
    connections are WriterTurnConnections, waiting at most SQLITE_BUSY_TIMEOUT_MS.
    """
    uri = config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("postgresql"):
        return {"pool_pre_ping": True}
    if uri.startswith("sqlite") and _is_file(uri.partition(":///")[2]):
        timeout = int(config["SQLITE_BUSY_TIMEOUT_MS"]) / 1000
        return {"connect_args": {"factory": WriterTurnConnection, "timeout": timeout}}
    return {}


def _is_file(path):
    return bool(path) and path != ":memory:" and not path.startswith("file:")


# A statement that writes: the portal's writes are all of these (DDL only in migrations).
_WRITES = re.compile(r"\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)
_POLL_SECONDS = 0.0002
_NO_LOCK_FILE = -1


class WriterTurnConnection(sqlite3.Connection):
    """A SQLite connection whose writing transactions take turns on a lock file.

    SQLite's busy handler makes a writer that finds the database locked sleep 1, 2, 5 …
    100 ms before trying again, however soon the lock is free: with two workers that
    back-off was most of the signing p99. Here a transaction about to write first takes
    an exclusive flock on `<database>-writer.lock` (take_turn; a waiter looks again every
    0.2 ms), so that SQLite's own lock is free when it asks and is granted at once. The
    turn is held to the end of the transaction (commit, rollback, close). Past the
    timeout the wait ends as SQLite's would, "database is locked" (a 503). Writers from
    outside the portal (a `sqlite3` shell) still meet SQLite's busy timeout.
    """

    def __init__(self, database, *args, timeout=5.0, **kwargs):
        super().__init__(database, *args, timeout=timeout, **kwargs)
        self._turn_path = f"{os.fsdecode(database)}-writer.lock"
        self._turn_timeout = timeout
        self._turn_file = None
        self._has_turn = False

    def take_turn(self):
        """Wait for this connection's turn to write; raise sqlite3.OperationalError past the timeout."""
        if self._has_turn or self._turn_file == _NO_LOCK_FILE:
            return
        if self._turn_file is None:
            try:
                self._turn_file = os.open(self._turn_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            except OSError:  # a read-only folder: SQLite's busy handler orders writers (or refuses)
                self._turn_file = _NO_LOCK_FILE
                return
        deadline = time.monotonic() + self._turn_timeout
        while True:
            try:
                fcntl.flock(self._turn_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise sqlite3.OperationalError("database is locked") from None
                time.sleep(_POLL_SECONDS)
        self._has_turn = True

    def _end_turn(self):
        if self._has_turn:
            self._has_turn = False
            fcntl.flock(self._turn_file, fcntl.LOCK_UN)

    def commit(self):
        try:
            super().commit()
        finally:
            self._end_turn()

    def rollback(self):
        try:
            super().rollback()
        finally:
            self._end_turn()

    def close(self):
        try:
            super().close()
        finally:
            self._end_turn()
            if self._turn_file not in (None, _NO_LOCK_FILE):
                os.close(self._turn_file)
                self._turn_file = None


log = logging.getLogger(__name__)


def configure_engine(app):
    """Give every SQLite connection WAL mode, a busy timeout, foreign keys and writers' turns.

    WAL lets the wall read while someone signs; a transaction about to write takes its
    turn first (WriterTurnConnection), and the busy timeout covers writers from outside
    the portal; synchronous stays FULL (settable) so that a signature acknowledged to a
    signer survives a power cut.
    On every database, a connection lost after the answer was made does not turn it into a 500.
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
        if _is_file(path):
            with contextlib.suppress(OSError):
                create_private(path)

    @event.listens_for(engine, "before_cursor_execute")
    def _take_turn_to_write(connection, cursor, statement, parameters, context, executemany):
        dbapi_connection = connection.connection.dbapi_connection
        if isinstance(dbapi_connection, WriterTurnConnection) and _WRITES.match(statement):
            dbapi_connection.take_turn()

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
