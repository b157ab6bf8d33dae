"""Input no person types gets a readable 4xx, never a 500 (on SQLite and on PostgreSQL)."""

import pytest

from tests.builders import make_event, make_signature

HUGE = "9" * 25  # beyond a 64-bit integer


@pytest.mark.parametrize("path", ["/e/{slug}/signatories", "/e/{slug}/signatories.json"])
# 2**31: past an INTEGER column, which PostgreSQL refuses in a query rather than finding nothing.
@pytest.mark.parametrize("ident", [HUGE, str(2**63), str(2**63 - 1), str(2**31), "-1", "²"])
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


@pytest.mark.parametrize(
    "query",
    [
        "log.json?after=%C2%B2",  # "²": a digit to str.isdigit(), not to int()
        "log.json?after=%D9%A1",  # an Arabic-Indic one
        "log.json?after=-1",
        "log/inclusion?index=%C2%B2",
        "log/inclusion?size=%C2%B2&index=0",
        "log/consistency?from=%C2%B2",
        "log/consistency?from=0&to=%C2%B2",
    ],
)
def test_a_log_size_or_index_in_other_digits_is_a_400(client, query):
    event = make_event()
    make_signature(event)
    assert client.get(f"/e/{event.slug}/{query}").status_code == 400


@pytest.mark.parametrize("after", [str(2**31), "999999999999"])
def test_a_log_page_past_any_leaf_is_empty(client, after):
    event = make_event()
    make_signature(event)
    response = client.get(f"/e/{event.slug}/log.json", query_string={"after": after})
    assert response.status_code == 200
    assert response.json["entries"] == [] and response.json["next"] is None


@pytest.mark.parametrize("ident", [str(2**31), str(2**63), HUGE])
def test_a_console_id_past_any_row_is_a_404(console, ident):
    event = console.event
    for path in (
        f"/admin/events/{ident}/signatures",
        f"/admin/events/{event.id}/signatures/{ident}/certificate.pdf",
    ):
        assert console.get(path).status_code == 404, path
