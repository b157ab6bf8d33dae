"""Benchmark: render and seal one certificate; build the official record of 1,000 signatories.

Not a test: it prints figures (median, p95, and ratios against baselines measured in
the same run) for docs/PERFORMANCE.md. Run it with `make bench-certs`.
"""

import io
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RUNS = 60
SIGNATORIES = 1000


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def timed(function, runs=RUNS):
    """Return (median ms, p95 ms, median CPU ms) of `function` after one warm-up call.

    The CPU time of this process shows the cost apart from waiting for a core, which
    on a shared 2-core machine can double the wall-clock figures.
    """
    function()
    samples, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        function()
        samples.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(samples), percentile(samples, 0.95), statistics.median(cpu)


def make_app(folder, **overrides):
    from pledge import create_app

    return create_app(
        {
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.db'}",
            "PUBLIC_BASE_URL": "https://damai.example.id",
            "SEAL_KEY_PATH": str(folder / "key.pem"),
            "SEAL_CERT_PATH": str(folder / "cert.pem"),
            **overrides,
        }
    )


def scribble(rng):
    """A drawn signature like the pad sends: three to five strokes of 30 to 150 points, varied."""
    from pledge import strokes

    height, groups = 529, []
    for _ in range(rng.randint(3, 5)):
        x, y = rng.randint(50, 400), rng.randint(100, 400)
        numbers = [x, y]
        for _ in range(rng.randint(30, 150)):
            dx, dy = rng.randint(-3, 12), rng.randint(-15, 15)
            dx, dy = min(max(x + dx, 0), 1000) - x, min(max(y + dy, 0), height) - y
            x, y = x + dx, y + dy
            numbers += (dx, dy)
        groups.append(" ".join(map(str, numbers)))
    return strokes.parse("_".join([f"1000 {height}", *groups])).encode()


def populate(app, count):
    """Create the demo event with `count` valid signatories (one transaction)."""
    from pledge import regions
    from pledge.demo import load_demo
    from pledge.extensions import db
    from pledge.models import SignatureRecord, utcnow

    rng = random.Random(2024)  # noqa: S311 - test data, not secrets
    with app.app_context():
        db.create_all()
        regions.load()
        event = load_demo()
        versions = event.current_versions()
        now = utcnow()
        for n in range(count):
            db.session.add(
                SignatureRecord(
                    event=event,
                    full_name=f"Penanda Tangan Nomor {n} bin Fulan",
                    position="Kepala Desa",
                    institution=f"Pemerintah Desa {n % 97}",
                    category="village_head",
                    area_code="64.01.05",
                    signature_strokes=scribble(rng),
                    signature_method="drawn",
                    signed_at=now,
                    versions=versions,
                )
            )
        db.session.commit()


def bench_certificate(folder):
    from reportlab.pdfgen import canvas

    from pledge.certificates.render import CertificateContent, render_certificate
    from pledge.certificates.seal import seal
    from pledge.certificates.store import build_certificate
    from pledge.models import SignatureRecord
    from pledge.urls import verify_url

    app = make_app(folder)
    with app.app_context():
        record = SignatureRecord.query.first()

        def bare():
            out = io.BytesIO()
            page = canvas.Canvas(out)
            page.drawString(72, 720, "Pilkada Damai")
            page.save()

        content = CertificateContent.of(record, verify_url(record), "Portal Pilkada Damai")
        rendered = render_certificate(content)
        return {
            "bare one-line reportlab PDF": timed(bare),
            "certificate render only": timed(lambda: render_certificate(content)),
            "seal only (cached key)": timed(lambda: seal(rendered, "bench")),
            "certificate render + seal": timed(lambda: build_certificate(record)),
        }


def print_certificate(figures):
    baseline = figures["bare one-line reportlab PDF"][0]
    cpu_baseline = figures["bare one-line reportlab PDF"][2]
    print(f"Certificate ({RUNS} runs each, milliseconds)")
    for name, (median, p95, cpu) in figures.items():
        print(
            f"  {name:32s} median {median:7.2f}  p95 {p95:7.2f}  CPU {cpu:7.2f}"
            f"  ratio to bare {median / baseline:6.1f}x (CPU {cpu / cpu_baseline:6.1f}x)"
        )
    ratio = figures["certificate render + seal"][0] / baseline
    print(f"  target: render + seal <= 50 x the bare PDF -> {'met' if ratio <= 50 else 'NOT met'}")


def build_record_in_child(folder):
    """Build the record in a fresh process, so its peak memory is the record's own."""
    code = (
        "import sys, io, time, resource; sys.path.insert(0, sys.argv[2]);"
        "from pathlib import Path; from bench.certificates import make_app;"
        "app = make_app(Path(sys.argv[1]));"
        "ctx = app.app_context(); ctx.push();"
        "from pledge.models import Event; from pledge.certificates.record import record_pdf;"
        "event = Event.query.first(); before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss;"
        "out = io.BytesIO(); cpu = time.process_time(); start = time.perf_counter(); record_pdf(event, out);"
        "elapsed = time.perf_counter() - start; cpu = time.process_time() - cpu;"
        "print(elapsed, before, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, len(out.getvalue()), cpu)"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", code, str(folder), str(ROOT)], capture_output=True, text=True, check=True
    )
    elapsed, before, peak, size, cpu = result.stdout.split()
    return float(elapsed), int(before) / 1024, int(peak) / 1024, int(size), float(cpu)


def measure():
    """Return (certificate figures, record runs) measured on 1,000 signatories."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        populate(make_app(folder), SIGNATORIES)
        figures = bench_certificate(folder)
        runs = [build_record_in_child(folder) for _ in range(3)]
    return figures, runs


def run():
    """The certificates' rows of `make bench`'s table."""
    from bench.common import Row, summarise

    figures, runs = measure()
    bare = figures["bare one-line reportlab PDF"][0]
    rows = []
    for name, (median, p95, cpu) in figures.items():
        target = "≤ 50 × bare PDF" if name == "certificate render + seal" else ""
        ratio = None if name.startswith("bare") else median / bare
        rows.append(Row(f"{name} (CPU {cpu:.1f} ms)", median, p95, "ms", ratio, "bare PDF", target))
    rows.append(summarise(f"official record of {SIGNATORIES:,}", [r[0] for r in runs], "s", target="≤ 5 s"))
    rows.append(summarise("official record peak memory", [r[2] for r in runs], "MB", target="≤ 250 MB"))
    return rows


def certificate_only(count=5):
    """Measure the certificate alone (`make bench-seal`, well under a minute): RUNS runs each."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        populate(make_app(folder), count)
        print_certificate(bench_certificate(folder))


def main():
    if "--certificate-only" in sys.argv:
        certificate_only()
        return
    start = time.perf_counter()
    figures, runs = measure()
    print(f"Set-up and measures for {SIGNATORIES} signatories in {time.perf_counter() - start:.1f} s")
    print_certificate(figures)
    elapsed = [run[0] for run in runs]
    print(f"Official record of {SIGNATORIES} signatories (3 runs, each in a fresh process)")
    cpu = statistics.median(run[4] for run in runs)
    print(f"  seconds: median {statistics.median(elapsed):.2f}  worst {max(elapsed):.2f}  CPU {cpu:.2f}")
    print(
        f"  peak RSS: {max(run[2] for run in runs):.0f} MB "
        f"(the process held {min(run[1] for run in runs):.0f} MB before building; "
        f"PDF {runs[0][3] / 1024 / 1024:.1f} MB)"
    )
    ok = statistics.median(elapsed) <= 5 and max(run[2] for run in runs) <= 250
    print(f"  target: <= 5 s and <= 250 MB peak -> {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main()
