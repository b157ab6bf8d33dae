"""Benchmark the wall: first page against a page 500 pages deep, and the counts' cost.

Seeds signatures in bulk into a temporary SQLite database, then times the app's own
handling of each request (Flask's test client: routing, queries, rendering; no network).
Run with `make bench-wall`; options: --signatures, --runs, --image-bytes.
"""

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, insert, inspect, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pledge import create_app, regions  # noqa: E402
from pledge.extensions import db  # noqa: E402
from pledge.models import Document, Event, SignatureRecord, counts_for, recount  # noqa: E402
from pledge.reference import CATEGORIES  # noqa: E402
from pledge.wall.listing import PAGE_SIZE, Cursor  # noqa: E402

DEEP_PAGE = 500
BATCH = 10_000


def make_event():
    event = Event(
        slug="bench",
        title="Deklarasi Pilkada Damai (bench)",
        place="Tana Paser",
        region_code="64.01",
        held_on=datetime(2024, 8, 12, tzinfo=UTC).date(),
        state="open",
    )
    db.session.add(event)
    document = Document(event=event, key="declaration", position=0)
    db.session.add(document)
    document.revise("Naskah", "Isi.")
    db.session.commit()
    return event


def seed(event, start, stop, image_bytes):
    """Insert signatures start..stop-1 in bulk: a few per second, some sharing a second."""
    categories = list(CATEGORIES)
    areas = [area.code for area in regions.breakdown(event)]
    image = bytes(range(256)) * (image_bytes // 256) + bytes(image_bytes % 256)
    first = datetime(2024, 8, 12, 1, 0, tzinfo=UTC)
    table = SignatureRecord.__table__
    for low in range(start, stop, BATCH):
        rows = [
            {
                "event_id": event.id,
                "full_name": f"Penanda Tangan {n:06d}",
                "position": "Tokoh Masyarakat",
                "institution": f"Lembaga {n % 97}",
                "category": categories[n % len(categories)],
                "area_code": areas[n % len(areas)] if n % 7 else None,
                "phone": f"+62812{n:08d}",
                "signature_image": image,
                "signature_method": "drawn",
                "show_name": n % 4 != 0,
                "signed_at": first + timedelta(seconds=n // 3),
                "certificate_number": f"B{n:09d}",
                "access_key": f"key-{n:09d}",
                "state": "revoked" if n % 500 == 499 else "valid",
            }
            for n in range(low, min(low + BATCH, stop))
        ]
        db.session.execute(insert(table), rows)
        db.session.commit()
    recount(event.id)
    db.session.commit()


def timed(call, runs):
    """Return the call's durations in milliseconds, after two warm-up calls."""
    for _ in range(2):
        call()
    durations = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        durations.append((time.perf_counter() - started) * 1000)
    return durations


def summary(durations):
    ordered = sorted(durations)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return statistics.median(ordered), p95


def get(client, url):
    def call():
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")

    return call


def deep_cursor(event, pages):
    """The cursor a reader holds after `pages` pages (found once, with an offset)."""
    query = (
        select(SignatureRecord.signed_at, SignatureRecord.id)
        .where(SignatureRecord.event_id == event.id, SignatureRecord.state == "valid")
        .order_by(SignatureRecord.signed_at.desc(), SignatureRecord.id.desc())
        .offset(pages * PAGE_SIZE - 1)
        .limit(1)
    )
    return Cursor.of(db.session.execute(query).one())


def naive_counts(event):
    """What the counters spare: counting the table per group on every request."""
    valid = (SignatureRecord.event_id == event.id, SignatureRecord.state == "valid")
    db.session.execute(select(func.count()).where(*valid)).all()
    db.session.execute(
        select(SignatureRecord.category, func.count()).where(*valid).group_by("category")
    ).all()
    db.session.execute(
        select(SignatureRecord.area_code, func.count()).where(*valid).group_by("area_code")
    ).all()


def line(label, durations):
    median, p95 = summary(durations)
    print(f"  {label:<44} median {median:7.2f} ms   p95 {p95:7.2f} ms")
    return median


def measure(signatures=100_000, runs=200, image_bytes=2048, database_url=None):
    """Seed and time the wall; return a dict of duration lists (milliseconds)."""
    small = signatures // 10
    found = {}
    with tempfile.TemporaryDirectory() as folder:
        url = database_url or f"sqlite:///{Path(folder) / 'bench.db'}"
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": url,
                "SECRET_KEY": "bench",
                "PUBLIC_BASE_URL": "https://damai.example.id",
            }
        )
        with app.app_context():
            if inspect(db.engine).get_table_names():
                raise SystemExit("the database is not empty: the bench only runs on an empty one")
            db.create_all()
            regions.load()
            event = make_event()
            client = app.test_client()
            found["engine"] = db.engine.dialect.name
            seed(event, 0, small, image_bytes)
            found["counts_small"] = timed(lambda: counts_for(event.id), runs)
            found["naive_small"] = timed(lambda: naive_counts(event), max(10, runs // 10))
            seed(event, small, signatures, image_bytes)
            found["counts_large"] = timed(lambda: counts_for(event.id), runs)
            found["naive_large"] = timed(lambda: naive_counts(event), max(10, runs // 10))

            cursor = deep_cursor(event, DEEP_PAGE)
            first_url = f"/e/{event.slug}/signatories"
            deep_url = f"{first_url}?after={cursor}"
            # Interleave first and deep pages so that both see the same machine load.
            found["first"], found["deep"] = [], []
            for _ in range(runs // 10):
                found["first"] += timed(get(client, first_url), 10)
                found["deep"] += timed(get(client, deep_url), 10)
            found["json_first"] = timed(get(client, f"/e/{event.slug}/signatories.json"), runs // 2)
            found["json_deep"] = timed(
                get(client, f"/e/{event.slug}/signatories.json?after={cursor}"), runs // 2
            )
            db.session.remove()
            if database_url:
                db.drop_all()
            db.engine.dispose()
    found["small"], found["large"] = small, signatures
    return found


def run():
    """The wall's rows of `make bench`'s table."""
    from bench.common import summarise

    found = measure()
    first = statistics.median(found["first"])
    json_first = statistics.median(found["json_first"])
    small, large = f"{found['small']:,}", f"{found['large']:,}"
    counters_small = statistics.median(found["counts_small"])
    return [
        summarise(f"wall HTML, first page ({large} signatures)", found["first"], "ms", target="≤ 15 ms"),
        summarise(
            f"wall HTML, page {DEEP_PAGE}",
            found["deep"],
            "ms",
            ratio=statistics.median(found["deep"]) / first,
            baseline="first page",
            target="≤ 1.2 × first",
        ),
        summarise("wall JSON, first page", found["json_first"], "ms"),
        summarise(
            f"wall JSON, page {DEEP_PAGE}",
            found["json_deep"],
            "ms",
            ratio=statistics.median(found["json_deep"]) / json_first,
            baseline="first page",
        ),
        summarise(f"wall counters at {small}", found["counts_small"], "ms"),
        summarise(
            f"wall counters at {large}",
            found["counts_large"],
            "ms",
            ratio=statistics.median(found["counts_large"]) / counters_small,
            baseline=f"at {small}",
            target="independent of size",
        ),
        summarise(
            f"COUNT/GROUP BY at {large} (not used)",
            found["naive_large"],
            "ms",
            ratio=statistics.median(found["naive_large"]) / statistics.median(found["naive_small"]),
            baseline=f"at {small}",
        ),
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--signatures", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--image-bytes", type=int, default=2048, help="size of each stored signature image")
    parser.add_argument(
        "--database-url", help="an EMPTY database to use instead of a temporary SQLite file (e.g. PostgreSQL)"
    )
    options = parser.parse_args()
    found = measure(options.signatures, options.runs, options.image_bytes, options.database_url)
    print(f"wall bench: {found['engine']}, {options.runs} runs per figure, {options.image_bytes} B images")
    print(f"\nwall page ({PAGE_SIZE} rows, HTML, {options.signatures:,} signatures)")
    first_median = line("first page", found["first"])
    deep_median = line(f"page {DEEP_PAGE} (cursor)", found["deep"])
    print(f"  ratio deep / first (median)                  {deep_median / first_median:.2f}")
    print("json page")
    json_first_median = line("first page", found["json_first"])
    json_deep_median = line(f"page {DEEP_PAGE} (cursor)", found["json_deep"])
    print(f"  ratio deep / first (median)                  {json_deep_median / json_first_median:.2f}")
    print("counts (the wall's totals)")
    small_median = line(f"counters at {found['small']:,} signatures", found["counts_small"])
    large_median = line(f"counters at {found['large']:,} signatures", found["counts_large"])
    print(f"  ratio large / small (median)                 {large_median / small_median:.2f}")
    naive_small_median = line(f"COUNT/GROUP BY at {found['small']:,} (not used)", found["naive_small"])
    naive_large_median = line(f"COUNT/GROUP BY at {found['large']:,} (not used)", found["naive_large"])
    print(f"  ratio large / small (median)                 {naive_large_median / naive_small_median:.2f}")


if __name__ == "__main__":
    main()
