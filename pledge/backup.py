"""Consistent online backups of a SQLite database, and their restore (PostgreSQL: use pg_dump and pg_restore)."""

import contextlib
import os
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import make_url


def create_private(path):
    """Create `path` empty with mode 0600 unless it exists; SQLite then gives its -wal and -shm files that mode."""
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


class BackupRefused(Exception):
    """The backup cannot be made; the message says why."""


def backup_sqlite(database_uri, destination):
    """Copy the live SQLite database at `database_uri` to `destination` and return its path.

    SQLite's online backup API copies a consistent snapshot while others keep signing.
    It copies in one step: copied in slices, SQLite starts a backup again when another
    connection writes between two slices, so a large database under steady signing might
    never finish. In WAL mode the one step holds a read transaction, which does not stop
    anyone signing.
    """
    url = make_url(database_uri)
    if url.get_backend_name() != "sqlite":
        raise BackupRefused("This command backs up SQLite; for PostgreSQL use pg_dump.")
    if not url.database or url.database == ":memory:":
        raise BackupRefused("An in-memory database cannot be backed up.")
    destination = Path(destination)
    if destination.exists():
        raise BackupRefused(f"{destination} exists already; choose a new file.")
    destination.parent.mkdir(parents=True, exist_ok=True)
    create_private(destination)  # it holds phone numbers: readable by the service account alone
    source = sqlite3.connect(url.database)
    try:
        target = sqlite3.connect(destination)
        try:
            source.backup(target)
        finally:
            target.close()
    finally:
        source.close()
    return destination


def restore_sqlite(database_uri, backup, now=None):
    """Put the backup file `backup` in place of the SQLite database at `database_uri`.

    Return where the database it replaced went, or None when there was none.

    Run it with the portal stopped. The database in place is not deleted: it is renamed,
    with its -wal and -shm files, to `<database>.before-restore-<UTC time>` (a pair SQLite
    can still open). Copying a backup over the file alone is not a restore: SQLite would
    replay the old -wal file that a stopped or crashed portal left beside it onto the
    backup, and bring back what was written after it. The backup is checked first
    (SQLite's quick_check) and copied through a temporary file, so the database is
    either the old one or the whole backup, never half of it.
    """
    url = make_url(database_uri)
    if url.get_backend_name() != "sqlite":
        raise BackupRefused("This command restores SQLite; for PostgreSQL use pg_restore.")
    if not url.database or url.database == ":memory:":
        raise BackupRefused("An in-memory database cannot be restored.")
    backup, live = Path(backup), Path(url.database)
    if not backup.is_file():
        raise BackupRefused(f"{backup} is not a file.")
    _check_backup(backup)
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    aside = live.with_name(f"{live.name}.before-restore-{stamp}")
    incoming = live.with_name(f"{live.name}.restoring")
    replaced = live.exists()
    live.parent.mkdir(parents=True, exist_ok=True)
    create_private(incoming)
    shutil.copyfile(backup, incoming)
    with open(incoming, "rb") as copied:
        os.fsync(copied.fileno())
    # The old database with its -wal and -shm, so that none of them is replayed onto the backup.
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.replace(f"{live}{suffix}", f"{aside}{suffix}")
    os.replace(incoming, live)
    return aside if replaced else None


def _check_backup(path):
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
            verdict = connection.execute("PRAGMA quick_check").fetchone()[0]
            connection.execute("SELECT count(*) FROM signatures").fetchone()
    except sqlite3.DatabaseError as error:
        raise BackupRefused(f"{path} is not a backup of the portal's SQLite database ({error}).") from None
    if verdict != "ok":
        raise BackupRefused(f"{path} fails SQLite's integrity check ({verdict}); it is not restored.")
