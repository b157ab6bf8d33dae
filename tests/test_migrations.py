"""The migrations build the schema the models describe, on an empty database.

The check runs on the database the suite runs on: a scratch SQLite file, or a scratch
database created beside TEST_DATABASE_URL on PostgreSQL.
"""

import os
import subprocess
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def flask(*args, database_url):
    env = {**os.environ, "DATABASE_URL": database_url, "FLASK_APP": "wsgi", "SECRET_KEY": "x"}
    return subprocess.run(
        [sys.executable, "-m", "flask", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


@contextmanager
def empty_database(tmp_path):
    """Yield the URL of an empty database of the kind the suite runs on."""
    test_url = os.environ.get("TEST_DATABASE_URL")
    if not test_url:
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(test_url)
    scratch = f"pledge_migrations_{uuid.uuid4().hex[:8]}"
    admin = f"host={url.host} port={url.port or 5432} user={url.username} dbname={url.database}"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{scratch}"')
    try:
        yield url.set(database=scratch).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE "{scratch}" WITH (FORCE)')


def test_upgrade_then_check_reports_no_drift(tmp_path):
    with empty_database(tmp_path) as database_url:
        upgrade = flask("db", "upgrade", database_url=database_url)
        assert upgrade.returncode == 0, upgrade.stderr
        check = flask("db", "check", database_url=database_url)
        assert check.returncode == 0, check.stdout + check.stderr
        assert "No new upgrade operations detected" in check.stdout + check.stderr
