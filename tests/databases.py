"""Scratch databases for tests that run the migrations in a subprocess."""

import hashlib
import os
import subprocess
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import text

ROOT = Path(__file__).resolve().parent.parent


def flask(*args, database_url):
    """Run `flask ARGS` against `database_url`; return the CompletedProcess."""
    env = {**os.environ, "DATABASE_URL": database_url, "FLASK_APP": "wsgi", "SECRET_KEY": "x"}
    return subprocess.run(
        [sys.executable, "-m", "flask", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


@contextmanager
def empty_database(tmp_path):
    """Yield the URL of an empty database of the kind the suite runs on.

    A scratch SQLite file, or a scratch database created beside TEST_DATABASE_URL on
    PostgreSQL and dropped afterwards.
    """
    test_url = os.environ.get("TEST_DATABASE_URL")
    if not test_url:
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    with scratch_postgresql(test_url) as url:
        yield url


@contextmanager
def scratch_postgresql(base_url):
    """Yield the URL of a new, empty PostgreSQL database on `base_url`'s server; drop it after."""
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(base_url)
    scratch = f"pledge_scratch_{uuid.uuid4().hex[:8]}"
    admin = f"host={url.host} port={url.port or 5432} user={url.username} dbname={url.database}"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{scratch}"')
    try:
        yield url.set(database=scratch).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE "{scratch}" WITH (FORCE)')


def append_chained_entry(connection, chain, seq, at, kind, signature_id, fingerprint):
    """Insert entry `seq` of event 1's hash-chained log (the log before 0011) and return its chain hash.

    Written in raw SQL as revisions 0004 to 0010 stored it, for tests that fill a database
    at one of those revisions.
    """
    line = f"{seq}|{at.strftime('%Y-%m-%dT%H:%M:%S.%fZ')}|{kind}|{fingerprint}"
    chain = hashlib.sha256(f"{chain}\n{line}".encode()).hexdigest()
    connection.execute(
        text(
            "INSERT INTO log_entries (event_id, seq, at, kind, signature_id, fingerprint, chain_hash)"
            " VALUES (1, :seq, :at, :kind, :id, :fingerprint, :chain)"
        ),
        {"seq": seq, "at": at, "kind": kind, "id": signature_id, "fingerprint": fingerprint, "chain": chain},
    )
    return chain


def store_chain_head(connection, seq, chain):
    """Insert event 1's log head of the hash-chained log (before 0011)."""
    connection.execute(
        text("INSERT INTO log_heads (event_id, seq, chain_hash) VALUES (1, :seq, :chain)"),
        {"seq": seq, "chain": chain},
    )
