"""`make bench`: run every benchmark of the project and print one table.

Each module in MODULES has a `run()` returning rows (bench/common.Row). Timings on
shared machines are noisy: each figure is a median over repeated runs, with its p95,
and a ratio to a baseline measured in the same run.
"""

import importlib
import os
import platform
import sys
import time

from bench.common import print_table

MODULES = [
    "bench.inprocess",
    "bench.signing",
    "bench.certificates",
    "bench.wall",
    "bench.downloads",
    "bench.certificate_queue",
]


def main(names):
    started = time.monotonic()
    rows = []
    for name in names or MODULES:
        module = importlib.import_module(name)
        print(f"running {name} …", file=sys.stderr, flush=True)
        rows.extend(module.run())
    print(
        f"\nmachine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"{time.monotonic() - started:.0f} s\n"
    )
    print_table(rows)


if __name__ == "__main__":
    main(sys.argv[1:])
