"""Abuse: rate limits, the trap field, CSRF on every change, forged and replayed tokens."""

import io
import re

import pytest
import redis
from flask import g
from sqlalchemy import func, select

from pledge import limits
from pledge.extensions import db
from pledge.models import LogEntry, SignatureRecord
from tests.builders import form_data, make_event, make_signature
from tests.conftest import TEST_DATABASE_URL, make_app, opened

# A Redis database of this suite's own, emptied before each test: the SQLite and the
# PostgreSQL suites may run side by side. (The limiter object is one per process and
# keeps the key prefix of the first app, so a prefix per test would not separate them.)
REDIS_URI = f"redis://127.0.0.1:6379/{8 if TEST_DATABASE_URL else 7}"
TOO_MANY = "Terlalu banyak percobaan"


def stored():
    return db.session.scalar(select(func.count(SignatureRecord.id)))


@pytest.fixture(params=["memory://", REDIS_URI], ids=["memory", "redis"])
def limited_app(request, tmp_path):
    if request.param.startswith("redis"):
        redis.Redis.from_url(REDIS_URI).flushdb()
    app = make_app(
        tmp_path,
        WTF_CSRF_ENABLED=False,
        RATELIMIT_STORAGE_URI=request.param,
        SIGN_RATE_LIMIT="3 per minute",
        LOGIN_RATE_LIMIT="2 per minute",
        VERIFY_RATE_LIMIT="2 per minute",
    )
    yield from opened(app)


def post_sign(client, event, n, **overrides):
    return client.post(
        f"/e/{event.slug}/sign", data=form_data(event, phone=f"0812-3456-78{n:02d}", **overrides)
    )


def test_a_script_sending_the_form_again_and_again_is_stopped_with_a_readable_page(limited_app):
    event = make_event()
    client = limited_app.test_client()
    statuses = [post_sign(client, event, n).status_code for n in range(3)]
    refused = post_sign(client, event, 3)
    assert statuses == [303, 303, 303]
    assert refused.status_code == 429
    assert TOO_MANY in refused.text and "Mohon tunggu sebentar lalu coba lagi." in refused.text
    assert int(refused.headers["Retry-After"]) > 0
    assert stored() == 3


def test_reading_the_form_is_never_limited(limited_app):
    event = make_event()
    client = limited_app.test_client()
    assert {client.get(f"/e/{event.slug}/sign").status_code for _ in range(10)} == {200}


def test_the_limit_counts_per_address(limited_app):
    event = make_event()
    client = limited_app.test_client()
    for n in range(3):
        post_sign(client, event, n)
    elsewhere = client.post(
        f"/e/{event.slug}/sign",
        data=form_data(event, phone="0812-3456-7999"),
        environ_base={"REMOTE_ADDR": "10.1.2.3"},
    )
    assert elsewhere.status_code == 303


def test_the_login_limit_stops_guessing(limited_app):
    @limits.login_limit
    def fake_login():
        return "login form"

    limited_app.add_url_rule("/test-login", "fake_login", fake_login, methods=["GET", "POST"])
    client = limited_app.test_client()
    assert [client.post("/test-login").status_code for _ in range(3)] == [200, 200, 429]
    assert client.get("/test-login").status_code == 200


def test_the_trap_field_is_hidden_from_people(client):
    event = make_event()
    page = client.get(f"/e/{event.slug}/sign").text
    trap = re.search(r'<div class="hp" aria-hidden="true">(.*?)</div>', page, re.S)
    assert trap is not None
    assert 'tabindex="-1"' in trap.group(1) and 'autocomplete="off"' in trap.group(1)


def test_a_filled_trap_field_stores_nothing_and_says_nothing_useful(client):
    event = make_event()
    response = client.post(f"/e/{event.slug}/sign", data=form_data(event, homepage="http://spam.example"))
    assert response.status_code == 200
    assert "Terima kasih. Kiriman Anda sudah kami terima." in response.text
    assert stored() == 0
    assert db.session.scalar(select(func.count(LogEntry.id))) == 0


def state_changing_rules(app):
    for rule in app.url_map.iter_rules():
        methods = rule.methods & {"POST", "PUT", "PATCH", "DELETE"}
        if methods and rule.endpoint != "static":
            yield rule, sorted(methods)


def test_every_state_changing_request_needs_a_csrf_token(csrf_app):
    event = make_event()
    client = csrf_app.test_client()
    checked = []
    for rule, methods in state_changing_rules(csrf_app):
        values = {arg: event.slug if arg == "slug" else "x" for arg in rule.arguments}
        values.update({arg: 1 for arg, converter in rule._converters.items() if converter.regex == r"\d+"})
        url = rule.build(values)[1]
        for method in methods:
            response = client.open(url, method=method, data=form_data(event))
            assert response.status_code == 400, (method, url)
            assert "Formulir kedaluwarsa" in response.text
            checked.append(rule.endpoint)
    assert "public.sign" in checked
    assert stored() == 0


def csrf_token_of(client, event):
    page = client.get(f"/e/{event.slug}/sign").text
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


@pytest.mark.parametrize("forge", ["another session's token", "altered token"])
def test_forged_and_replayed_csrf_tokens_are_refused(csrf_app, forge):
    event = make_event()
    signer, attacker = csrf_app.test_client(), csrf_app.test_client()
    token = csrf_token_of(signer, event)
    csrf_token_of(attacker, event)
    if forge == "altered token":
        attacker = signer
        token = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    response = attacker.post(f"/e/{event.slug}/sign", data=form_data(event, csrf_token=token))
    assert response.status_code == 400 and "Formulir kedaluwarsa" in response.text
    assert stored() == 0


def test_a_valid_csrf_token_signs(csrf_app):
    event = make_event()
    client = csrf_app.test_client()
    token = csrf_token_of(client, event)
    assert client.post(f"/e/{event.slug}/sign", data=form_data(event, csrf_token=token)).status_code == 303


@pytest.mark.parametrize(
    "path",
    [
        "/e/../../etc/passwd/sign",
        "/e/%2e%2e%2f%2e%2e%2fetc%2fpasswd/sign",
        "/e/..%2F..%2Fpledge%2Fconfig.py/log.json",
        "/s/..%2F..%2Fetc%2Fpasswd",
        "/s/../../instance/secret_key",
        "/static/../instance/secret_key",
        "/static/..%2f..%2finstance%2fsecret_key",
        "/static/%2e%2e/%2e%2e/pledge/config.py",
    ],
)
def test_path_traversal_is_refused(client, path):
    make_event()
    response = client.get(path)
    assert response.status_code in (404, 308, 400)
    assert "test-secret" not in response.text and "SECRET_KEY" not in response.text


@pytest.mark.parametrize(
    "forge", [lambda t: t + "x", lambda t: "A" + t[1:], lambda t: t.split(".")[0] + ".forged", lambda t: "x"]
)
def test_forged_signer_links_are_refused(client, forge):
    event = make_event()
    record = make_signature(event)
    from pledge.tokens import signer_token

    token = signer_token(record)
    assert client.get(f"/s/{token}").status_code == 200
    assert client.get(f"/s/{forge(token)}").status_code == 404
    assert client.get(f"/s/{forge(token)}/signature.png").status_code == 404


def test_the_ceremony_kiosk_signs_past_the_per_address_limit(limited_app):
    from tests.console_builders import log_in, make_organiser, start_kiosk

    event = make_event()
    make_organiser(events=[event])
    client = limited_app.test_client()
    log_in(client)
    kiosk = start_kiosk(client, event)
    client.get(kiosk)
    statuses = []
    for n in range(6):  # twice the public form's limit, all from one address
        g.pop("rate_limit_exempt", None)  # the fixture shares `g` between requests
        response = client.post(kiosk, data=form_data(event, phone=f"0812-3456-79{n:02d}", client_key=f"k{n}"))
        statuses.append(response.status_code)
    assert statuses == [303] * 6
    assert stored() == 6


def test_the_organiser_login_is_limited_per_address(limited_app):
    client = limited_app.test_client()
    answers = [
        client.post("/admin/login", data={"email": "x@paser.go.id", "password": "salah"}).status_code
        for _ in range(3)
    ]
    assert answers[-1] == 429 and 429 not in answers[:2]


def test_an_invitation_link_is_limited_like_the_sign_form(limited_app):
    make_event()
    client = limited_app.test_client()
    answers = [client.post("/i/forged-token").status_code for _ in range(4)]
    assert answers == [404, 404, 404, 429]


def test_uploads_to_verify_are_limited_per_address(limited_app):
    """Checking a crafted PDF costs CPU: a script cannot make the portal check them without end."""
    client = limited_app.test_client()

    def upload():
        data = {"document": (io.BytesIO(b"%PDF-1.7\n%%EOF"), "x.pdf")}
        return client.post("/verify", data=data, content_type="multipart/form-data")

    assert [upload().status_code for _ in range(2)] == [200, 200]
    refused = upload()
    assert refused.status_code == 429 and TOO_MANY in refused.text
    assert int(refused.headers["Retry-After"]) >= 1
    # Checking a number is a page to read, never limited.
    assert client.get("/verify/K7QD-M2XA-P").status_code in (200, 404)
