"""Consistent online backups of a SQLite database (PostgreSQL: use pg_dump)."""

import contextlib
import os
import sqlite3
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
