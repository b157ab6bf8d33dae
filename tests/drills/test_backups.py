"""Backups taken while a crowd signs, restored elsewhere, and checked with the portal's own commands.

SQLite: `flask pledge backup` during a load run; PostgreSQL: `pg_dump -Fc` of the live
database, `pg_restore` into a scratch database. Each copy must verify with `flask pledge
log verify` and recount to what its counters say; database files and backups are 0600.
"""

import os
import re
import shutil
import sqlite3
import stat
import subprocess

from sqlalchemy.engine import make_url

from tests.databases import flask, scratch_postgresql
from tests.drills.ledger import DRILLS, Row, check_signers
from tests.reliability.harness import crowd, serving

POSTGRES = os.environ.get("TEST_DATABASE_URL") or "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
SIGNERS = 90
# Enough that the backup (a `flask` process: about 2 s to start) lands while signers still sign.
SQLITE_SIGNERS = 500
CONCURRENCY = 15
SLUG = "deklarasi-dicadangkan"


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def check_copy(database_url, drill):
    """Verify a restored copy with `flask pledge log verify` and a recount; record and return its signatures."""
    verified = flask("pledge", "log", "verify", database_url=database_url)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    leaves = int(re.search(rf"{SLUG}: (\d+) leaves verified", verified.stdout).group(1))
    recounted = flask("pledge", "recount", SLUG, database_url=database_url)
    assert recounted.returncode == 0, recounted.stderr
    total, said = map(
        int, re.search(r"(\d+) valid signatures \(the counters said (\d+)\)", recounted.stdout).groups()
    )
    assert total == said == leaves, recounted.stdout  # only signatures: a leaf each
    DRILLS.append(Row(drill, requests=0, accepted=total, unavailable=0, errors=0, lost=0, log="verified"))
    return total


def test_a_sqlite_backup_taken_mid_load_restores_and_verifies(tmp_path):
    path = tmp_path / "pledge.db"
    backup = tmp_path / "backups" / "pledge-backup.db"
    with serving(f"sqlite:///{path}", tmp_path, SLUG, migrated=True) as (server, app):
        taken = []

        def back_up():
            taken.append(flask("pledge", "backup", str(backup), database_url=f"sqlite:///{path}"))

        outcomes = crowd(server.port, SLUG, SQLITE_SIGNERS, CONCURRENCY, during=back_up)
        check_signers(app, SLUG, "sqlite: backup taken mid-load", outcomes)
    assert taken[0].returncode == 0, taken[0].stderr
    assert mode(path) == 0o600 and mode(backup) == 0o600
    restored = tmp_path / "restored.db"
    shutil.copy2(backup, restored)
    with sqlite3.connect(restored) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    in_backup = check_copy(f"sqlite:///{restored}", "sqlite: the backup, restored")
    # A snapshot taken once a third had signed: some, and only accepted ones.
    assert 0 < in_backup <= SQLITE_SIGNERS


def test_a_postgresql_dump_of_a_live_database_restores_into_a_scratch_database_and_verifies(tmp_path):
    dump = tmp_path / "pledge.dump"
    with scratch_postgresql(POSTGRES) as url, serving(url, tmp_path, SLUG) as (server, app):
        live = make_url(url)
        dumped = []

        def dump_live():
            # As docs/DEPLOY.md says: umask 077, so the dump (phone numbers) is 0600.
            dumped.append(
                subprocess.run(  # noqa: S602 (our own values; the shell's umask is the point)
                    f"umask 077 && pg_dump -Fc -h {live.host} -p {live.port or 5432} -U {live.username}"
                    f" -f {dump} {live.database}",
                    shell=True,
                    capture_output=True,
                    text=True,
                    timeout=120,
                )
            )

        outcomes = crowd(server.port, SLUG, SIGNERS, CONCURRENCY, during=dump_live)
        check_signers(app, SLUG, "postgresql: pg_dump taken mid-load", outcomes)
    assert dumped[0].returncode == 0, dumped[0].stderr
    assert mode(dump) == 0o600
    with scratch_postgresql(POSTGRES) as restored:
        target = make_url(restored)
        loaded = subprocess.run(
            [
                "pg_restore",
                "--no-owner",
                "-h",
                target.host,
                "-p",
                str(target.port or 5432),
                "-U",
                target.username,
                "-d",
                target.database,
                str(dump),
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert loaded.returncode == 0, loaded.stderr
        in_dump = check_copy(restored, "postgresql: the dump, restored")
    assert 0 < in_dump <= SIGNERS
