"""Engine settings that depend on the database in use."""

from sqlalchemy import event

from pledge.extensions import db


def configure_engine(app):
    """Give every SQLite connection WAL mode, a busy timeout and foreign keys.

    WAL lets the wall read while someone signs; the busy timeout makes concurrent
    writers wait their turn instead of failing; synchronous stays FULL (settable)
    so that a signature acknowledged to a signer survives a power cut.
    """
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return
    timeout_ms = int(app.config["SQLITE_BUSY_TIMEOUT_MS"])
    synchronous = app.config.get("SQLITE_SYNCHRONOUS", "FULL")
    if synchronous not in ("OFF", "NORMAL", "FULL", "EXTRA"):
        raise ValueError(f"SQLITE_SYNCHRONOUS cannot be {synchronous!r}")

    with app.app_context():
        engine = db.engine

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection, connection_record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={timeout_ms}")
        cursor.execute(f"PRAGMA synchronous={synchronous}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()
