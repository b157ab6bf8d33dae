"""No signer left without their certificate: fresh links from the organisers, codes by message."""

import functools
import math
import re
import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from pledge import messaging, recovery, transitions
from pledge.extensions import db
from pledge.models import AuditEntry, RecoveryCode, SignatureRecord, utcnow
from pledge.tokens import signer_token
from tests.builders import at_once, errors_in, form_data, make_event, make_signature
from tests.console_builders import invitation_path, make_seat
from tests.fake_gateway import app_with, sms_settings, whatsapp_settings

PHONE = "+6281234567890"
OTHER = "+6281399990000"
ON_ITS_WAY = (
    "Jika nomor ini sudah menandatangani deklarasi ini, kode 6 angka sedang dikirim ke nomor tersebut "
    "lewat SMS. Kode berlaku 10 menit."
)
WRONG = "Kode ini tidak tepat. Periksa keenam angkanya lalu coba lagi."
EXHAUSTED = "Terlalu banyak kode yang salah: kode ini tidak berlaku lagi. Mintalah kode baru."
EXPIRED = "Kode ini sudah kedaluwarsa: kode hanya berlaku 10 menit. Mintalah kode baru."


@pytest.fixture
def sms_client(sms_app):
    return sms_app.test_client()


def audit_actions(prefix="signature."):
    query = select(AuditEntry.action).where(AuditEntry.action.like(f"{prefix}%")).order_by(AuditEntry.id)
    return db.session.scalars(query).all()


def ask_code(client, event, phone):
    return client.post(f"/e/{event.slug}/recover", data={"phone": phone})


def sent_code(gateway):
    """The code in the last SMS the fake gateway received."""
    messaging.wait()
    return re.match(r"(\d{6}) adalah kode Pilkada Damai Anda", gateway.received[-1].body["message"]).group(1)


def send_code(client, event, code):
    return client.post(f"/e/{event.slug}/recover/code", data={"code": code})


# --- the organisers hand over a fresh link -----------------------------------


def hand_over(console, record):
    return console.post(f"/admin/events/{console.event.id}/signatures/{record.id}/fresh-link")


def test_an_organiser_hands_over_a_fresh_link_and_the_old_one_stops_working(console):
    record = make_signature(console.event, full_name="Siti Aminah")
    old_link = f"/s/{signer_token(record)}"
    assert console.get(old_link).status_code == 200
    listing = console.get(f"/admin/events/{console.event.id}/signatures")
    assert "Berikan tautan baru" in listing.text

    answer = hand_over(console, record)
    page_path = f"/admin/events/{console.event.id}/signatures/{record.id}/fresh-link"
    assert answer.status_code == 303 and answer.headers["Location"] == page_path
    page = console.get(page_path)
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    assert page.headers["Referrer-Policy"] == "no-referrer"
    new_link = f"/s/{signer_token(db.session.get(SignatureRecord, record.id))}"
    assert new_link != old_link
    assert f"https://damai.example.id{new_link}" in page.text
    assert f'src="{recovery.qr_image("https://damai.example.id" + new_link)}"' in page.text
    assert "Tautan pribadi yang lama tidak berlaku lagi." in page.text

    assert console.get(old_link).status_code == 404
    assert console.get(new_link).status_code == 200
    assert audit_actions() == ["signature.fresh_link"]
    audit = console.get(f"/admin/events/{console.event.id}/audit")
    assert "Tautan pribadi baru diberikan" in audit.text


def test_the_fresh_link_goes_by_whatsapp_to_the_number_that_signed(console):
    record = make_signature(console.event, phone=PHONE, full_name="Siti Aminah")
    hand_over(console, record)
    page = console.get(f"/admin/events/{console.event.id}/signatures/{record.id}/fresh-link")
    link = f"https://damai.example.id/s/{signer_token(db.session.get(SignatureRecord, record.id))}"
    message = recovery.fresh_link_message(record, link)
    assert message.startswith("Yth. Siti Aminah,")
    assert link in message and record.certificate_label in message
    assert "Tautan yang lama tidak berlaku lagi." in message
    assert f'href="{recovery.whatsapp_to(PHONE, message)}"'.replace("&", "&amp;") in page.text
    assert recovery.whatsapp_to(PHONE, message).startswith("https://wa.me/6281234567890?text=Yth.%20Siti")
    assert "https://wa.me/?text=" in page.text  # or to a contact the organiser picks


def test_the_fresh_link_page_is_shown_once(console):
    record = make_signature(console.event)
    hand_over(console, record)
    page_path = f"/admin/events/{console.event.id}/signatures/{record.id}/fresh-link"
    assert console.get(page_path).status_code == 200
    again = console.get(page_path)
    assert again.status_code == 303
    listing = console.get(again.headers["Location"])
    assert "Tautan baru hanya ditampilkan satu kali." in listing.text
    assert "/s/" not in listing.text


def test_an_erased_record_gets_no_fresh_link(console):

    record = make_signature(console.event)
    transitions.erase(record, "test")
    listing = console.get(f"/admin/events/{console.event.id}/signatures")
    assert "Berikan tautan baru" not in listing.text
    assert hand_over(console, record).status_code == 410
    assert "signature.fresh_link" not in audit_actions()


def test_another_organisers_record_gets_no_fresh_link(console):
    elsewhere = make_event(slug="lain")
    record = make_signature(elsewhere)
    answer = console.post(f"/admin/events/{elsewhere.id}/signatures/{record.id}/fresh-link")
    assert answer.status_code == 404


def test_the_fresh_link_needs_a_csrf_token(csrf_app):
    from tests.console_builders import make_organiser

    event = make_event()
    make_organiser(events=[event])
    record = make_signature(event)
    client = csrf_app.test_client()
    login = client.get("/admin/login")
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login.text).group(1)
    client.post(
        "/admin/login",
        data={"email": "panitia@paser.go.id", "password": "kata-sandi-yang-panjang", "csrf_token": token},
    )
    refused = client.post(f"/admin/events/{event.id}/signatures/{record.id}/fresh-link")
    assert refused.status_code == 400
    assert "signature.fresh_link" not in audit_actions()


def slip_of(console, record, token, **query):
    return console.post(
        f"/admin/events/{console.event.id}/signatures/{record.id}/slip.pdf",
        data={"token": token},
        query_string=query,
    )


def test_the_slip_prints_the_qr_the_link_the_number_and_the_event(console, tmp_path):
    from tests.pdfs import pdf_text

    record = make_signature(console.event)
    hand_over(console, record)
    page = console.get(f"/admin/events/{console.event.id}/signatures/{record.id}/fresh-link")
    token = re.search(r'name="token" value="([^"]+)"', page.text).group(1)
    slip = slip_of(console, record, token)
    assert slip.status_code == 200 and slip.mimetype == "application/pdf"
    assert slip.headers["Content-Disposition"] == f'inline; filename="tautan-{record.certificate_label}.pdf"'
    text = pdf_text(slip.data)
    assert "Tautan pribadi ke sertifikat Anda" in text
    assert console.event.title in text
    assert record.certificate_label in text
    assert f"https://damai.example.id/s/{token}" in re.sub(r"\s+", "", text)
    (tmp_path / "slip.pdf").write_bytes(slip.data)
    english = pdf_text(slip_of(console, record, token, lang="en").data)
    assert "Your private link to your certificate" in english


def test_the_slip_is_refused_for_a_token_of_another_record(console):
    record = make_signature(console.event)
    other = make_signature(console.event, phone=OTHER)
    assert slip_of(console, record, signer_token(other)).status_code == 400
    assert slip_of(console, record, "bukan-token").status_code == 400
    old_token = signer_token(record)
    hand_over(console, record)
    assert slip_of(console, record, old_token).status_code == 400  # the link it printed no longer works


# --- the recovery page -------------------------------------------------------


def test_without_a_gateway_the_recovery_page_says_the_organisers_help_and_sends_nothing(client):
    event = make_event()
    make_signature(event, phone=PHONE)
    page = client.get(f"/e/{event.slug}/recover")
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "private, no-store"
    assert "Hubungi panitia deklarasi ini" in page.text
    assert "Diselenggarakan oleh Polres Paser" in page.text
    assert 'name="phone"' not in page.text and "Kirimi saya kode" not in page.text
    assert ask_code(client, event, PHONE).status_code == 200  # nothing pretends to send
    assert client.get(f"/e/{event.slug}/recover/code").status_code == 303
    assert db.session.scalars(select(RecoveryCode)).all() == []


def test_the_answer_is_the_same_whether_or_not_the_number_signed(sms_client, gateway):
    event = make_event()
    make_signature(event, phone=PHONE)
    answers = []
    for phone in (PHONE, OTHER):
        client = sms_client.application.test_client()
        asked = ask_code(client, event, phone)
        page = client.get(asked.headers["Location"])
        answers.append((asked.status_code, asked.headers["Location"], page.status_code, page.text))
    assert answers[0] == answers[1]
    status, location, page_status, text = answers[0]
    assert (status, location, page_status) == (303, f"/e/{event.slug}/recover/code", 200)
    assert ON_ITS_WAY in text
    messaging.wait()
    assert [request.body["to"] for request in gateway.received] == [PHONE]


def test_the_answer_takes_the_same_time_whether_or_not_the_number_signed(sms_app, gateway):
    gateway.delay = 3.0  # a slow gateway: the answer must not wait for it
    event = make_event()
    make_signature(event, phone=PHONE)
    took = {}
    for phone in (OTHER, PHONE, OTHER, PHONE):
        client = sms_app.test_client()
        client.get(f"/e/{event.slug}/recover")
        started = time.monotonic()
        assert ask_code(client, event, phone).status_code == 303
        took.setdefault(phone, []).append(time.monotonic() - started)
    # The lookup, the code and the message are made after the answer: the signed number's
    # message is still on its way when its answer is back, and neither answer waited.
    assert not messaging.wait(timeout=0)
    assert max(took[PHONE] + took[OTHER]) < gateway.delay, took
    assert abs(min(took[PHONE]) - min(took[OTHER])) < 0.25, took
    messaging.wait()
    assert [request.body["to"] for request in gateway.received] == [PHONE, PHONE]


def test_nothing_readable_is_stored_of_the_number_or_the_code(sms_client, gateway):
    event = make_event()
    make_signature(event, phone=PHONE)
    ask_code(sms_client, event, PHONE)
    code = sent_code(gateway)
    [row] = db.session.scalars(select(RecoveryCode)).all()
    stored = " ".join(str(value) for value in (row.phone_digest, row.code_digest))
    assert code not in stored and "81234567890" not in stored
    assert len(row.phone_digest) == len(row.code_digest) == 64
    assert row.expires_at - row.created_at == timedelta(minutes=10)
    with sms_client.session_transaction() as session:
        assert "81234567890" not in str(dict(session))


def test_the_code_opens_the_signers_page_once(sms_client, gateway):
    event = make_event()
    record = make_signature(event, phone=PHONE, full_name="Siti Aminah")
    ask_code(sms_client, event, "0812-3456-7890")
    code = sent_code(gateway)
    opened_page = send_code(sms_client, event, f"{code[:3]} {code[3:]}")
    assert opened_page.status_code == 303
    assert opened_page.headers["Location"] == f"/s/{signer_token(record)}"
    page = sms_client.get(opened_page.headers["Location"])
    assert "Siti Aminah" in page.text and record.certificate_label in page.text
    assert audit_actions() == ["signature.recovery_code", "signature.recovered"]
    # The flow is over: the code page sends back to the start, the code is used up.
    assert send_code(sms_client, event, code).status_code == 303
    ask_code(sms_client, event, OTHER)
    assert errors_in(send_code(sms_client, event, code).text) == [WRONG]


def test_the_sms_says_what_the_code_is_for_and_how_long_it_lasts(sms_client, gateway):
    event = make_event()
    make_signature(event, phone=PHONE)
    ask_code(sms_client, event, PHONE)
    code = sent_code(gateway)
    assert gateway.received[-1].body == {
        "to": PHONE,
        "message": f"{code} adalah kode Pilkada Damai Anda. Berlaku 10 menit. Jangan berikan kode ini kepada siapa pun.",
    }


def test_whatsapp_sends_the_code_as_an_authentication_template(tmp_path, gateway):
    for app in app_with(tmp_path, **whatsapp_settings(gateway)):
        event = make_event()
        make_signature(event, phone=PHONE)
        client = app.test_client()
        ask_code(client, event, PHONE)
        messaging.wait()
        [request] = gateway.received
        code = request.body["template"]["components"][0]["parameters"][0]["text"]
        assert re.fullmatch(r"\d{6}", code)
        assert request.body == {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": "6281234567890",
            "type": "template",
            "template": {
                "name": "pilkada_damai_kode",
                "language": {"code": "id"},
                "components": [
                    {"type": "body", "parameters": [{"type": "text", "text": code}]},
                    {
                        "type": "button",
                        "sub_type": "url",
                        "index": "0",
                        "parameters": [{"type": "text", "text": code}],
                    },
                ],
            },
        }
        assert send_code(client, event, code).status_code == 303
        page = client.get(f"/e/{event.slug}/recover/code")
        assert page.status_code == 303  # the flow ended with the right code


def test_a_new_code_replaces_the_earlier_one(sms_client, gateway):
    event = make_event()
    make_signature(event, phone=PHONE)
    ask_code(sms_client, event, PHONE)
    first = sent_code(gateway)
    ask_code(sms_client, event, PHONE)
    second = sent_code(gateway)
    if first != second:
        assert errors_in(send_code(sms_client, event, first).text) == [WRONG]
    assert send_code(sms_client, event, second).status_code == 303


def wrong_code(code):
    return f"{(int(code) + 1) % 1_000_000:06d}"


@pytest.mark.parametrize("signed", [True, False], ids=["signed", "never signed"])
def test_five_wrong_codes_kill_the_code_the_same_way_for_any_number(sms_client, gateway, signed):
    event = make_event()
    make_signature(event, phone=PHONE)
    ask_code(sms_client, event, PHONE if signed else OTHER)
    code = sent_code(gateway) if signed else "123456"
    answers = [send_code(sms_client, event, wrong_code(code)) for _ in range(5)]
    assert [a.status_code for a in answers] == [422] * 5
    assert [errors_in(a.text) for a in answers] == [[WRONG]] * 4 + [[EXHAUSTED]]
    last = send_code(sms_client, event, code)
    assert errors_in(last.text) == [EXHAUSTED]
    if signed:
        assert db.session.scalars(select(RecoveryCode.attempts)).one() == 5


def test_an_expired_code_is_refused(sms_client, gateway):
    event = make_event()
    make_signature(event, phone=PHONE)
    ask_code(sms_client, event, PHONE)
    code = sent_code(gateway)
    with sms_client.session_transaction() as session:
        session["recovery"] = {**session["recovery"], "at": session["recovery"]["at"] - 11 * 60}
    answer = send_code(sms_client, event, code)
    assert answer.status_code == 422 and errors_in(answer.text) == [EXPIRED]


def test_a_code_killed_in_other_sessions_stays_dead(sms_app, gateway):
    event = make_event()
    record = make_signature(event, phone=PHONE)
    client = sms_app.test_client()
    ask_code(client, event, PHONE)
    code = sent_code(gateway)
    db.session.scalars(select(RecoveryCode)).one().attempts = recovery.MAX_WRONG_CODES
    db.session.commit()
    # A fresh session of its own counts from zero, but the code counted every try.
    flow = {
        "event": event.id,
        "phone": recovery._phone_digest(event.id, PHONE),
        "at": time.time(),
        "tries": 0,
    }
    with pytest.raises(recovery.CodeRefused, match="wrong"):
        recovery.check_code(flow, code)
    assert record.id  # the record is untouched


def test_the_codes_to_one_number_are_capped_whatever_the_limiter(tmp_path, gateway):
    for app in app_with(tmp_path, RATELIMIT_ENABLED=False, **sms_settings(gateway)):
        event = make_event()
        make_signature(event, phone=PHONE)
        client = app.test_client()
        for _ in range(recovery.MAX_CODES_PER_HOUR + 2):
            assert ask_code(client, event, PHONE).status_code == 303
            messaging.wait()
        assert len(gateway.received) == recovery.MAX_CODES_PER_HOUR


def test_the_cap_holds_when_codes_are_asked_for_at_once(tmp_path, gateway):
    # Ten requests at the same moment, each issuing its code in a thread of its own: the
    # cap is counted with the record locked, so exactly the cap's number go out.
    for app in app_with(tmp_path, RATELIMIT_ENABLED=False, **sms_settings(gateway)):
        event = make_event()
        make_signature(event, phone=PHONE)
        db.session.commit()
        event_id = event.id
        at_once(*[functools.partial(recovery._issue_code, app, event_id, PHONE, "id")] * 10)
        messaging.wait()
        stored = db.session.scalar(
            select(func.count(RecoveryCode.id)).where(RecoveryCode.event_id == event_id)
        )
        assert stored == recovery.MAX_CODES_PER_HOUR
        assert len(gateway.received) == recovery.MAX_CODES_PER_HOUR


@pytest.mark.parametrize(
    ("phone", "message"),
    [
        ("", "Silakan tulis nomor WhatsApp Anda."),
        ("12345", "Nomor telepon ini tidak valid. Tulis seperti 0812 3456 7890 atau +62 812 3456 7890."),
    ],
)
def test_a_number_that_is_not_one_is_refused(sms_client, phone, message):
    event = make_event()
    answer = ask_code(sms_client, event, phone)
    assert answer.status_code == 422 and errors_in(answer.text) == [message]


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "Silakan tulis kode yang Anda terima."),
        ("12345", "Kode terdiri atas 6 angka."),
        ("12a456", "Kode terdiri atas 6 angka."),
    ],
)
def test_a_code_that_is_not_six_digits_is_refused_without_counting(sms_client, gateway, code, message):
    event = make_event()
    make_signature(event, phone=PHONE)
    ask_code(sms_client, event, PHONE)
    for _ in range(6):
        answer = send_code(sms_client, event, code)
        assert answer.status_code == 422 and errors_in(answer.text) == [message]
    assert send_code(sms_client, event, sent_code(gateway)).status_code == 303


def test_the_code_page_without_a_request_sends_back_to_the_start(sms_client):
    event = make_event()
    answer = sms_client.get(f"/e/{event.slug}/recover/code")
    assert answer.status_code == 303 and answer.headers["Location"] == f"/e/{event.slug}/recover"
    other = make_event(slug="lain")
    ask_code(sms_client, other, PHONE)
    assert sms_client.get(f"/e/{event.slug}/recover/code").status_code == 303


def test_a_draft_event_has_no_recovery_page(sms_client):
    from pledge.models import EventState

    event = make_event(state=EventState.DRAFT)
    assert sms_client.get(f"/e/{event.slug}/recover").status_code == 404


# --- rate limits ---------------------------------------------------------------


@pytest.fixture
def limited(tmp_path, gateway):
    yield from app_with(
        tmp_path,
        RECOVERY_RATE_LIMIT="4 per hour",
        RECOVERY_NUMBER_RATE_LIMIT="2 per hour",
        **sms_settings(gateway),
    )


def minutes_and_retry(answer):
    retry = int(answer.headers["Retry-After"])
    minutes = int(re.search(r"dalam (\d+) menit", answer.text).group(1))
    return minutes, retry


@pytest.mark.parametrize("signed", [True, False], ids=["signed", "never signed"])
def test_a_number_asked_too_often_is_refused_alike_whether_or_not_it_signed(limited, signed):
    event = make_event()
    make_signature(event, phone=PHONE)
    client = limited.test_client()
    phone = PHONE if signed else OTHER
    assert [ask_code(client, event, phone).status_code for _ in range(2)] == [303, 303]
    refused = ask_code(client, event, phone)
    assert refused.status_code == 429
    assert refused.headers["Cache-Control"] == "private, no-store"
    minutes, retry = minutes_and_retry(refused)
    assert "Terlalu banyak permintaan kode untuk nomor ini. Coba lagi dalam" in refused.text
    assert minutes == math.ceil(retry / 60) and 55 <= minutes <= 60
    assert ask_code(client, event, "0813 1111 2222").status_code == 303  # another number still may


def test_a_network_asking_too_often_is_refused(limited):
    event = make_event()
    client = limited.test_client()
    numbers = [f"0812 3456 78{n:02d}" for n in range(5)]
    statuses = [ask_code(client, event, number).status_code for number in numbers]
    assert statuses == [303] * 4 + [429]
    refused = ask_code(client, event, "0813 0000 1111")
    assert "Terlalu banyak permintaan kode dari jaringan ini. Coba lagi dalam" in refused.text
    minutes, retry = minutes_and_retry(refused)
    assert minutes == math.ceil(retry / 60)
    elsewhere = client.post(
        f"/e/{event.slug}/recover", data={"phone": "0813 0000 1111"}, environ_base={"REMOTE_ADDR": "10.9.8.7"}
    )
    assert elsewhere.status_code == 303


def test_every_spelling_the_form_accepts_counts_against_the_same_number(limited):
    # The form cleans control and invisible characters into spaces before it reads the
    # number; the number's limit must read it the same way, or they slip past it.
    event = make_event()
    make_signature(event, phone=PHONE)
    client = limited.test_client()
    spellings = ["0812\x0034567890", "0812\x0b3456 7890", "\u202e0812 3456 7890", "\ufeff081234567890"]
    statuses = [
        client.post(
            f"/e/{event.slug}/recover", data={"phone": phone}, environ_base={"REMOTE_ADDR": f"10.0.0.{n}"}
        ).status_code
        for n, phone in enumerate(spellings)
    ]
    assert statuses == [303, 303, 429, 429]


def test_an_unreadable_number_does_not_count_against_any_number(limited):
    event = make_event()
    client = limited.test_client()
    for _ in range(3):
        assert ask_code(client, event, "bukan nomor").status_code == 422
    assert ask_code(client, event, PHONE).status_code == 303


# --- the sign form: the phone field's promise, the already-signed refusal ---------


@pytest.mark.parametrize(
    ("settings", "hint"),
    [
        (
            None,
            "Dirahasiakan. Nomor ini mencegah tanda tangan kedua dengan nomor yang sama dan memudahkan panitia membantu Anda bila tautan sertifikat Anda hilang. Tidak ada pesan yang dikirim ke nomor ini.",
        ),
        (
            "sms",
            "Dirahasiakan. Kami mengirim tautan sertifikat Anda ke nomor ini lewat SMS, dan nanti Anda dapat meminta kode ke nomor ini untuk kembali ke sertifikat Anda. Nomor ini juga mencegah tanda tangan kedua dengan nomor yang sama.",
        ),
        (
            "whatsapp",
            "Dirahasiakan. Kami mengirim tautan sertifikat Anda ke nomor ini lewat WhatsApp, dan nanti Anda dapat meminta kode ke nomor ini untuk kembali ke sertifikat Anda. Nomor ini juga mencegah tanda tangan kedua dengan nomor yang sama.",
        ),
    ],
    ids=["no gateway", "sms", "whatsapp"],
)
def test_the_phone_field_says_what_happens_to_the_number(tmp_path, gateway, settings, hint):
    chosen = {"sms": sms_settings(gateway), "whatsapp": whatsapp_settings(gateway)}.get(settings, {})
    for app in app_with(tmp_path, **chosen):
        event = make_event()
        page = app.test_client().get(f"/e/{event.slug}/sign")
        shown = re.search(r'<p class="hint" id="phone-hint">([^<]*)</p>', page.text).group(1)
        assert shown == hint


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (
            {},
            "Nomor ini sudah menandatangani deklarasi ini. Untuk kembali ke sertifikat Anda, hubungi panitia: panitia dapat memberikan tautan yang baru.",
        ),
        (
            "sms",
            "Nomor ini sudah menandatangani deklarasi ini. Untuk kembali ke sertifikat Anda, mintalah kode yang dikirim ke nomor ini, atau mintalah tautan baru kepada panitia.",
        ),
    ],
    ids=["no gateway", "sms"],
)
def test_the_already_signed_refusal_says_only_that_and_how_to_get_back(tmp_path, gateway, settings, message):
    chosen = sms_settings(gateway) if settings == "sms" else {}
    for app in app_with(tmp_path, **chosen):
        event = make_event()
        record = make_signature(event, phone=PHONE, full_name="Siti Aminah")
        refused = app.test_client().post(
            f"/e/{event.slug}/sign", data=form_data(event, phone="0812 3456 7890", full_name="Orang Lain")
        )
        assert refused.status_code == 409
        assert message in errors_in(refused.text)
        # Nothing that ties the number to a row of the wall: no time, no name, no number.
        for clue in ("WITA", "pukul", "2024", "Siti Aminah", record.certificate_label):
            assert clue not in refused.text.split('id="phone-error"')[1].split("</p>")[0]
        assert f'href="/e/{event.slug}/recover"' in refused.text


def test_the_event_page_and_the_sign_page_link_to_the_recovery_page(client):
    event = make_event()
    for path in (f"/e/{event.slug}", f"/e/{event.slug}/sign"):
        page = client.get(path)
        assert (
            f'<a href="/e/{event.slug}/recover">Sudah menandatangani dan tautan sertifikat Anda hilang?</a>'
            in page.text
        )


@pytest.mark.parametrize("with_gateway", [False, True], ids=["no gateway", "sms"])
def test_a_used_invitation_tells_the_signer_to_ask_the_organiser(tmp_path, gateway, with_gateway):
    for app in app_with(tmp_path, **(sms_settings(gateway) if with_gateway else {})):
        event = make_event()
        seat = make_seat(event)
        client = app.test_client()
        client.post(invitation_path(seat), data=form_data(event))
        used = client.get(invitation_path(seat))
        assert used.status_code == 410
        assert "hubungi panitia: panitia dapat memberikan tautan yang baru." in used.text
        assert (f'href="/e/{event.slug}/recover"' in used.text) is with_gateway


def test_a_code_for_a_record_revoked_meanwhile_still_opens_its_page(sms_client, gateway):
    event = make_event()
    record = make_signature(event, phone=PHONE)
    ask_code(sms_client, event, PHONE)
    code = sent_code(gateway)
    transitions.revoke(record, "Salah orang", "panitia")
    opened_page = send_code(sms_client, event, code)
    assert "Tanda tangan ini telah dicabut" in sms_client.get(opened_page.headers["Location"]).text


def test_codes_are_checked_against_the_clock(app):
    event = make_event()
    make_signature(event, phone=PHONE)
    flow = {
        "event": event.id,
        "phone": recovery._phone_digest(event.id, PHONE),
        "at": utcnow().timestamp(),
        "tries": 0,
    }
    later = utcnow() + timedelta(minutes=10, seconds=1)
    with pytest.raises(recovery.CodeRefused, match="expired"):
        recovery.check_code(flow, "000000", now=later)
