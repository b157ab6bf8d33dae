"""Health check, request logs and the reverse-proxy setting."""

import json
import logging

from sqlalchemy.exc import OperationalError

from tests.builders import make_event, make_signature
from tests.conftest import make_app


def test_the_health_check_answers_when_the_database_does(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_the_health_check_fails_when_the_database_does_not(client, monkeypatch):
    from pledge.extensions import db

    def broken(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr(db.session, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json["database"] == "unreachable"


def test_each_request_is_logged_as_one_json_line_without_private_tokens(client, caplog):
    from pledge.tokens import signer_token

    record = make_signature(make_event())
    token = signer_token(record)
    with caplog.at_level(logging.INFO, logger="pledge.requests"):
        client.get(f"/s/{token}")
    [line] = [r.getMessage() for r in caplog.records if r.name == "pledge.requests"]
    entry = json.loads(line)
    assert entry["route"] == "/s/<token>" and entry["status"] == 200 and entry["ms"] >= 0
    assert token not in line


def test_behind_a_proxy_the_forwarded_scheme_and_host_are_trusted_only_when_set(tmp_path):
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "damai.example.id"}
    for hops, expected in ((0, "http://localhost/"), (1, "https://damai.example.id/")):
        app = make_app(tmp_path, TRUSTED_PROXY_HOPS=hops)

        @app.get("/probe-url")
        def probe():
            from flask import request

            return request.url_root

        assert app.test_client().get("/probe-url", headers=headers).text == expected


def test_the_rate_limit_settings_are_read_from_the_environment(monkeypatch):
    from pledge import config

    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "redis://cache.internal:6379/0")
    monkeypatch.setenv("RATELIMIT_KEY_PREFIX", "pilkada-paser")
    monkeypatch.setenv("SIGN_RATE_LIMIT", "60 per minute")
    settings = config.from_environ()
    assert settings["RATELIMIT_STORAGE_URI"] == "redis://cache.internal:6379/0"
    assert settings["RATELIMIT_KEY_PREFIX"] == "pilkada-paser"
    assert settings["SIGN_RATE_LIMIT"] == "60 per minute"
    monkeypatch.delenv("RATELIMIT_KEY_PREFIX")
    assert config.from_environ()["RATELIMIT_KEY_PREFIX"] == "pledge"
