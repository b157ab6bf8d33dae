"""Shared pieces of the benchmarks: a result row, the table, a gunicorn server, wrk."""

import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Row:
    """One figure of the table: its median and p95 over repeated runs, and a ratio."""

    figure: str
    median: float
    p95: float
    unit: str
    ratio: float | None = None
    baseline: str = ""
    target: str = ""

    def cells(self):
        ratio = f"{self.ratio:.2f} × {self.baseline}" if self.ratio is not None else ""
        return [self.figure, f"{self.median:,.2f}", f"{self.p95:,.2f}", self.unit, ratio, self.target]


def p95(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def summarise(figure, values, unit, **extra):
    return Row(figure, statistics.median(values), p95(values), unit, **extra)


def print_table(rows, out=sys.stdout):
    header = ["figure", "median", "p95", "unit", "ratio to baseline", "target"]
    table = [header] + [row.cells() for row in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    for index, line in enumerate(table):
        out.write("| " + " | ".join(cell.ljust(widths[i]) for i, cell in enumerate(line)) + " |\n")
        if index == 0:
            out.write("|" + "|".join("-" * (w + 2) for w in widths) + "|\n")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(app_spec, env, workers=2):
    """Run gunicorn with the production settings on a free port of 127.0.0.1; yield its URL."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"), app_spec],
        cwd=ROOT,
        env={**os.environ, **env, "BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": str(workers)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(url + "/healthz", timeout=2).read()  # noqa: S310 (loopback only)
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.2)
        yield url, process
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


WRK_REPORT = """
done = function(summary, latency, requests)
  io.write(string.format('{"requests": %d, "seconds": %f, "errors": %d, "non2xx": %d, '
    .. '"p50": %f, "p95": %f, "p99": %f}\\n',
    summary.requests, summary.duration / 1e6,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
"""


def wrk(url, seconds=5, connections=8, method="GET", body="", headers=None):
    """Load `url` with wrk (bounded in time); return its summary as a dict.

    Keys: requests, seconds, rate (requests/s), errors, non2xx, p50, p95, p99 (ms).
    """
    lines = [f'wrk.method = "{method}"', f"wrk.body = {json.dumps(body)}"]
    for name, value in (headers or {}).items():
        lines.append(f"wrk.headers[{json.dumps(name)}] = {json.dumps(value)}")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write("\n".join(lines) + WRK_REPORT)
    try:
        result = subprocess.run(
            [
                "wrk",
                f"-t{min(2, connections)}",
                f"-c{connections}",
                f"-d{seconds}s",
                "--timeout",
                "10s",
                "-s",
                script.name,
                url,
            ],
            capture_output=True,
            text=True,
            timeout=seconds + 60,
            check=True,
        )
    finally:
        os.unlink(script.name)
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    summary["rate"] = summary["requests"] / summary["seconds"]
    return summary


def peak_rss_mb(pid):
    """Return the peak resident memory (VmHWM) of a process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def children(pid):
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []
