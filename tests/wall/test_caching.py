"""A cache in front of the app may answer public pages and data; never a signer's page."""

import re

import pytest

from pledge.tokens import signer_token
from tests.builders import make_event, make_signature

PUBLIC = ["signatories", "signatories.json", "signatories.csv", "totals.json", "live", "live.json", "qr.svg"]


def max_age(header):
    return int(re.search(r"max-age=(\d+)", header).group(1))


@pytest.mark.parametrize("path", PUBLIC)
def test_public_surfaces_are_cacheable_briefly_with_a_validator(client, path):
    event = make_event()
    make_signature(event)
    response = client.get(f"/e/{event.slug}/{path}")
    control = response.headers["Cache-Control"]
    assert control.startswith("public, ")
    assert "stale-while-revalidate=" in control
    assert 0 < max_age(control) <= 3600
    assert response.headers["ETag"]


@pytest.mark.parametrize(
    "path", ["signatories", "signatories.json", "signatories.csv", "totals.json", "live.json"]
)
def test_a_revalidation_gets_304_until_someone_signs(client, path):
    event = make_event()
    make_signature(event, phone="+6281200000001")
    url = f"/e/{event.slug}/{path}"
    etag = client.get(url).headers["ETag"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    make_signature(event, phone="+6281200000002")
    client.application.extensions.get("wall_live", {}).get("states", {}).clear()
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 200


def test_the_live_feed_stays_fresh_enough_for_names_within_three_seconds(client):
    event = make_event()
    control = client.get(f"/e/{event.slug}/live.json").headers["Cache-Control"]
    stale = int(re.search(r"stale-while-revalidate=(\d+)", control).group(1))
    assert max_age(control) + stale <= 2


def test_pages_in_two_languages_tell_caches_they_vary_by_cookie(client):
    event = make_event()
    assert "Cookie" in client.get(f"/e/{event.slug}/signatories").headers["Vary"]


def test_the_signers_private_page_is_never_stored_by_a_cache(client):
    event = make_event()
    record = make_signature(event)
    response = client.get(f"/s/{signer_token(record)}")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    assert "ETag" not in response.headers


def test_a_corrected_name_reaches_csv_readers_who_revalidate(client):
    from pledge.extensions import db
    from pledge.models import note_change

    event = make_event()
    record = make_signature(event, full_name="Nama Salah Ketik")
    url = f"/e/{event.slug}/signatories.csv"
    etag = client.get(url).headers["ETag"]
    record.full_name = "Nama Benar"
    note_change(event.id)
    db.session.commit()
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 200 and "Nama Benar" in again.get_data(as_text=True)
