"""What each failure drill measured, and the checks every drill ends with.

A drill sends real requests through gunicorn (tests/reliability/harness.py) while
something the portal depends on fails, then compares what the signers were told with
what is stored. `make drills` prints DRILLS as one table (tests/drills/conftest.py).
"""

from collections import Counter
from dataclasses import dataclass

from tests.reliability.harness import stored_state

DRILLS = []  # one Row per drill run, printed at the end of the session


@dataclass
class Row:
    drill: str
    requests: int
    accepted: int
    unavailable: int  # 503 answers, each with Retry-After
    errors: int  # 500 answers
    lost: int  # accepted but not stored exactly once
    log: str  # "verified", or the verifier's problem


def answers(outcomes):
    """Every status each signer was given (a signer retrying after a 503 gets several)."""
    return Counter(status for outcome in outcomes for status in outcome.statuses)


def check_signers(app, slug, drill, outcomes, expected_requests=None):
    """Assert that no signer saw a 500 and every accepted one is stored once; record the drill's Row.

    Also asserted: every 503 carried Retry-After, no record was stored twice or without
    a 303 to show for it except a resubmission's, the counters equal the rows, and the
    event's transparency log verifies with one entry per record. Returns the Row.
    """
    stored, counts, verification, head = stored_state(app, slug)
    statuses = answers(outcomes)
    accepted = {outcome.phone for outcome in outcomes if outcome.status == 303}
    row = Row(
        drill=drill,
        requests=sum(statuses.values()),
        accepted=len(accepted),
        unavailable=statuses[503],
        errors=sum(n for status, n in statuses.items() if status >= 500 and status != 503),
        lost=sum(1 for phone in accepted if stored.get(phone, 0) != 1),
        log="verified" if verification.ok else verification.problem,
    )
    DRILLS.append(row)
    assert row.errors == 0, statuses
    assert set(statuses) <= {303, 503}, statuses
    assert all(outcome.retry_after for outcome in outcomes if outcome.status == 503)
    assert row.lost == 0
    assert all(n == 1 for n in stored.values()), "a signer was stored twice"
    # A record without a final 303 is a commit whose answer was lost; its signer's retry
    # then got a 303 (recognised by its client key), or it gave up after four 503s.
    assert set(stored) <= {outcome.phone for outcome in outcomes}
    assert counts.total == sum(stored.values()) == head.size
    assert verification.ok, verification.problem
    return row
