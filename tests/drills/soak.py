"""A soak: signers at a steady rate for minutes, through gunicorn, Redis limits, PostgreSQL.

`make soak` runs it (SOAK_SECONDS, default 600; SOAK_RATE signatures a second, default 45:
half of the 94 a second `make bench` measured with 8 connections). It prints the workers'
memory slope in MB per 1,000 signatures (after the first minute, when imports and caches
have settled), the p99 of a signer's round trip (open the form, send it) in the first
and the last minute, errors and lost signatures, then exits 1 if any signature was lost
or any answer was not a 303. Not part of `.ci/run`; figures in docs/RELIABILITY.md.
"""

import os
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.conftest import unique_prefix
from tests.databases import scratch_postgresql
from tests.drills.ledger import check_signers
from tests.reliability.harness import Server, prepare, sign_once

SECONDS = int(os.environ.get("SOAK_SECONDS", "600"))
RATE = float(os.environ.get("SOAK_RATE", "45"))
POSTGRES = os.environ.get("TEST_DATABASE_URL") or "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
REDIS_URI = os.environ.get("SOAK_REDIS_URI", "redis://127.0.0.1:6379/11")
SLUG = "deklarasi-panjang"
SAMPLE_EVERY = 5.0


def rss_mb(pid):
    """The resident memory of process `pid` in MB (0 when it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def slope(points):
    """Least-squares slope of (x, y) points."""
    xs, ys = zip(*points, strict=True)
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    var = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / var if var else 0.0


def p99(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] if ordered else float("nan")


def soak(port, workers_of, seconds=SECONDS, rate=RATE):
    """Sign at `rate` a second for `seconds`; return (outcomes, timings, memory samples)."""
    outcomes, timings, samples = [], [], []  # timings: (start offset s, round trip s)
    lock = threading.Lock()
    started = time.monotonic()

    def one(n):
        begun = time.monotonic()
        outcome = sign_once(port, SLUG, n)
        with lock:
            outcomes.append(outcome)
            timings.append((begun - started, time.monotonic() - begun))

    with ThreadPoolExecutor(max_workers=32) as pool:
        n, next_sample = 0, 0.0
        while (elapsed := time.monotonic() - started) < seconds:
            if elapsed >= next_sample:
                with lock:
                    done = len(outcomes)
                pids = workers_of()
                samples.append((done, statistics.fmean(rss_mb(pid) for pid in pids) if pids else 0.0))
                next_sample += SAMPLE_EVERY
            pool.submit(one, n)
            n += 1
            time.sleep(max(0.0, started + n / rate - time.monotonic()))
    return outcomes, timings, samples


def main():
    instance = Path(__file__).resolve().parents[2] / "instance"  # git-ignored
    instance.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=instance) as folder:
        folder = Path(folder)
        with scratch_postgresql(POSTGRES) as url:
            app = prepare(url, folder, SLUG)
            server = Server(
                url,
                workers=2,
                log_path=folder / "gunicorn.log",
                RATELIMIT_STORAGE_URI=REDIS_URI,
                RATELIMIT_KEY_PREFIX=unique_prefix(),
                SIGN_RATE_LIMIT="1000000 per hour",
            )
            try:
                server.wait_ready()
                outcomes, timings, samples = soak(server.port, server.worker_pids)
            finally:
                server.stop()
            row = check_signers(app, SLUG, f"postgresql: soak {SECONDS} s at {RATE:g}/s", outcomes)
            from pledge.extensions import db

            with app.app_context():
                db.engine.dispose()
    warm = samples[int(60 / SAMPLE_EVERY) :] if len(samples) > 60 / SAMPLE_EVERY + 2 else samples
    settled = [(done / 1000, mb) for done, mb in warm]
    first = [t for at, t in timings if at < 60]
    last = [t for at, t in timings if at >= max(0, SECONDS - 60)]
    print(
        f"signatures: {row.accepted} accepted of {len(outcomes)}, 503s {row.unavailable}, 500s {row.errors}, lost {row.lost}, log {row.log}"
    )
    print(
        f"worker memory: {samples[1][1]:.1f} MB at the start, {samples[-1][1]:.1f} MB at the end (mean of the workers)"
    )
    print(f"memory slope after the first minute: {slope(settled):+.2f} MB per 1,000 signatures")
    print(f"round trip p99: first minute {p99(first) * 1000:.0f} ms, last minute {p99(last) * 1000:.0f} ms")
    return 0 if row.lost == 0 and row.accepted == len(outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
