"""The migrations build the schema the models describe, on an empty database of the
kind the suite runs on (SQLite, or PostgreSQL with TEST_DATABASE_URL)."""

from sqlalchemy import create_engine, inspect

from tests.databases import empty_database, flask


def test_upgrade_then_check_reports_no_drift(tmp_path):
    with empty_database(tmp_path) as database_url:
        upgrade = flask("db", "upgrade", database_url=database_url)
        assert upgrade.returncode == 0, upgrade.stderr
        check = flask("db", "check", database_url=database_url)
        assert check.returncode == 0, check.stdout + check.stderr
        assert "No new upgrade operations detected" in check.stdout + check.stderr


def test_a_downgrade_is_refused_and_changes_nothing(tmp_path):
    with empty_database(tmp_path) as database_url:
        assert flask("db", "upgrade", database_url=database_url).returncode == 0
        down = flask("db", "downgrade", database_url=database_url)
        assert down.returncode != 0
        assert "restore a backup to go back" in down.stdout + down.stderr
        engine = create_engine(database_url)
        try:
            columns = {column["name"] for column in inspect(engine).get_columns("signatures")}
        finally:
            engine.dispose()
        assert {"signature_strokes", "signature_text"} <= columns
        current = flask("db", "current", database_url=database_url)
        assert "(head)" in current.stdout
