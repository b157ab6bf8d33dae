"""Benchmark: the certificate queue's drain rate, then the ZIP of what it stored.

N signature records (BENCH_QUEUE_RECORDS, default 1,000) are stored, one job each is
enqueued on the Redis of BENCH_QUEUE_URL (default db 15 of the local Redis; the
`certificates` queue there is emptied first), and one worker (RQ's SimpleWorker in burst
mode, as `flask pledge worker` runs) drains it: certificates per second, rendered,
sealed and stored. The ZIP of the event is then streamed (RUNS times) from the real
stored certificates: MB/s and peak Python memory. Run with `make bench`, or
`make bench-queue` for this part alone.
"""

import os
import statistics
import tempfile
import time
from pathlib import Path

from bench.certificates import make_app, populate
from bench.common import summarise
from bench.downloads import peak_mb, read_only, stream

RECORDS = int(os.environ.get("BENCH_QUEUE_RECORDS", "1000"))
QUEUE_URL = os.environ.get("BENCH_QUEUE_URL", "redis://127.0.0.1:6379/15")
RUNS = 5


def drain(app):
    """Run every queued job in this process; return the seconds it took, and its CPU seconds."""
    from rq import SimpleWorker

    from pledge.certificates.queue import certificate_queue

    jobs = certificate_queue(app)
    start, start_cpu = time.perf_counter(), time.process_time()
    SimpleWorker([jobs], connection=jobs.connection).work(burst=True, logging_level="WARNING")
    return time.perf_counter() - start, time.process_time() - start_cpu


def run():
    from pledge.certificates.queue import certificate_queue, issue_soon
    from pledge.extensions import db
    from pledge.models import Certificate, Event, SignatureRecord

    with tempfile.TemporaryDirectory() as folder:
        app = make_app(Path(folder), QUEUE_URL=QUEUE_URL)
        populate(app, RECORDS)
        with app.test_request_context():
            certificate_queue(app).empty()
            ids = db.session.scalars(db.select(SignatureRecord.id)).all()
            start = time.perf_counter()
            for record_id in ids:
                if not issue_soon(record_id):
                    raise RuntimeError(f"Redis at {QUEUE_URL} does not answer")
            enqueue_seconds = time.perf_counter() - start
            drain_seconds, drain_cpu = drain(app)
            stored = db.session.scalar(db.select(db.func.count()).select_from(Certificate))
            if stored != RECORDS:
                raise RuntimeError(f"{stored} certificates stored by the queue, expected {RECORDS}")
            event = db.session.scalar(db.select(Event))
            runs = [stream(event) for _ in range(RUNS)]
            baseline = [read_only(event) for _ in range(RUNS)]
            streamed_peak = peak_mb(lambda: stream(event))
    seconds = [run[0] for run in runs]
    size_mb = runs[0][1] / 1024 / 1024
    return [
        summarise(f"enqueue {RECORDS} certificate jobs, per job", [enqueue_seconds / RECORDS * 1000], "ms"),
        summarise(
            f"queue drain, one worker ({RECORDS} certificates rendered, sealed, stored)",
            [RECORDS / drain_seconds],
            "cert/s",
        ),
        summarise("  CPU time of the worker per certificate", [drain_cpu / RECORDS * 1000], "ms"),
        summarise(
            f"ZIP of the {RECORDS} certificates the queue stored ({size_mb:.1f} MB), throughput",
            [size_mb / s for s in seconds],
            "MB/s",
            ratio=statistics.median(seconds) / statistics.median(baseline),
            baseline="time reading the PDFs only",
            target="≥ 50 MB/s",
        ),
        summarise("  its peak Python memory (tracemalloc)", [streamed_peak], "MB"),
    ]


if __name__ == "__main__":
    from bench.common import print_table

    print_table(run())
