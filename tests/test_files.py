"""Files that hold personal data are created readable by the service account alone."""

import stat

from sqlalchemy import text

from pledge.backup import backup_sqlite
from pledge.extensions import db
from tests.conftest import make_app


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_sqlite_database_and_its_wal_files_are_private(tmp_path):
    database = tmp_path / "instance" / "pledge.db"
    database.parent.mkdir()
    app = make_app(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{database}")
    with app.app_context():
        with db.engine.begin() as connection:
            connection.execute(text("CREATE TABLE t (x INTEGER)"))
            connection.execute(text("INSERT INTO t VALUES (1)"))
            assert mode(database) == 0o600
            for suffix in ("-wal", "-shm"):
                assert mode(database.with_name(database.name + suffix)) == 0o600
        db.engine.dispose()


def test_a_backup_is_private(tmp_path):
    database = tmp_path / "live.db"
    app = make_app(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{database}")
    with app.app_context():
        with db.engine.begin() as connection:
            connection.execute(text("CREATE TABLE t (x INTEGER)"))
        written = backup_sqlite(f"sqlite:///{database}", tmp_path / "copies" / "backup.db")
        db.engine.dispose()
    assert mode(written) == 0o600
