"""SQLite writers take turns on a lock file instead of sleeping in SQLite's busy handler."""

import fcntl
import os
import stat
import threading

import pytest
from sqlalchemy import event, func, select, text

from pledge import transparency
from pledge.extensions import db
from pledge.models import SignatureRecord
from tests.builders import form_data, make_event
from tests.conftest import TEST_DATABASE_URL, make_app, reset_database

pytestmark = pytest.mark.skipif(bool(TEST_DATABASE_URL), reason="SQLite's writers only")


@pytest.fixture
def sqlite_app(tmp_path):
    app = make_app(tmp_path, WTF_CSRF_ENABLED=False, SIGN_RATE_LIMIT="1000 per minute")
    reset_database(app)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def lock_file(app):
    return f"{db.engine.url.database}-writer.lock"


def turn_is_free(path):
    """Return whether another process could take the writers' turn now."""
    descriptor = os.open(path, os.O_RDWR)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(descriptor)
    return True


def test_a_writing_transaction_holds_the_turn_until_it_commits(sqlite_app):
    with db.engine.connect() as connection:
        connection.execute(text("SELECT count(*) FROM events"))
        assert not os.path.exists(lock_file(sqlite_app)) or turn_is_free(lock_file(sqlite_app))
        connection.execute(text("UPDATE events SET title = title"))
        assert not turn_is_free(lock_file(sqlite_app))
        connection.commit()
        assert turn_is_free(lock_file(sqlite_app))
        connection.execute(text("DELETE FROM events WHERE id = -1"))
        assert not turn_is_free(lock_file(sqlite_app))
        connection.rollback()
        assert turn_is_free(lock_file(sqlite_app))
    assert stat.S_IMODE(os.stat(lock_file(sqlite_app)).st_mode) == 0o600


def test_concurrent_signers_never_meet_the_busy_handler(sqlite_app):
    """With SQLite's busy timeout at 0, a writer that met a held lock would fail at once."""

    @event.listens_for(db.engine, "connect")
    def no_busy_handler(dbapi_connection, connection_record):
        dbapi_connection.execute("PRAGMA busy_timeout = 0")

    db.engine.dispose()
    event_ = make_event()
    slug = event_.slug
    statuses = []

    def signer(n):
        client = sqlite_app.test_client()
        for k in range(5):
            with sqlite_app.app_context():
                response = client.post(
                    f"/e/{slug}/sign", data=form_data(event_, full_name=f"Penanda {n}-{k}", phone="")
                )
            statuses.append(response.status_code)

    with sqlite_app.app_context():
        threads = [threading.Thread(target=signer, args=(n,)) for n in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert statuses == [303] * 30
    assert db.session.scalar(select(func.count(SignatureRecord.id))) == 30
    assert transparency.verify(event_).ok


def test_a_turn_held_past_the_timeout_ends_in_the_readable_503(tmp_path):
    app = make_app(tmp_path, WTF_CSRF_ENABLED=False, SQLITE_BUSY_TIMEOUT_MS=100)
    reset_database(app)
    with app.app_context():
        event_ = make_event()
        with db.engine.connect() as holder:
            holder.execute(text("UPDATE events SET title = title"))  # holds the turn
            busy = app.test_client().post(f"/e/{event_.slug}/sign", data=form_data(event_))
            holder.rollback()
        assert busy.status_code == 503
        assert busy.headers["Retry-After"] == "5"
        assert "Portal sedang sibuk" in busy.text
        assert app.test_client().post(f"/e/{event_.slug}/sign", data=form_data(event_)).status_code == 303
        db.session.remove()
        db.engine.dispose()


def test_a_folder_that_cannot_hold_the_lock_file_leaves_writers_to_sqlite(sqlite_app, monkeypatch):
    real_open = os.open

    def refuse_lock_file(path, *args, **kwargs):
        if str(path).endswith("-writer.lock"):
            raise PermissionError(13, "Permission denied", path)
        return real_open(path, *args, **kwargs)

    db.engine.dispose()
    monkeypatch.setattr(os, "open", refuse_lock_file)
    event_ = make_event()
    response = sqlite_app.test_client().post(f"/e/{event_.slug}/sign", data=form_data(event_))
    assert response.status_code == 303
