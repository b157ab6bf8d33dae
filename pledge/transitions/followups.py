"""What follows a committed signing or revocation outside the transaction: metrics, the certificate job.

Called once, after the commit, by the transition itself: a follow-up that fails (Redis
down) costs nothing to what was committed.
"""

from sqlalchemy import inspect

from pledge import metrics
from pledge.certificates.queue import issue_soon


def _committed_id(record):
    # The commit expired the record: its identity gives the id without loading it again.
    return inspect(record).identity[0]


def signed(outcome):
    """Count a new record and queue its certificate (a resubmission's record has both already)."""
    if not outcome.created:
        return
    metrics.SIGNATURES_STORED.inc()
    issue_soon(outcome.record_id)


def revoked(record):
    """Queue the DICABUT certificate of a record just revoked, the one its downloads now serve."""
    issue_soon(_committed_id(record))
