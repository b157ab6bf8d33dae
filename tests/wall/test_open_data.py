"""Open data: JSON pages and a CSV file with the wall's public fields, described by OpenAPI."""

import csv
import io

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from pledge import transitions
from pledge.wall.opendata import CSV_COLUMNS, openapi_document
from tests.builders import make_event, make_signature
from tests.wall_builders import make_private_signer, make_signatures


def schema_of(document, path, status="200"):
    """Return a validator for the JSON answer the OpenAPI document promises at `path`."""
    content = document["paths"][path]["get"]["responses"][status]["content"]["application/json"]
    schema = {**content["schema"], "components": document["components"]}
    return Draft202012Validator(schema, format_checker=FormatChecker())


def assert_matches(document, path, body):
    errors = [error.message for error in schema_of(document, path).iter_errors(body)]
    assert errors == []


def read_csv(response):
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_the_openapi_document_is_served_and_its_schemas_are_valid_json_schema(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    document = response.json
    assert document == openapi_document()
    assert document["openapi"].startswith("3.1")
    for schema in document["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize(
    "path", ["/e/{slug}/signatories.json", "/e/{slug}/totals.json", "/e/{slug}/live.json"]
)
def test_each_json_answer_matches_its_documented_schema(client, path):
    event = make_event()
    make_signatures(event, 3, area_code="64.01.05")
    make_private_signer(event, area_code=None)
    response = client.get(path.format(slug=event.slug))
    assert response.status_code == 200
    assert_matches(openapi_document(), path, response.json)


def test_a_schema_refuses_a_field_it_does_not_document(client):
    event = make_event()
    make_signatures(event, 1)
    body = client.get(f"/e/{event.slug}/signatories.json").json
    body["signatories"][0]["phone"] = "+6281200000001"
    assert list(schema_of(openapi_document(), "/e/{slug}/signatories.json").iter_errors(body))


def test_the_json_pages_follow_next_to_the_end_and_keep_the_filters(client):
    event = make_event()
    make_signatures(event, 5, category="camat")
    make_signatures(event, 2, start=50, category="police")
    url = f"/e/{event.slug}/signatories.json?category=camat&limit=2"
    seen = []
    while url:
        page = client.get(url).json
        assert page["filters"] == {"category": "camat", "kecamatan": None, "area": None, "q": None}
        assert page["total"] == 7
        seen += [row["name"] for row in page["signatories"]]
        url = page["next"]
    assert seen == [f"Penanda {n:03d}" for n in (4, 3, 2, 1, 0)]


def test_a_hidden_name_is_null_in_json_and_empty_in_csv(client):
    event = make_event()
    make_private_signer(event, category="media", area_code="64.01.05")
    row = client.get(f"/e/{event.slug}/signatories.json").json["signatories"][0]
    assert row == {
        "name": None,
        "position": None,
        "institution": None,
        "name_shown": False,
        "category": "media",
        "kecamatan": "Kuaro",
        "area": {"code": "64.01.05", "name": "Kuaro", "level": "district"},
        "signed_at": row["signed_at"],
    }
    header, line = read_csv(client.get(f"/e/{event.slug}/signatories.csv"))
    assert dict(zip(header, line, strict=True))["name"] == ""
    assert dict(zip(header, line, strict=True))["category_label"] == "Media"


def test_the_csv_has_every_valid_public_record_newest_first_and_is_streamed(client):
    event = make_event()
    make_signatures(event, 4)
    revoked = make_signature(event, phone=None, full_name="Dicabut")
    transitions.revoke(revoked, "Salah orang", "admin")
    response = client.get(f"/e/{event.slug}/signatories.csv")
    assert response.is_streamed
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == f'attachment; filename="signatories-{event.slug}.csv"'
    header, *lines = read_csv(response)
    assert tuple(header) == CSV_COLUMNS
    assert [line[1] for line in lines] == [f"Penanda {n:03d}" for n in (3, 2, 1, 0)]


def test_the_csv_columns_are_the_documented_ones():
    description = openapi_document()["paths"]["/e/{slug}/signatories.csv"]["get"]["description"]
    assert ", ".join(CSV_COLUMNS) in description


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
@pytest.mark.parametrize("field", ["full_name", "position", "institution"])
def test_a_csv_cell_that_a_spreadsheet_would_run_begins_with_a_quote(client, start, field):
    event = make_event()
    value = f'{start}HYPERLINK("http://evil.example";"klik")'
    make_signature(event, phone=None, **{field: value})
    header, line = read_csv(client.get(f"/e/{event.slug}/signatories.csv"))
    column = {"full_name": "name", "position": "position", "institution": "institution"}[field]
    assert dict(zip(header, line, strict=True))[column] == "'" + value


def test_the_totals_count_every_group_and_kecamatan(client):
    event = make_event()
    make_signatures(event, 2, category="camat", area_code="64.01.05")
    make_private_signer(event, category="police", area_code=None)
    totals = client.get(f"/e/{event.slug}/totals.json").json
    assert totals["total"] == 3
    assert totals["by_category"]["camat"] == 2 and totals["by_category"]["police"] == 1
    assert totals["by_category"]["media"] == 0
    assert totals["by_kecamatan"]["Kuaro"] == 2 and totals["by_kecamatan"]["Muara Samu"] == 0
    assert totals["without_kecamatan"] == 1
    breakdown = totals["breakdown"]
    assert breakdown["level"] == "district" and breakdown["without_area"] == 1
    assert len(breakdown["areas"]) == 10
    assert {"code": "64.01.05", "name": "Kuaro", "signatures": 2} in breakdown["areas"]


@pytest.mark.parametrize(
    "path",
    ["/e/{slug}/signatories.json", "/e/{slug}/totals.json", "/e/{slug}/signatories.csv", "/api/openapi.json"],
)
def test_open_data_can_be_read_by_a_web_page_on_another_site(client, path):
    event = make_event()
    response = client.get(path.format(slug=event.slug), headers={"Origin": "https://koran.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response.headers
