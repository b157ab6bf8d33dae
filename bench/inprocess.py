"""CPU per signing in-process, against the bare-insert request of the same app.

No server and no network: Flask's test client sends the real sign form (CSRF on,
validation, the signature, the record, the log entry, the counters) and the bench's
bare-insert route, alternately in rounds, and time.process_time() counts what each
request costs this process. The ratio is what issue 16 sets its target on (≤ 3×).
"""

import os
import re
import statistics
import tempfile
import time
from pathlib import Path

from bench.common import summarise
from bench.signing import prepare_database, sign_fields

ROUNDS = 5
PER_ROUND = 80
SLUG = "pilkada-damai-paser-2024"


def _cpu_ms(send, count):
    """Return the median CPU milliseconds of `count` calls of send()."""
    costs = []
    for n in range(count):
        started = time.process_time()
        response = send(n)
        costs.append((time.process_time() - started) * 1000)
        if response.status_code not in (200, 303):
            raise RuntimeError(f"the bench request answered {response.status_code}")
    return statistics.median(costs)


def run():
    with tempfile.TemporaryDirectory() as tmp:
        url = prepare_database(Path(tmp))
        os.environ.update(
            {
                "DATABASE_URL": url,
                "SECRET_KEY": "bench",
                "SIGN_RATE_LIMIT": "1000000 per minute",
                "PUBLIC_BASE_URL": "http://127.0.0.1",
            }
        )
        from bench.app import app

        client = app.test_client()
        html = client.get(f"/e/{SLUG}/sign").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
        fields = sign_fields(html, token)
        sign = [
            _cpu_ms(
                lambda n, r=r: client.post(f"/e/{SLUG}/sign", data={**fields, "full_name": f"Andi {r}-{n}"}),
                PER_ROUND,
            )
            for r in range(ROUNDS)
        ]
        insert = [
            _cpu_ms(lambda n: client.post("/bench/insert", data={"x": "1"}), PER_ROUND) for _ in range(ROUNDS)
        ]
        constant = [_cpu_ms(lambda n: client.get("/bench/constant"), PER_ROUND) for _ in range(ROUNDS)]
        from pledge.extensions import db

        with app.app_context():
            db.engine.dispose()
    ratio = statistics.median(sign) / statistics.median(insert)
    return [
        summarise("in-process CPU, constant route", constant, "ms"),
        summarise("in-process CPU, bare insert request", insert, "ms"),
        summarise(
            "in-process CPU per signing",
            sign,
            "ms",
            ratio=ratio,
            baseline="bare insert",
            target="≤ 3 × bare insert",
        ),
    ]
