"""Benchmark the transparency log: proofs at 100,000 leaves, and the log's share of signing.

- Inclusion proofs in a tree of 100,000 leaves: the size of a proof (hashes) and the
  time a reader's check takes (pledge.merkle.verify_inclusion), over random leaves.
- What the portal pays to answer a proof at that size from its database (pledge.proofs,
  as /verify and /e/<slug>/log/inclusion do): the first proof fills the node cache, the
  later ones read a few cached subtree hashes and at most 256 leaves per small subtree.
- Signing through the real form in-process (Flask's test client: the form, the image,
  the record, the log, the counters; no network), with the time spent in
  transparency.append_leaf measured inside the same requests.

Run with `python bench/log.py`; `make bench` includes its rows. Quick: well under 60 s.
"""

import argparse
import contextlib
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.wall import make_event  # noqa: E402
from pledge import create_app, merkle, proofs, regions, transparency  # noqa: E402
from pledge.extensions import db  # noqa: E402
from pledge.models import LogEntry, LogHead  # noqa: E402
from tests.builders import form_data  # noqa: E402

LEAVES = 100_000
PROOFS = 50


def _ms(seconds):
    return seconds * 1000


def proofs_in_memory(leaves=LEAVES, proofs=PROOFS, repeats=200):
    """Return (proof sizes, check times in ms, proof build times in ms) at `leaves` leaves."""
    hashes = [
        merkle.leaf_hash(f"signature|2024-08-12T01:00:00.000000Z|{n:064x}|consent=1".encode())
        for n in range(leaves)
    ]
    root = merkle.root(hashes)
    chosen = random.Random(15).sample(range(leaves), proofs)  # noqa: S311 (which leaves to time, not a secret)
    sizes, checks, builds = [], [], []
    for index in chosen:
        started = time.perf_counter()
        proof = merkle.inclusion_proof(hashes, index)
        builds.append(_ms(time.perf_counter() - started))
        sizes.append(len(proof))
        started = time.perf_counter()
        for _ in range(repeats):
            merkle.verify_inclusion(index, leaves, hashes[index], proof, root)
        checks.append(_ms(time.perf_counter() - started) / repeats)
    return sizes, checks, builds


def _app(folder):
    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(folder) / 'bench.db'}",
            "SECRET_KEY": "bench",
            "PUBLIC_BASE_URL": "https://damai.example.id",
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "LOG_KEY_PATH": str(Path(folder) / "log_key.pem"),
            "SEAL_KEY_PATH": str(Path(folder) / "seal_key.pem"),
            "SEAL_CERT_PATH": str(Path(folder) / "seal_certificate.pem"),
        }
    )


@contextlib.contextmanager
def _event_on_a_fresh_database():
    """Yield (app, event) inside the app's context: a new SQLite database with the regions and one open event."""
    with tempfile.TemporaryDirectory() as folder:
        app = _app(folder)
        with app.app_context():
            db.create_all()
            regions.load()
            yield app, make_event()
            db.session.remove()
            db.engine.dispose()


def proof_from_database(leaves=LEAVES, runs=200):
    """Seed `leaves` log rows in bulk; return the time (ms) of the first proof (which fills the
    node cache) and of proofs of random leaves after it."""
    with _event_on_a_fresh_database() as (_, event):
        first = datetime(2024, 8, 12, 1, 0, tzinfo=UTC)
        frontier = []
        for low in range(0, leaves, 10_000):
            rows = []
            for n in range(low, min(low + 10_000, leaves)):
                entry = LogEntry(seq=n + 1, epoch=1, leaf_index=n, at=first + timedelta(seconds=n), kind="amendment", fingerprint=f"{n:064x}", consent=True)  # fmt: skip
                frontier = merkle.append(frontier, n, merkle.leaf_hash(transparency.leaf_data(entry)))
                rows.append({"event_id": event.id, "seq": n + 1, "epoch": 1, "leaf_index": n, "at": entry.at,
                             "kind": entry.kind, "fingerprint": entry.fingerprint, "consent": True})  # fmt: skip
            db.session.execute(insert(LogEntry.__table__), rows)
        db.session.add(LogHead(event_id=event.id, seq=leaves, epoch=1, size=leaves, frontier="", root=merkle.frontier_root(frontier).hex()))  # fmt: skip
        db.session.commit()
        started = time.perf_counter()
        proofs.inclusion(event, 0, leaves)  # cold: fills the node cache
        cold = _ms(time.perf_counter() - started)
        times = []
        for index in random.Random(9).sample(range(leaves), runs):  # noqa: S311 (not a secret)
            started = time.perf_counter()
            proofs.inclusion(event, index, leaves)
            times.append(_ms(time.perf_counter() - started))
    return cold, times


def signing_share(signings=200):
    """Sign `signings` times through the form; return (request ms list, append ms list)."""
    requests, appends = [], []
    original = transparency.append_leaf

    def timed_append(*args, **kwargs):
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            appends.append(_ms(time.perf_counter() - started))

    with _event_on_a_fresh_database() as (app, event):
        client = app.test_client()
        transparency.append_leaf = timed_append
        try:
            for n in range(signings):
                data = form_data(event, phone=f"0812{n:08d}", full_name=f"Penanda {n}")
                started = time.perf_counter()
                response = client.post(f"/e/{event.slug}/sign", data=data)
                requests.append(_ms(time.perf_counter() - started))
                if response.status_code != 303:
                    raise SystemExit(f"signing answered {response.status_code}")
        finally:
            transparency.append_leaf = original
    return requests, appends


def measure(leaves=LEAVES, signings=200):
    sizes, checks, builds = proofs_in_memory(leaves)
    return {
        "leaves": leaves,
        "sizes": sizes,
        "checks": checks,
        "builds": builds,
        "database": proof_from_database(leaves),
        "signing": signing_share(signings),
    }


def run():
    """The log's rows of `make bench`'s table."""
    from bench.common import summarise

    found = measure()
    requests, appends = found["signing"]
    share = sum(appends) / sum(requests)
    at = f"{found['leaves']:,}"
    return [
        summarise(f"inclusion proof size at {at} leaves", found["sizes"], "hashes", target="≤ 20"),
        summarise(f"inclusion proof check at {at} leaves", found["checks"], "ms", target="≤ 1 ms"),
        summarise(f"inclusion proof built from {at} leaf hashes in memory", found["builds"], "ms"),
        summarise(
            f"inclusion proof from the database at {at}, first (fills the cache)",
            [found["database"][0]],
            "ms",
        ),
        summarise(f"inclusion proof from the database at {at}", found["database"][1], "ms"),
        summarise("signing request, in-process (the real form)", requests, "ms"),
        summarise(
            "log append inside that signing",
            appends,
            "ms",
            ratio=share,
            baseline="signing request",
            target="≤ 0.10 ×",
        ),
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leaves", type=int, default=LEAVES)
    parser.add_argument("--signings", type=int, default=200)
    options = parser.parse_args()
    found = measure(options.leaves, options.signings)
    requests, appends = found["signing"]
    print(
        f"proof size at {found['leaves']:,}: median {statistics.median(found['sizes'])}, max {max(found['sizes'])} hashes"
    )
    print(
        f"proof check: median {statistics.median(found['checks']):.4f} ms, max {max(found['checks']):.4f} ms"
    )
    print(f"proof built in memory: median {statistics.median(found['builds']):.1f} ms")
    cold, warm = found["database"]
    print(
        f"proof from the database: first {cold:.0f} ms, then median {statistics.median(warm):.2f} ms, p95 {sorted(warm)[int(0.95 * len(warm))]:.2f} ms"
    )
    print(
        f"signing request: median {statistics.median(requests):.2f} ms; log append: median {statistics.median(appends):.3f} ms"
    )
    print(f"log's share of signing: {sum(appends) / sum(requests):.1%}")


if __name__ == "__main__":
    main()
