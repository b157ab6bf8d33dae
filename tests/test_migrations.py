"""The migrations build the schema the models describe, on an empty database."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def flask(*args, database_url):
    env = {**os.environ, "DATABASE_URL": database_url, "FLASK_APP": "wsgi", "SECRET_KEY": "x"}
    return subprocess.run(
        [sys.executable, "-m", "flask", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def assert_no_drift(database_url):
    upgrade = flask("db", "upgrade", database_url=database_url)
    assert upgrade.returncode == 0, upgrade.stderr
    check = flask("db", "check", database_url=database_url)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "No new upgrade operations detected" in check.stdout + check.stderr


def test_upgrade_then_check_reports_no_drift_on_sqlite(tmp_path):
    assert_no_drift(f"sqlite:///{tmp_path / 'empty.db'}")


@pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL"), reason="PostgreSQL runs when TEST_DATABASE_URL is set"
)
def test_upgrade_then_check_reports_no_drift_on_postgresql():
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(os.environ["TEST_DATABASE_URL"])
    scratch = f"pledge_migrations_{uuid.uuid4().hex[:8]}"
    admin = f"host={url.host} port={url.port or 5432} user={url.username} dbname={url.database}"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{scratch}"')
    try:
        assert_no_drift(url.set(database=scratch).render_as_string(hide_password=False))
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE "{scratch}" WITH (FORCE)')
