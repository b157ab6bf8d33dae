"""Data protection: retention erases what is no longer needed; backups restore and verify."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from pledge import retention, transitions, transparency
from pledge.backup import BackupRefused, backup_sqlite
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
