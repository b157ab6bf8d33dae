"""The database fails in the middle of a crowd signing: readable 503s, never a 500, nothing half-stored.

PostgreSQL: every backend of the portal's database is terminated several times while
30 signers send the form (the shared server itself is never stopped: others use it).
SQLite: the disk fills up (a small tmpfs, and RLIMIT_FSIZE where nothing can be
mounted), and the file system goes read-only under a running server.
"""

import contextlib
import os
import resource
import sqlite3
import subprocess
import time

import psycopg
from sqlalchemy.engine import make_url

from tests.databases import scratch_postgresql
from tests.drills.ledger import check_signers
from tests.reliability.harness import Server, crowd, prepare, request, serving

POSTGRES = os.environ.get("TEST_DATABASE_URL") or "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
SIGNERS = 120
CONCURRENCY = 20
SLUG = "deklarasi-uji-gangguan"


def terminate_backends(database_url):
    """Terminate every connection to `database_url`'s database (as a server restart does); return how many."""
    url = make_url(database_url)
    with psycopg.connect(
        host=url.host, port=url.port or 5432, user=url.username, dbname="postgres", autocommit=True
    ) as admin:
        rows = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            (url.database,),
        ).fetchall()
    return sum(1 for (done,) in rows if done)


def test_postgresql_backends_terminated_mid_load_answer_503_and_lose_nothing(tmp_path):
    with scratch_postgresql(POSTGRES) as url, serving(url, tmp_path, SLUG) as (server, app):
        terminated = []

        def restarts():
            for _ in range(5):
                terminated.append(terminate_backends(url))
                time.sleep(0.4)

        outcomes = crowd(server.port, SLUG, SIGNERS, CONCURRENCY, during=restarts)
        row = check_signers(app, SLUG, "postgresql: backends terminated 5 times mid-load", outcomes)
        assert sum(terminated) > 0, "no connection was terminated"
        assert request(server.port, "GET", f"/e/{SLUG}")[0] == 200, "the pool did not recover"
        assert row.accepted >= SIGNERS - 5, row


@contextlib.contextmanager
def tmpfs(folder, size="32m"):
    """Mount a tmpfs of `size` at `folder` (root only) for the test; unmount it after."""
    folder.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(folder)], check=True)
    try:
        yield folder
    finally:
        subprocess.run(["umount", "--lazy", str(folder)], check=True)


def remount(folder, options):
    subprocess.run(["mount", "-o", f"remount,{options}", str(folder)], check=True)


def used_bytes(folder):
    stats = os.statvfs(folder)
    return (stats.f_blocks - stats.f_bfree) * stats.f_frsize


def fill_up(folder, headroom=16 * 1024, tries=20):
    """Shrink the tmpfs at `folder` to what it holds plus `headroom`.

    The server goes on writing between the measure and the remount, and a tmpfs refuses
    a size below what it holds; so measure again and retry (a run on CI lost this race).
    """
    for _ in range(tries):
        size = used_bytes(folder) + headroom
        done = subprocess.run(["mount", "-o", f"remount,size={size}", str(folder)], capture_output=True)
        if done.returncode == 0:
            return
    raise AssertionError(f"the tmpfs could not be shrunk: {done.stderr.decode()}")


def sqlite_intact(path):
    with sqlite3.connect(path) as connection:
        return connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def check_readable_503(port, method, path, body=None):
    status, headers, html = request(port, method, path, body=body)
    assert status == 503, (method, path, status)
    assert headers.get("Retry-After")
    assert "Portal sedang sibuk" in html and "Traceback" not in html


def test_sqlite_on_a_full_disk_answers_503_then_signs_again_when_space_returns(tmp_path):
    with tmpfs(tmp_path / "disk") as disk:
        url = f"sqlite:///{disk / 'pledge.db'}"
        with serving(url, tmp_path, SLUG) as (server, app):

            def disk_fills_up():
                # Room for a few pages beyond what is there: the next commits cannot be written.
                fill_up(disk)
                time.sleep(1.5)
                remount(disk, "size=32m")

            outcomes = crowd(server.port, SLUG, SIGNERS, CONCURRENCY, during=disk_fills_up)
            row = check_signers(app, SLUG, "sqlite: the disk full for 1.5 s mid-load", outcomes)
            assert row.unavailable > 0, "the full disk refused nothing"
            assert row.accepted >= SIGNERS - CONCURRENCY, row
        assert sqlite_intact(disk / "pledge.db")


def test_sqlite_past_the_file_size_limit_answers_503_and_stores_nothing_half(tmp_path):
    path = tmp_path / "pledge.db"
    app = prepare(f"sqlite:///{path}", tmp_path, SLUG)
    limit = path.stat().st_size + 64 * 1024

    def file_size_limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    server = Server(f"sqlite:///{path}", workers=2, log_path=os.devnull, preexec_fn=file_size_limit)
    try:
        server.wait_ready()
        outcomes = crowd(server.port, SLUG, 60, 10)
    finally:
        server.stop()
    row = check_signers(app, SLUG, "sqlite: files limited to 64 KiB of growth", outcomes)
    assert row.unavailable > 0 and row.accepted > 0, row
    assert sqlite_intact(path)


def test_sqlite_on_a_read_only_file_system_answers_503_then_signs_once_it_is_writable(tmp_path):
    with tmpfs(tmp_path / "disk") as disk:
        path = disk / "pledge.db"
        app = prepare(f"sqlite:///{path}", tmp_path, SLUG)
        before = path.read_bytes()
        remount(disk, "ro")
        server = Server(f"sqlite:///{path}", workers=2, log_path=tmp_path / "gunicorn.log")
        try:
            server.wait_ready(status=503)
            check_readable_503(server.port, "GET", f"/e/{SLUG}/sign")
            refused = crowd(server.port, SLUG, 10, 5)
            assert {outcome.status for outcome in refused} == {503}
            assert path.read_bytes() == before, "the read-only file changed"
            remount(disk, "rw")  # the operator fixes the disk; the workers are not restarted
            signed = crowd(server.port, SLUG, 10, 5)
        finally:
            server.stop()
        row = check_signers(app, SLUG, "sqlite: read-only, then writable again", refused + signed)
        assert row.accepted == 10, row
        assert sqlite_intact(path)
