"""Input no person types gets a readable 4xx, never a 500 (on SQLite and on PostgreSQL)."""

import pytest

from tests.builders import make_event, make_signature

HUGE = "9" * 25  # beyond a 64-bit integer


@pytest.mark.parametrize("path", ["/e/{slug}/signatories", "/e/{slug}/signatories.json"])
@pytest.mark.parametrize("ident", [HUGE, str(2**63), "-1"])
def test_a_cursor_beyond_any_record_id_is_ignored(client, path, ident):
    event = make_event()
    make_signature(event)
    response = client.get(
        path.format(slug=event.slug), query_string={"after": f"20240812T010000.000000_{ident}"}
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/e/%00",
        "/e/a%00b/sign",
        "/e/%00/signatories",
        "/e/%00/signatories.json",
        "/e/%00/signatories.csv",
        "/e/%00/totals.json",
        "/e/%00/live",
        "/e/%00/live.json",
        "/e/%00/qr.svg",
        "/e/%00/log.json",
        "/e/Pilkada-Damai/signatories",
    ],
)
def test_an_address_no_event_can_have_is_a_404(client, path):
    make_event()
    assert client.get(path).status_code == 404
