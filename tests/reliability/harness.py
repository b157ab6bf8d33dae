"""A real server (gunicorn, several workers) on 127.0.0.1 and a crowd of signers.

Each signer opens the form (keeping the session cookie), then sends it with the
form's CSRF token, like a phone does. When the connection breaks (a worker was
killed) the signer sends the same form again with the same client key, as the
signing page's script does, so the server can recognise the resubmission.
"""

import contextlib
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import redis
from sqlalchemy import select

from pledge import transparency
from pledge.extensions import db
from pledge.models import Event, SignatureRecord
from pledge.models.counts import counts_for
from tests.builders import drawn_strokes
from tests.conftest import unique_prefix

ROOT = Path(__file__).resolve().parent.parent.parent
FULL = os.environ.get("RELIABILITY") == "full"
SUMMARIES = []  # printed at the end of the run by tests/reliability/conftest.py
FUZZ_ANSWERS = Counter()  # status codes the fuzzer got, printed likewise
IMAGE = drawn_strokes()  # what the pad sends


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn serving wsgi:app with `workers` sync workers on a free local port."""

    def __init__(self, database_url, workers=4, log_path=None, preexec_fn=None, **settings):
        self.port = free_port()
        self.workers = workers
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "load-test-secret",
            "PUBLIC_BASE_URL": f"http://127.0.0.1:{self.port}",
            "SIGN_RATE_LIMIT": "100000 per minute",
            # Limits counted apart from any other test using the same Redis.
            "RATELIMIT_KEY_PREFIX": unique_prefix(),
            "PYTHONWARNINGS": "ignore",
        }
        env.pop("RATELIMIT_STORAGE_URI", None)
        env.update(settings)
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--timeout",
            "30",
            "--graceful-timeout",
            "5",
            "wsgi:app",
        ]
        self.log = open(log_path or os.devnull, "wb")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(  # noqa: PLW1509 (preexec_fn: a resource limit, no threads yet)
            command, cwd=ROOT, env=env, stdout=self.log, stderr=self.log, preexec_fn=preexec_fn
        )

    def wait_ready(self, timeout=60, status=200):
        """Wait until every worker runs and / answers `status` (a 503 when the database cannot)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn exited while starting")
            with contextlib.suppress(OSError):
                answer, _, _ = request(self.port, "GET", "/")
                if answer == status and len(self.worker_pids()) == self.workers:
                    return
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer in time")

    def worker_pids(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def kill_a_worker(self):
        pid = self.worker_pids()[0]
        os.kill(pid, signal.SIGKILL)
        return pid

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def prepare(database_url, tmp_path, slug, migrated=False):
    """Give the database at `database_url` a fresh schema and an open event `slug`; return an app on it.

    `migrated`: made by `flask db upgrade`, as a deployment makes it (the portal creates
    the file), instead of copied from the suite's template. The app is for the test to
    look at what was stored; its connections are closed.
    """
    from pledge.extensions import db
    from tests.builders import make_event
    from tests.conftest import make_app, reset_database
    from tests.databases import flask

    app = make_app(tmp_path, SQLALCHEMY_DATABASE_URI=database_url)
    if migrated:
        upgraded = flask("db", "upgrade", database_url=database_url)
        assert upgraded.returncode == 0, upgraded.stderr
    else:
        reset_database(app)
    with app.app_context():
        make_event(slug=slug)
        db.session.remove()
        db.engine.dispose()
    return app


@contextlib.contextmanager
def serving(database_url, tmp_path, slug, workers=4, preexec_fn=None, migrated=False, **settings):
    """Prepare the database (see `prepare`) and serve it with gunicorn; yield (server, app)."""
    from pledge.extensions import db

    app = prepare(database_url, tmp_path, slug, migrated)
    server = Server(
        database_url, workers=workers, log_path=tmp_path / "gunicorn.log", preexec_fn=preexec_fn, **settings
    )
    try:
        server.wait_ready()
        yield server, app
    finally:
        server.stop()
        with app.app_context():
            db.engine.dispose()


class RedisServer:
    """A redis-server of the test's own on a free local port, which it can stop and start again."""

    def __init__(self, folder):
        self.port = free_port()
        self.folder = folder
        self.process = None

    @property
    def uri(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            cwd=self.folder,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.uri, socket_connect_timeout=0.2)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def keys(self):
        return redis.Redis.from_url(self.uri).keys("*")


def request(port, method, path, body=None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode("utf-8", "replace")
    finally:
        connection.close()


@dataclass
class Outcome:
    phone: str
    status: int | None = None  # the last answer; None when every attempt lost the connection
    retry_after: str | None = None
    attempts: int = 0
    broken_connections: int = 0
    statuses: list = field(default_factory=list)


def sign_once(port, slug, n):
    """Open the form, then send it (again after a broken connection); return the Outcome."""
    phone = f"+62812{n:08d}"
    outcome = Outcome(phone)
    form_page = None
    for _ in range(4):
        try:
            if form_page is None:
                status, headers, html = request(port, "GET", f"/e/{slug}/sign")
                if status != 200:  # the form itself refused (a 503 while the database is away)
                    outcome.status, outcome.retry_after = status, headers.get("Retry-After")
                    outcome.statuses.append(status)
                    time.sleep(min(float(headers.get("Retry-After", "1")), 1.0))
                    continue
                cookie = headers["Set-Cookie"].split(";")[0]
                token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
                agreements = re.findall(r'name="(agree_\d+)"', html)
                form_page = (cookie, token, agreements)
            cookie, token, agreements = form_page
            fields = {
                "csrf_token": token,
                "client_key": f"load-{n}",
                "full_name": f"Penanda Uji {n}",
                "position": "Tokoh Masyarakat",
                "institution": "Desa Uji",
                "category": "youth_community_leader",
                "area": "64.01.05",
                "phone": phone,
                "show_name": "y",
                "signature_drawn": IMAGE,
                **dict.fromkeys(agreements, "y"),
            }
            outcome.attempts += 1
            status, headers, _ = request(
                port,
                "POST",
                f"/e/{slug}/sign",
                body=urllib.parse.urlencode(fields),
                headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"},
            )
        except (OSError, http.client.HTTPException):
            outcome.broken_connections += 1
            time.sleep(0.2)
            continue
        outcome.status, outcome.retry_after = status, headers.get("Retry-After")
        outcome.statuses.append(status)
        if status == 503:
            time.sleep(min(float(headers.get("Retry-After", "1")), 1.0))
            continue
        break
    return outcome


def crowd(port, slug, signers, concurrency, during=None):
    """Sign `signers` times with `concurrency` clients at once; call `during()` midway."""
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        futures = [pool.submit(sign_once, port, slug, n) for n in range(signers)]
        if during is not None:
            while sum(future.done() for future in futures) < signers // 3:
                time.sleep(0.05)
            during()
        return [future.result() for future in futures]


def summarise(name, outcomes, stored_phones, verification):
    accepted = [outcome for outcome in outcomes if outcome.status == 303]
    refused = Counter(str(outcome.status) for outcome in outcomes if outcome.status not in (303, None))
    lost = sum(1 for outcome in accepted if stored_phones.get(outcome.phone, 0) != 1)
    summary = {
        "run": name,
        "attempted": len(outcomes),
        "stored": sum(stored_phones.values()),
        "refused": dict(refused),
        "gave up after broken connections": sum(1 for outcome in outcomes if outcome.status is None),
        "broken connections retried": sum(outcome.broken_connections for outcome in outcomes),
        "lost": lost,
        "log": verification,
    }
    SUMMARIES.append(summary)
    return summary


def stored_state(app, slug):
    """Return what the database holds of event `slug` after a run.

    (phones of the stored records as a Counter, the counters, the log's verification,
    the log's head), read in an app context of their own.
    """
    with app.app_context():
        event = Event.by_slug(slug)
        records = db.session.scalars(
            select(SignatureRecord).where(SignatureRecord.event_id == event.id)
        ).all()
        state = (
            Counter(record.phone for record in records),
            counts_for(event.id),
            transparency.verify(event),
            transparency.head(event),
        )
        db.session.remove()
    return state
