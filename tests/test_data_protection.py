"""Data protection: retention erases what is no longer needed; backups restore and verify."""

import shutil
import sqlite3
import stat
import subprocess
import sys
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from pledge import retention, transitions, transparency
from pledge.backup import BackupRefused, backup_sqlite, restore_sqlite
from pledge.extensions import db
from pledge.models import EventState, LogEntry, SignatureRecord, utcnow
from pledge.strokes import SignatureMark
from tests.builders import drawn_strokes, legacy_png_mark, make_event, make_signature
from tests.conftest import make_app, reset_database


def event_closed(days_ago, slug="lama", **fields):
    event = make_event(slug=slug, **fields)
    record = make_signature(event, phone=f"+6281299{len(slug):06d}")
    event.closes_at = utcnow() - timedelta(days=days_ago)
    db.session.commit()
    return event, record


def erasures():
    return db.session.scalar(select(func.count(LogEntry.id)).where(LogEntry.kind == "erasure"))


def test_contacts_are_erased_once_the_retention_period_has_passed(app):
    event, record = event_closed(days_ago=366)
    fingerprint = record.fingerprint()
    assert retention.apply() == 1
    assert record.phone is None and record.erased_at is None  # the name stays: not an erasure on request
    assert record.has_signature_mark and record.full_name == "Siti Aminah"
    assert record.fingerprint() == fingerprint
    assert erasures() == 1
    assert transparency.verify(event).ok


@pytest.mark.parametrize(
    "mark",
    [lambda: SignatureMark.drawn(drawn_strokes()), lambda: SignatureMark.typed("Siti"), legacy_png_mark],
    ids=["strokes", "typed", "png of before strokes"],
)
def test_signatures_are_erased_too_when_the_event_says_so(app, mark):
    event = make_event(slug="lama", retention_days=30, retention_erases_images=True)
    record = make_signature(event, phone=None, mark=mark())
    event.closes_at = utcnow() - timedelta(days=31)
    db.session.commit()
    assert retention.apply() == 1
    assert not record.has_signature_mark and record.signature_mark is None
    assert (record.signature_strokes, record.signature_text, record.signature_image) == (None, None, None)
    assert transparency.verify(event).ok


@pytest.mark.parametrize("days_ago", [364, -1], ids=["within retention", "not closed yet"])
def test_nothing_is_erased_before_the_retention_period_ends(app, days_ago):
    _, record = event_closed(days_ago=days_ago)
    assert retention.apply() == 0
    assert record.phone == "+6281299000004"
    assert erasures() == 0


def test_an_event_closed_by_an_organiser_counts_from_the_moment_it_closed(app):
    event = make_event(slug="ditutup")
    record = make_signature(event)
    transitions.close_event(event, "admin")
    assert retention.apply(now=utcnow() + timedelta(days=364)) == 0
    assert retention.apply(now=utcnow() + timedelta(days=366)) == 1
    assert record.phone is None and event.state == EventState.CLOSED


def test_applying_retention_twice_logs_each_erasure_once(app):
    event, _ = event_closed(days_ago=400)
    retention.apply()
    assert retention.apply() == 0
    assert erasures() == 1
    assert transparency.verify(event).ok


def test_the_retention_command_reports_what_it_erased(app, runner):
    event_closed(days_ago=400)
    result = runner.invoke(args=["pledge", "retention", "apply"])
    assert result.exit_code == 0, result.output
    assert result.output == "Erased personal data of 1 signature record(s); each erasure is in the log.\n"


@pytest.fixture
def sqlite_app(tmp_path):
    app = make_app(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'live.db'}")
    reset_database(app)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def test_a_backup_restores_and_its_log_verifies(sqlite_app, tmp_path):
    event = make_event()
    records = [make_signature(event, phone=f"+62812345678{n:02d}") for n in range(3)]
    transitions.revoke(records[0], "Salah orang", "admin")
    head = transparency.head(event)
    backup_sqlite(sqlite_app.config["SQLALCHEMY_DATABASE_URI"], tmp_path / "copy" / "backup.db")
    make_signature(event, phone="+6281234567899")  # after the backup: not in it

    restored = make_app(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'copy' / 'backup.db'}")
    with restored.app_context():
        from pledge.models import Event

        copy = Event.by_slug(event.slug)
        assert db.session.scalar(select(func.count(SignatureRecord.id))) == 3
        assert transparency.head(copy) == head
        assert transparency.verify(copy).ok
        db.session.remove()
        db.engine.dispose()


def test_the_backup_command_writes_a_file_and_refuses_to_overwrite(sqlite_app, tmp_path):
    make_signature(make_event())
    runner = sqlite_app.test_cli_runner()
    target = tmp_path / "pledge-backup.db"
    first = runner.invoke(args=["pledge", "backup", str(target)])
    assert first.exit_code == 0 and first.output == f"Backup written to {target}\n"
    again = runner.invoke(args=["pledge", "backup", str(target)])
    assert again.exit_code == 1
    assert f"{target} exists already; choose a new file." in again.output


def test_a_postgresql_database_is_backed_up_with_pg_dump(tmp_path):
    with pytest.raises(BackupRefused, match="for PostgreSQL use pg_dump"):
        backup_sqlite("postgresql+psycopg://postgres@127.0.0.1/pledge", tmp_path / "x.db")


def _crash_after_writing(path, statement):
    """In another process: write `statement` to the SQLite file at `path` and die without closing (a crash).

    Its commit stays in the -wal file beside the database, not checkpointed into it.
    """
    script = (
        "import os, sqlite3, sys\n"
        "connection = sqlite3.connect(sys.argv[1])\n"
        "connection.execute('PRAGMA journal_mode=WAL')\n"
        "connection.execute('PRAGMA wal_autocheckpoint=0')\n"
        "connection.execute(sys.argv[2])\n"
        "connection.commit()\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", script, str(path), statement], check=True)


def _names(path):
    connection = sqlite3.connect(path)
    try:
        return {name for (name,) in connection.execute("SELECT full_name FROM signatures")}
    finally:
        connection.close()


def test_a_restore_leaves_out_what_a_crashed_portal_left_in_its_wal(sqlite_app, tmp_path):
    live = tmp_path / "live.db"
    event = make_event()
    for n in range(3):
        make_signature(event, phone=f"+62812345678{n:02d}", full_name=f"Penanda {n}")
    backup = backup_sqlite(sqlite_app.config["SQLALCHEMY_DATABASE_URI"], tmp_path / "backup.db")
    db.session.remove()
    db.engine.dispose()
    _crash_after_writing(live, "UPDATE signatures SET full_name = 'Setelah cadangan'")
    assert (tmp_path / "live.db-wal").stat().st_size > 0

    # Copying the backup over the file alone brings the crashed portal's writes back.
    control = tmp_path / "control"
    control.mkdir()
    for suffix in ("", "-wal", "-shm"):
        shutil.copyfile(f"{live}{suffix}", control / f"live.db{suffix}")
    shutil.copyfile(backup, control / "live.db")
    assert _names(control / "live.db") == {"Setelah cadangan"}

    aside = restore_sqlite(sqlite_app.config["SQLALCHEMY_DATABASE_URI"], backup)
    assert _names(live) == {"Penanda 0", "Penanda 1", "Penanda 2"}
    assert stat.S_IMODE(live.stat().st_mode) == 0o600
    assert _names(aside) == {"Setelah cadangan"}  # the replaced database, whole, with its -wal
    with sqlite3.connect(live) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_the_restore_command_keeps_the_database_it_replaces_and_refuses_what_is_no_backup(
    sqlite_app, tmp_path
):
    make_signature(make_event(), full_name="Penanda Satu")
    runner = sqlite_app.test_cli_runner()
    backup = tmp_path / "backup.db"
    assert runner.invoke(args=["pledge", "backup", str(backup)]).exit_code == 0
    db.session.remove()
    db.engine.dispose()

    unasked = runner.invoke(args=["pledge", "restore", str(backup)], input="n\n")
    assert unasked.exit_code == 1 and not list(tmp_path.glob("live.db.before-restore-*"))
    done = runner.invoke(args=["pledge", "restore", str(backup), "--yes"])
    assert done.exit_code == 0, done.output
    assert (
        f"Restored {backup}. The database it replaced is kept as {tmp_path / 'live.db'}.before-restore-"
        in done.output
    )
    assert "flask pledge log verify" in done.output
    assert _names(tmp_path / "live.db") == {"Penanda Satu"}

    missing = runner.invoke(args=["pledge", "restore", str(tmp_path / "nothing.db"), "--yes"])
    assert missing.exit_code == 1 and f"{tmp_path / 'nothing.db'} is not a file." in missing.output
    text = tmp_path / "notes.txt"
    text.write_text("not a database")
    refused = runner.invoke(args=["pledge", "restore", str(text), "--yes"])
    assert refused.exit_code == 1
    assert f"{text} is not a backup of the portal's SQLite database" in refused.output
    assert _names(tmp_path / "live.db") == {"Penanda Satu"}


def test_a_backup_restores_onto_a_machine_with_no_database_yet(sqlite_app, tmp_path):
    make_signature(make_event(), full_name="Penanda Satu")
    backup = backup_sqlite(sqlite_app.config["SQLALCHEMY_DATABASE_URI"], tmp_path / "backup.db")
    fresh = tmp_path / "new-machine" / "instance" / "pledge.db"
    assert restore_sqlite(f"sqlite:///{fresh}", backup) is None
    assert _names(fresh) == {"Penanda Satu"}


def test_a_postgresql_database_is_restored_with_pg_restore(tmp_path):
    with pytest.raises(BackupRefused, match="for PostgreSQL use pg_restore"):
        restore_sqlite("postgresql+psycopg://postgres@127.0.0.1/pledge", tmp_path / "x.db")
