"""The migrations build the schema the models describe, on an empty database of the
kind the suite runs on (SQLite, or PostgreSQL with TEST_DATABASE_URL)."""

from tests.databases import empty_database, flask


def test_upgrade_then_check_reports_no_drift(tmp_path):
    with empty_database(tmp_path) as database_url:
        upgrade = flask("db", "upgrade", database_url=database_url)
        assert upgrade.returncode == 0, upgrade.stderr
        check = flask("db", "check", database_url=database_url)
        assert check.returncode == 0, check.stdout + check.stderr
        assert "No new upgrade operations detected" in check.stdout + check.stderr
