"""The optional gateway: the certificate link sent after signing, the exact requests, failures."""

import logging
import time

import pytest
from sqlalchemy import select

from pledge import config, messaging
from pledge.extensions import db
from pledge.models import SignatureRecord
from pledge.tokens import signer_token
from tests.builders import form_data, make_event
from tests.console_builders import invitation_path, log_in, make_organiser, make_seat, start_kiosk
from tests.fake_gateway import FakeGateway, app_with, sms_settings, whatsapp_settings


def sign(client, event, **overrides):
    return client.post(f"/e/{event.slug}/sign", data=form_data(event, **overrides))


def only_record():
    return db.session.scalars(select(SignatureRecord)).one()


def private_link(record):
    return f"https://damai.example.id/s/{signer_token(record)}"


def test_whatsapp_sends_the_certificate_link_as_a_utility_template(whatsapp_app, gateway):
    event = make_event(title="Deklarasi Pilkada Damai Kabupaten Paser 2024")
    client = whatsapp_app.test_client()
    assert sign(client, event, phone="0812-3456-7890").status_code == 303
    assert messaging.wait()
    record = only_record()
    [request] = gateway.received
    assert request.path == "/v23.0/109876543210/messages"
    assert request.headers["Authorization"] == "Bearer wa-token"
    assert request.headers["Content-Type"] == "application/json"
    assert request.body == {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": "6281234567890",
        "type": "template",
        "template": {
            "name": "pilkada_damai_sertifikat",
            "language": {"code": "id"},
            "components": [
                {
                    "type": "body",
                    "parameters": [
                        {"type": "text", "text": "Deklarasi Pilkada Damai Kabupaten Paser 2024"},
                        {"type": "text", "text": record.certificate_label},
                        {"type": "text", "text": private_link(record)},
                    ],
                }
            ],
        },
    }
    # The link sent opens the signer's page.
    assert client.get(private_link(record).removeprefix("https://damai.example.id")).status_code == 200


def test_the_template_names_and_language_are_settings(tmp_path, gateway):
    settings = whatsapp_settings(gateway) | {
        "WHATSAPP_TEMPLATE_LINK": "sertifikat_v2",
        "WHATSAPP_TEMPLATE_LANGUAGE": "en",
    }
    for app in app_with(tmp_path, **settings):
        sign(app.test_client(), make_event(), phone="0812-3456-7890")
        messaging.wait()
    [request] = gateway.received
    assert request.body["template"]["name"] == "sertifikat_v2"
    assert request.body["template"]["language"] == {"code": "en"}


def test_an_sms_gateway_gets_the_number_and_the_text_with_its_token(sms_app, gateway):
    event = make_event(title="Deklarasi Pilkada Damai Uji")
    sign(sms_app.test_client(), event, phone="0812 3456 7890")
    assert messaging.wait()
    record = only_record()
    [request] = gateway.received
    assert request.path == "/send"
    assert request.headers["Authorization"] == "Bearer sms-token"
    assert request.body == {
        "to": "+6281234567890",
        "message": (
            "Terima kasih telah menandatangani Deklarasi Pilkada Damai Uji. "
            f"Nomor sertifikat: {record.certificate_label}. "
            f"Tautan pribadi sertifikat Anda: {private_link(record)} (simpan baik-baik dan jangan dibagikan)."
        ),
    }


def test_an_sms_gateway_without_a_token_gets_no_authorization_header(tmp_path, gateway):
    for app in app_with(tmp_path, **sms_settings(gateway, bearer=None)):
        sign(app.test_client(), make_event(), phone="0812 3456 7890")
        messaging.wait()
    [request] = gateway.received
    assert "Authorization" not in request.headers


def test_the_sms_is_written_in_the_signers_language(sms_app, gateway):
    client = sms_app.test_client()
    client.get("/lang/en")
    sign(client, make_event(title="Peaceful Pilkada Declaration"), phone="0812 3456 7890")
    messaging.wait()
    assert (
        gateway.received[0]
        .body["message"]
        .startswith("Thank you for signing the Peaceful Pilkada Declaration. Certificate number: ")
    )


def test_nothing_is_sent_without_a_number_or_for_a_resubmission(sms_app, gateway):
    event = make_event()
    client = sms_app.test_client()
    sign(client, event, phone="", client_key="tanpa-nomor")
    sign(client, event, phone="0812 3456 7890", client_key="sekali")
    sign(client, event, phone="0812 3456 7890", client_key="sekali")  # sent again after a lost answer
    messaging.wait()
    assert [request.body["to"] for request in gateway.received] == ["+6281234567890"]


def test_without_a_provider_nothing_is_sent_even_with_a_gateway_address(tmp_path, gateway):
    settings = sms_settings(gateway)
    del settings["MESSAGING_PROVIDER"]
    for app in app_with(tmp_path, **settings):
        assert messaging.gateway() is None
        assert sign(app.test_client(), make_event(), phone="0812 3456 7890").status_code == 303
        messaging.wait()
    assert gateway.received == []


@pytest.mark.parametrize("way", ["public form", "invitation", "kiosk"])
def test_every_way_of_signing_sends_the_link(sms_app, gateway, way):
    event = make_event()
    client = sms_app.test_client()
    data = form_data(event, phone="0812 3456 7890")
    if way == "public form":
        path = f"/e/{event.slug}/sign"
    elif way == "invitation":
        path = invitation_path(make_seat(event))
    else:
        make_organiser(events=[event])
        log_in(client)
        path = start_kiosk(client, event)
    assert client.post(path, data=data).status_code == 303
    messaging.wait()
    [request] = gateway.received
    assert private_link(only_record()) in request.body["message"]


def test_a_slow_gateway_never_slows_signing(sms_app, gateway):
    gateway.delay = 3.0
    started = time.monotonic()
    response = sign(sms_app.test_client(), make_event(), phone="0812 3456 7890")
    took = time.monotonic() - started
    assert response.status_code == 303
    # The answer came while the gateway was still busy with the message.
    assert not messaging.wait(timeout=0)
    assert took < gateway.delay, took
    assert messaging.wait() and len(gateway.received) == 1


def test_a_refusing_gateway_is_logged_and_the_signer_sees_nothing_of_it(sms_app, gateway, caplog):
    gateway.status = 401
    with caplog.at_level(logging.INFO, logger="pledge.messaging"):
        response = sign(sms_app.test_client(), make_event(), phone="0812 3456 7890")
        messaging.wait()
    assert response.status_code == 303
    [line] = [r.getMessage() for r in caplog.records if r.name == "pledge.messaging"]
    assert line.startswith("link message to +62…890 not sent: HTTP 401")
    assert "81234567890" not in caplog.text  # the number is masked in the logs


def test_an_unreachable_gateway_is_logged(tmp_path, caplog):
    with FakeGateway() as gone:
        address = gone.url  # closed when the block ends: nothing listens there any more
    for app in app_with(tmp_path, MESSAGING_PROVIDER="sms", SMS_GATEWAY_URL=f"{address}/send"):
        with caplog.at_level(logging.WARNING, logger="pledge.messaging"):
            assert sign(app.test_client(), make_event(), phone="0812 3456 7890").status_code == 303
            messaging.wait()
    assert "link message to +62…890 not sent: ConnectError" in caplog.text


def test_a_gateway_that_does_not_answer_in_time_is_given_up(tmp_path, gateway, caplog):
    gateway.delay = 1.5
    for app in app_with(tmp_path, MESSAGING_TIMEOUT=0.3, **sms_settings(gateway)):
        with caplog.at_level(logging.WARNING, logger="pledge.messaging"):
            started = time.monotonic()
            sign(app.test_client(), make_event(), phone="0812 3456 7890")
            messaging.wait()
            assert time.monotonic() - started < 1.4
    assert "not sent: ReadTimeout" in caplog.text


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"MESSAGING_PROVIDER": "telegram"}, "MESSAGING_PROVIDER must be whatsapp or sms, not 'telegram'"),
        (
            {"MESSAGING_PROVIDER": "whatsapp", "WHATSAPP_PHONE_NUMBER_ID": "1"},
            "MESSAGING_PROVIDER=whatsapp needs WHATSAPP_ACCESS_TOKEN",
        ),
        ({"MESSAGING_PROVIDER": "sms"}, "MESSAGING_PROVIDER=sms needs SMS_GATEWAY_URL"),
    ],
)
def test_a_half_configured_gateway_stops_the_start(monkeypatch, environ, message):
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ValueError, match=message):
        config.from_environ()


def test_the_gateway_settings_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("MESSAGING_PROVIDER", "sms")
    monkeypatch.setenv("SMS_GATEWAY_URL", "https://sms.example.id/send")
    monkeypatch.setenv("MESSAGING_TIMEOUT", "2.5")
    settings = config.from_environ()
    assert isinstance(messaging.gateway(settings), messaging.SmsGateway)
    assert settings["MESSAGING_TIMEOUT"] == 2.5
    monkeypatch.delenv("MESSAGING_PROVIDER")
    assert messaging.gateway(config.from_environ()) is None
