"""Settings: one table, read from the environment, printed in the README."""

import logging
from pathlib import Path

import pytest

from pledge import config
from tests.conftest import make_app

ROOT = Path(__file__).resolve().parent.parent


def test_the_readme_settings_table_is_the_one_the_code_reads():
    readme = (ROOT / "README.md").read_text()
    assert config.settings_table() in readme


@pytest.mark.parametrize("setting", config.SETTINGS, ids=lambda setting: setting.name)
def test_every_setting_is_documented_for_deployments(setting):
    assert f"`{setting.name}`" in (ROOT / "docs" / "DEPLOY.md").read_text()


def test_values_are_read_with_their_types():
    settings = config.from_environ(
        {
            "MAX_CONTENT_LENGTH": "1024",
            "SESSION_COOKIE_SECURE": "yes",
            "TRUSTED_HOSTS": "damai.example.id, www.damai.example.id",
            "DATABASE_URL": "postgres://u@h/db",
            "PUBLIC_BASE_URL": "https://damai.example.id/",
            "MESSAGING_TIMEOUT": "2.5",
        }
    )
    assert settings["MAX_CONTENT_LENGTH"] == 1024 and settings["SESSION_COOKIE_SECURE"] is True
    assert settings["TRUSTED_HOSTS"] == ["damai.example.id", "www.damai.example.id"]
    assert settings["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/db"
    assert settings["PUBLIC_BASE_URL"] == "https://damai.example.id"
    assert settings["MESSAGING_TIMEOUT"] == 2.5


def test_the_old_seal_names_still_work_with_a_warning(caplog):
    with caplog.at_level(logging.WARNING, logger="pledge.config"):
        settings = config.from_environ({"SIGNING_INSTITUTION": "Polres Paser"})
    assert settings["SEAL_INSTITUTION"] == "Polres Paser"
    assert "SIGNING_INSTITUTION is deprecated: set SEAL_INSTITUTION instead" in caplog.text


def test_without_a_public_address_only_local_hosts_are_believed():
    settings = config.from_environ({})
    config.complete(settings)
    assert settings["TRUSTED_HOSTS"] == ["localhost", "127.0.0.1"]
    assert settings["DATABASE_LOCK_TIMEOUT_MS"] == settings["SQLITE_BUSY_TIMEOUT_MS"] == 5000


@pytest.mark.parametrize("path", ["/", "/e/pilkada-damai-test/live", "/e/pilkada-damai-test/qr.svg"])
def test_a_host_header_nobody_configured_is_refused_rather_than_baked_into_links(tmp_path, path):
    app = make_app(tmp_path, PUBLIC_BASE_URL=None)
    assert app.config["TRUSTED_HOSTS"] == ["localhost", "127.0.0.1"]
    client = app.test_client()
    assert client.get(path, headers={"Host": "evil.example"}).status_code == 400


def test_a_configured_public_address_is_what_links_use_whatever_the_host_header(client):
    from tests.builders import make_event

    event = make_event()
    page = client.get(f"/e/{event.slug}/live", headers={"Host": "evil.example"}).text
    assert "https://damai.example.id/e/" in page and "evil.example" not in page


@pytest.mark.parametrize("base", [None, "", "damai.example.id", "ftp://damai.example.id"])
def test_production_refuses_to_start_without_a_public_address(base):
    with pytest.raises(ValueError, match="PUBLIC_BASE_URL must be set"):
        config.require_public_base_url({"PUBLIC_BASE_URL": base})
