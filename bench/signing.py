"""Signing throughput through gunicorn (2 workers) against the bare-insert ceiling.

Each round loads three routes of the same app for the same time with wrk on
127.0.0.1: a constant answer, a route that only inserts one row, and the real sign
form (CSRF, validation, the drawn strokes, the record), the last at 8
connections (saturated: requests queue) and at 2 (one per worker). The limiter stays
on with a limit wrk cannot reach. Then it keeps signing until 10,000 signatures are
stored (or a time bound) and reads the workers' peak memory. Then the same app with
one worker and one connection: what a second worker adds. Last, the insert route and
signing at 8 connections on PostgreSQL (BENCH_POSTGRES_URL, the local server).
"""

import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from bench.common import ROOT, children, gunicorn, peak_rss_mb, summarise, wrk

ROUNDS = 3
SECONDS = 5
CONNECTIONS = 8
WORKERS = 2
MEMORY_SIGNATURES = 10_000
MEMORY_TIME_BOUND = 150
# The server whose `test` database may create and drop a scratch database for the bench.
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def phone_drawing():
    """A signature as the pad sends it (pledge/strokes.py): a zigzag name and an underline, a point
    every 8 pad units or so, as a finger on a phone gives them."""
    lines = [
        [(80, 380), (210, 120), (330, 400), (460, 150), (600, 390), (750, 120), (920, 320)],
        [(120, 450), (880, 440)],
    ]
    groups = ["1000 500"]
    for line in lines:
        numbers, (x, y) = [*line[0]], line[0]
        for (x0, y0), (x1, y1) in zip(line, line[1:], strict=False):
            steps = max(1, round(max(abs(x1 - x0), abs(y1 - y0)) / 8))
            for step in range(1, steps + 1):
                nx, ny = x0 + (x1 - x0) * step // steps, y0 + (y1 - y0) * step // steps
                numbers += (nx - x, ny - y)
                x, y = nx, ny
        groups.append(" ".join(map(str, numbers)))
    return "_".join(groups)


def prepare_database(folder):
    """Return the URL of a new SQLite database in `folder` with the demo event and the bench's table."""
    url = f"sqlite:///{folder / 'bench.db'}"
    _migrate_with_demo(url)
    import sqlite3

    with sqlite3.connect(folder / "bench.db") as connection:
        connection.execute("CREATE TABLE bench_rows (id INTEGER PRIMARY KEY, payload TEXT)")
    return url


def prepare_postgresql(url):
    """Fill the empty PostgreSQL database at `url` as prepare_database does."""
    from sqlalchemy import create_engine, text

    _migrate_with_demo(url)
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE bench_rows (id SERIAL PRIMARY KEY, payload TEXT)"))
    engine.dispose()


def _migrate_with_demo(url):
    env = {**os.environ, "DATABASE_URL": url, "FLASK_APP": "wsgi", "SECRET_KEY": "bench"}
    for args in (["db", "upgrade"], ["pledge", "demo"]):
        subprocess.run(
            [sys.executable, "-m", "flask", *args], cwd=ROOT, env=env, check=True, capture_output=True
        )


def sign_request(base):
    """GET the form once; return (body, headers) of a valid POST reusable many times."""
    response = urllib.request.urlopen(f"{base}/e/pilkada-damai-paser-2024/sign")  # noqa: S310 (loopback)
    html = response.read().decode()
    cookie = response.headers["Set-Cookie"].split(";")[0]
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    headers = {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}
    return urllib.parse.urlencode(sign_fields(html, token)), headers


def sign_fields(html, token):
    """Return the fields of a valid signing of the form in `html`, as the pad sends them."""
    fields = {
        "csrf_token": token,
        "full_name": "Andi Baso",
        "position": "Camat Tanah Grogot",
        "institution": "Pemerintah Kecamatan Tanah Grogot",
        "category": "camat",
        "area": "64.01.04",
        "show_name": "y",
        "signature_drawn": phone_drawing(),
    }
    for name in re.findall(r'name="(agree_\d+)"', html):
        fields[name] = "y"
    return fields


def count_signatures(folder):
    import sqlite3

    with sqlite3.connect(folder / "bench.db") as connection:
        return connection.execute("SELECT count(*) FROM signatures").fetchone()[0]


def _median(values):
    return sorted(values)[len(values) // 2]


def _env(url):
    # The limiter stays on (its cost is part of signing) with a limit one address can't reach.
    return {
        "DATABASE_URL": url,
        "SECRET_KEY": "bench",
        "SIGN_RATE_LIMIT": "1000000 per minute",
        "PUBLIC_BASE_URL": "http://127.0.0.1",
    }


def run():
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = _env(prepare_database(folder))
        with gunicorn("bench.app:app", env, workers=WORKERS) as (base, process):
            body, headers = sign_request(base)
            sign_url = f"{base}/e/pilkada-damai-paser-2024/sign"
            found = {"constant": [], "insert": [], "sign": [], "sign_paced": []}
            for _ in range(ROUNDS):
                found["constant"].append(wrk(f"{base}/bench/constant", SECONDS, CONNECTIONS))
                found["insert"].append(wrk(f"{base}/bench/insert", SECONDS, CONNECTIONS, "POST", "x=1"))
                found["sign"].append(wrk(sign_url, SECONDS, CONNECTIONS, "POST", body, headers))
                # One connection per worker: no request waits in the queue for another.
                found["sign_paced"].append(wrk(sign_url, SECONDS, WORKERS, "POST", body, headers))
            stored = count_signatures(folder)
            started = time.monotonic()
            while stored < MEMORY_SIGNATURES and time.monotonic() - started < MEMORY_TIME_BOUND:
                wrk(sign_url, SECONDS, CONNECTIONS, "POST", body, headers)
                stored = count_signatures(folder)
            memory = [peak_rss_mb(pid) for pid in children(process.pid)]
        # The same with one worker: what a second worker (a second core, or instance) adds.
        with gunicorn("bench.app:app", env, workers=1) as (base, _):
            body, headers = sign_request(base)
            sign_url = f"{base}/e/pilkada-damai-paser-2024/sign"
            found["sign_alone"] = [wrk(sign_url, SECONDS, 1, "POST", body, headers) for _ in range(ROUNDS)]
    rows = _signing_rows(found)
    rows.append(summarise(f"worker peak memory after {stored:,} signatures", memory, "MB"))
    return rows + _postgresql_rows()


def _postgresql_rows():
    """The insert route and signing at CONNECTIONS connections on PostgreSQL (BENCH_POSTGRES_URL's server)."""
    from tests.databases import scratch_postgresql

    with scratch_postgresql(POSTGRES_URL) as url:
        prepare_postgresql(url)
        with gunicorn("bench.app:app", _env(url), workers=WORKERS) as (base, _):
            body, headers = sign_request(base)
            sign_url = f"{base}/e/pilkada-damai-paser-2024/sign"
            insert, sign = [], []
            for _ in range(ROUNDS):
                insert.append(wrk(f"{base}/bench/insert", SECONDS, CONNECTIONS, "POST", "x=1"))
                sign.append(wrk(sign_url, SECONDS, CONNECTIONS, "POST", body, headers))
    return [
        summarise(
            f"PostgreSQL: bare insert route, {CONNECTIONS} connections", [r["rate"] for r in insert], "req/s"
        ),
        *_against_insert("PostgreSQL: ", insert, sign),
        summarise(
            "PostgreSQL: signing errors (4xx/5xx, socket)",
            [sum(r["errors"] + r["non2xx"] for r in sign)],
            "count",
            target="0",
        ),
    ]


def _against_insert(label, insert, sign):
    """The rows of signing at CONNECTIONS connections: its rate against the insert route's, its p99."""
    rates = [r["rate"] for r in sign]
    return [
        summarise(
            f"{label}signing, {CONNECTIONS} connections",
            rates,
            "sig/s",
            target="≥ 0.50 × insert",
            ratio=_median(rates) / _median([r["rate"] for r in insert]),
            baseline="insert",
        ),
        summarise(
            f"{label}signing latency p99, {CONNECTIONS} connections",
            [r["p99"] for r in sign],
            "ms",
            target="< 100 ms",
        ),
    ]


def _signing_rows(found):
    rates = {name: [r["rate"] for r in runs] for name, runs in found.items()}
    errors = sum(
        r["errors"] + r["non2xx"] for name in ("sign", "sign_paced", "sign_alone") for r in found[name]
    )
    return [
        summarise(f"constant route, {CONNECTIONS} connections", rates["constant"], "req/s"),
        summarise(
            f"bare insert route, {CONNECTIONS} connections",
            rates["insert"],
            "req/s",
            ratio=_median(rates["insert"]) / _median(rates["constant"]),
            baseline="constant",
        ),
        *_against_insert("", found["insert"], found["sign"]),
        summarise("signing, 1 worker, 1 connection", rates["sign_alone"], "sig/s"),
        summarise(
            f"signing, {WORKERS} workers, {WORKERS} connections",
            rates["sign_paced"],
            "sig/s",
            ratio=_median(rates["sign_paced"]) / _median(rates["sign_alone"]),
            baseline="1 worker",
        ),
        summarise(
            f"signing latency p99, {WORKERS} connections",
            [r["p99"] for r in found["sign_paced"]],
            "ms",
            target="< 100 ms",
        ),
        summarise("signing errors (4xx/5xx, socket)", [errors], "count", target="0"),
    ]


if __name__ == "__main__":
    from bench.common import print_table

    print_table(run())
