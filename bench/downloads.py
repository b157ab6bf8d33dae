"""Benchmark: stream the ZIP of an event's certificates, stored or rendered on the way.

(a) 1,000 signature records whose certificates are all stored: time, MB/s and the peak
    Python memory (tracemalloc) of streaming the whole ZIP, against two baselines of the
    same run: reading the same PDFs from the database without writing a ZIP (time), and
    building the same ZIP in memory (peak memory).
(b) Certificates not rendered yet: each one is rendered, sealed and stored on the way.
    Rendering costs tens of milliseconds each, so this uses 50 records and reports the
    time per certificate (extrapolated: 1,000 take twenty times as long).

The stored certificates of (a) are copies of one real certificate (one byte apart, so
no two are identical); rendering 1,000 would take a minute of its own. Run with
`make bench` (or `make bench-downloads` for this part alone).
"""

import hashlib
import io
import statistics
import tempfile
import time
import tracemalloc
import zipfile
from pathlib import Path

from bench.certificates import make_app, populate
from bench.common import summarise

STORED = 1000
UNRENDERED = 50
RUNS = 5


def _event():
    from pledge.models import Event

    return Event.query.first()


def stream(event, cpu=None):
    """Consume the streamed ZIP; return (seconds, bytes); append the CPU seconds to `cpu`."""
    from pledge.certificates.archive import certificates_zip

    start, start_cpu, size = time.perf_counter(), time.process_time(), 0
    for piece in certificates_zip(event):
        size += len(piece)
    if cpu is not None:
        cpu.append(time.process_time() - start_cpu)
    return time.perf_counter() - start, size


def peak_mb(function):
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1] / 1024 / 1024
    finally:
        tracemalloc.stop()


def read_only(event):
    """Baseline: read every stored PDF, in the same batched query, without writing a ZIP."""
    from pledge.certificates.archive import members

    start = time.perf_counter()
    for member in members(event):
        len(member.pdf)
    return time.perf_counter() - start


def in_memory_zip(event):
    """Baseline: the naive download, every PDF gathered into one ZIP in memory."""
    from pledge.certificates.archive import member_name
    from pledge.models import Certificate, SignatureRecord

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for record in SignatureRecord.query.filter_by(event_id=event.id).all():
            archive.writestr(member_name(record), Certificate.for_record(record).pdf)
    return out.getvalue()


def store_copies(template):
    """Store a certificate for every record: `template` with a distinct trailing comment."""
    from pledge.extensions import db
    from pledge.models import Certificate, SignatureRecord

    for record in SignatureRecord.query.all():
        pdf = template + f"\n%bench {record.id}\n".encode()
        db.session.add(Certificate(record=record, pdf=pdf, sha256=hashlib.sha256(pdf).hexdigest()))
    db.session.commit()


def bench_stored(folder):
    from pledge.certificates.store import build_certificate
    from pledge.models import SignatureRecord

    app = make_app(folder)
    populate(app, STORED)
    with app.test_request_context():
        store_copies(build_certificate(SignatureRecord.query.first()))
        event = _event()
        stream(event)  # warm-up
        runs = [stream(event) for _ in range(RUNS)]
        baseline = [read_only(event) for _ in range(RUNS)]
        streamed_peak = peak_mb(lambda: stream(event))
        naive_peak = peak_mb(lambda: in_memory_zip(event))
    seconds = [run[0] for run in runs]
    size_mb = runs[0][1] / 1024 / 1024
    read = statistics.median(baseline)
    return [
        summarise(
            f"ZIP of {STORED} stored certificates ({size_mb:.1f} MB), streamed",
            seconds,
            "s",
            ratio=statistics.median(seconds) / read,
            baseline="reading the PDFs only",
        ),
        summarise(f"ZIP of {STORED} stored certificates, throughput", [size_mb / s for s in seconds], "MB/s"),
        summarise(
            f"ZIP of {STORED} stored certificates, peak Python memory (tracemalloc)",
            [streamed_peak],
            "MB",
            ratio=streamed_peak / naive_peak,
            baseline=f"ZIP built in memory ({naive_peak:.1f} MB)",
        ),
    ]


def bench_unrendered(folder):
    from pledge.extensions import db
    from pledge.models import Certificate

    app = make_app(folder)
    populate(app, UNRENDERED)
    per_certificate, cpu, peaks = [], [], []
    with app.test_request_context():
        event = _event()
        for measure_memory in (False, True):
            db.session.query(Certificate).delete()
            db.session.commit()
            if measure_memory:  # tracemalloc slows Python down: its run is not timed
                peaks.append(peak_mb(lambda: stream(event)))
            else:
                seconds, _ = stream(event, cpu)
                per_certificate.append(seconds / UNRENDERED * 1000)
        stored = db.session.query(Certificate).count()
    if stored != UNRENDERED:
        raise RuntimeError(f"{stored} certificates stored on the way, expected {UNRENDERED}")
    return [
        summarise(
            f"ZIP, certificates rendered on the way ({UNRENDERED} records), per certificate",
            per_certificate,
            "ms",
            target=f"≈ {per_certificate[0] * STORED / 1000:.0f} s for {STORED}",
        ),
        summarise("  of which CPU time of this process", [c / UNRENDERED * 1000 for c in cpu], "ms"),
        summarise(f"ZIP, rendered on the way ({UNRENDERED} records), peak Python memory", peaks, "MB"),
    ]


def run():
    with tempfile.TemporaryDirectory() as stored, tempfile.TemporaryDirectory() as unrendered:
        return bench_stored(Path(stored)) + bench_unrendered(Path(unrendered))


if __name__ == "__main__":
    from bench.common import print_table

    print_table(run())
