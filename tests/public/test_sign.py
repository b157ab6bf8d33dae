"""A stakeholder signs through the form: what is stored, and every refusal."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from pledge import transitions
from pledge.extensions import db
from pledge.models import EventState, SignatureRecord
from tests.builders import (
    data_url,
    drawn_png,
    drawn_strokes,
    errors_in,
    form_data,
    make_closed_window_event,
    make_event,
)
from tests.console_builders import invitation_path, make_seat, start_kiosk


def count_records():
    return db.session.scalar(select(func.count(SignatureRecord.id)))


def sign(client, event, **overrides):
    return client.post(f"/e/{event.slug}/sign", data=form_data(event, **overrides))


def test_a_camat_signs_and_lands_on_their_own_page(client):
    event = make_event()
    response = sign(client, event)
    assert response.status_code == 303
    page = client.get(response.headers["Location"])
    record = db.session.scalars(select(SignatureRecord)).one()
    assert page.status_code == 200
    assert record.certificate_label in page.text
    assert "Terima kasih, Anda sudah menandatangani" in page.text
    assert f"/e/{event.slug}/signatories" in page.text
    assert record.phone == "+6281234567890"
    assert record.area_code == "64.01.04" and record.category == "camat"
    assert record.signature_method == "drawn" and record.signature_strokes == drawn_strokes()
    assert record.signature_image is None
    assert sorted(v.id for v in record.versions) == sorted(v.id for v in event.current_versions())


def test_the_private_page_draws_the_strokes_as_inline_svg(client):
    event = make_event()
    page = client.get(sign(client, event).headers["Location"]).text
    svg = re.search(r'<svg class="signature-image"[^>]*>(.*?)</svg>', page).group(0)
    path = re.search(r'<path d="([^"]+)"', svg).group(1)
    assert path.startswith("M120 300l18 -30") and "M700 120l0 0" in path
    assert re.fullmatch(r"[Ml0-9 -]+", path)
    assert "signature.png" not in page


def test_a_page_sent_before_strokes_still_signs_with_its_png(client):
    event = make_event()
    location = sign(client, event, signature_drawn=data_url(drawn_png())).headers["Location"]
    record = db.session.scalars(select(SignatureRecord)).one()
    assert record.signature_image.startswith(b"\x89PNG") and record.signature_strokes is None
    assert 'src="' + location + '/signature.png"' in client.get(location).text
    image = client.get(location + "/signature.png")
    assert image.status_code == 200 and image.mimetype == "image/png"
    assert image.headers["Cache-Control"] == "private, no-store"


def test_a_typed_signature_is_stored_as_text_and_shown_in_the_font(client):
    event = make_event()
    response = sign(client, event, signature_drawn=None, signature_typed="  Andi   Baso ")
    assert response.status_code == 303
    record = db.session.scalars(select(SignatureRecord)).one()
    assert record.signature_method == "typed" and record.signature_text == "Andi Baso"
    assert record.signature_image is None and record.signature_strokes is None
    page = client.get(response.headers["Location"]).text
    assert '<p class="signature-image signature-typed" id="signature-typed">Andi Baso</p>' in page
    assert client.get(response.headers["Location"] + "/signature.png").status_code == 404


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"full_name": ""}, "Silakan tulis nama lengkap Anda."),
        ({"full_name": "   "}, "Silakan tulis nama lengkap Anda."),
        ({"position": None}, "Silakan tulis jabatan Anda."),
        ({"institution": ""}, "Silakan tulis instansi atau organisasi Anda."),
        ({"category": ""}, "Silakan pilih unsur Anda."),
        ({"category": "spy"}, "Silakan pilih unsur Anda."),
        ({"area": "Gotham"}, "Silakan pilih kecamatan dari daftar."),
        ({"area": "64.03.05"}, "Silakan pilih kecamatan dari daftar."),
        (
            {"phone": "12345"},
            "Nomor telepon ini tidak valid. Tulis seperti 0812 3456 7890 atau +62 812 3456 7890.",
        ),
        ({"full_name": "x" * 121}, "Mohon tidak lebih dari 120 karakter."),
        (
            {"signature_drawn": None, "client_key": "kunci-browser"},
            "Silakan gambar tanda tangan Anda di dalam kotak, atau ketik nama Anda di bawahnya.",
        ),
        # Without the page's script (no key, no pad shown) there was no box to draw in.
        ({"signature_drawn": None}, "Silakan ketik nama Anda di bawah ini sebagai tanda tangan."),
        (
            {"signature_drawn": data_url(drawn_png(ink=False))},
            "Silakan gambar tanda tangan Anda di dalam kotak, atau ketik nama Anda di bawahnya.",
        ),
        (
            {"signature_drawn": "data:image/png;base64,AAAA"},
            "Tanda tangan tidak dapat dibaca. Silakan gambar ulang.",
        ),
        (
            {"signature_drawn": "data:text/html,<script>"},
            "Tanda tangan tidak dapat dibaca. Silakan gambar ulang.",
        ),
        (
            {"signature_drawn": "1000 529_120 300 <script>"},
            "Tanda tangan tidak dapat dibaca. Silakan gambar ulang.",
        ),
        (
            {"signature_drawn": "1000 529"},
            "Silakan gambar tanda tangan Anda di dalam kotak, atau ketik nama Anda di bawahnya.",
        ),
        (
            {"signature_drawn": "_".join(["1000 529"] + ["100 100 50 0"] * 41)},
            "Tanda tangan memiliki lebih dari 40 goresan. Silakan hapus dan gambar ulang.",
        ),
        (
            {"signature_drawn": "1000 529_10 10 " + " ".join(["1 0"] * 980 + ["0 1"] * 20)},
            "Salah satu garis tanda tangan terlalu panjang. Silakan hapus dan gambar ulang.",
        ),
        (
            {"signature_drawn": "_".join(["1000 529"] + ["10 10 " + " ".join(["1 0", "-1 0"] * 400)] * 4)},
            "Tanda tangan memiliki terlalu banyak titik. Silakan hapus dan gambar ulang dengan lebih sederhana.",
        ),
        (
            {"signature_drawn": "1000 529_990 300 20 0 -500 0"},
            "Tanda tangan keluar dari kotaknya. Silakan hapus dan gambar ulang.",
        ),
        (
            {"signature_drawn": "1000 529_500 300 40 10 40 -10"},
            "Tanda tangan terlalu kecil. Silakan gambar lebih besar, atau ketik nama Anda di bawahnya.",
        ),
    ],
)
def test_a_missing_or_invalid_field_is_explained_beside_it(client, overrides, message):
    event = make_event()
    response = sign(client, event, **overrides)
    assert response.status_code == 422
    assert message in errors_in(response.text)
    assert count_records() == 0


def test_each_document_must_be_agreed_to(client):
    event = make_event()
    first = event.current_versions()[0]
    response = sign(client, event, **{f"agree_{first.id}": None})
    assert response.status_code == 422
    assert f"Silakan centang untuk menyetujui “{first.title}”." in errors_in(response.text)
    assert count_records() == 0


def test_a_refused_form_keeps_what_was_typed_and_drawn(client):
    event = make_event()
    drawing = drawn_strokes()
    response = sign(client, event, full_name="", position="Ketua Bawaslu", signature_drawn=drawing)
    assert 'value="Ketua Bawaslu"' in response.text
    assert drawing in response.text


def test_the_phone_number_is_required_when_the_event_says_so(client):
    event = make_event(phone_required=True)
    response = sign(client, event, phone="")
    assert response.status_code == 422
    assert "Silakan tulis nomor WhatsApp Anda." in errors_in(response.text)


def test_the_phone_number_is_optional_otherwise(client):
    event = make_event()
    assert sign(client, event, phone="").status_code == 303
    assert db.session.scalars(select(SignatureRecord)).one().phone is None


def test_a_phone_number_that_signed_already_is_refused_without_saying_when(client):
    event = make_event()
    assert sign(client, event, phone="0812 3456 7890").status_code == 303
    response = sign(client, event, phone="+62 812-3456-7890", full_name="Orang Lain")
    assert response.status_code == 409
    [message] = [m for m in errors_in(response.text) if "sudah menandatangani" in m]
    # When it signed would tie the number to a row of the public wall (tests/test_recovery.py).
    assert message.startswith(
        "Nomor ini sudah menandatangani deklarasi ini. Untuk kembali ke sertifikat Anda"
    )
    assert "WITA" not in message and "pukul" not in message
    assert count_records() == 1


def test_the_same_phone_may_sign_another_event(client):
    assert sign(client, make_event(slug="satu")).status_code == 303
    assert sign(client, make_event(slug="dua")).status_code == 303
    assert count_records() == 2


def test_a_resubmitted_form_is_stored_once(client):
    event = make_event()
    first = sign(client, event, client_key="b3c1e0f2-key", phone="")
    again = sign(client, event, client_key="b3c1e0f2-key", phone="")
    assert first.headers["Location"] == again.headers["Location"]
    assert count_records() == 1


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: make_event(state=EventState.CLOSED), "Penandatanganan deklarasi ini sudah ditutup."),
        (
            lambda: make_closed_window_event(closed_ago=timedelta(hours=1)),
            "Penandatanganan deklarasi ini sudah ditutup.",
        ),
        (
            lambda: make_closed_window_event(opens_in=timedelta(hours=2)),
            "Penandatanganan belum dibuka. Dibuka pada",
        ),
    ],
)
def test_signing_outside_the_window_is_refused_clearly(client, build, message):
    event = build()
    for response in (client.get(f"/e/{event.slug}/sign"), sign(client, event)):
        assert response.status_code == 403
        assert message in response.text
    assert count_records() == 0


def test_a_draft_event_is_not_public(client):
    event = make_event(state=EventState.DRAFT)
    assert client.get(f"/e/{event.slug}").status_code == 404
    assert sign(client, event).status_code == 404


def test_a_body_over_the_limit_gets_a_readable_413(client, app):
    app.config["MAX_CONTENT_LENGTH"] = 10_000
    event = make_event()
    response = sign(client, event, signature_drawn="data:image/png;base64," + "A" * 20_000)
    assert response.status_code == 413
    assert "Data terlalu besar" in response.text
    assert count_records() == 0


def test_without_a_csrf_token_nothing_is_stored(csrf_app):
    client = csrf_app.test_client()
    event = make_event()
    response = client.post(f"/e/{event.slug}/sign", data=form_data(event))
    assert response.status_code == 400
    assert "Formulir kedaluwarsa" in response.text
    assert count_records() == 0


def test_with_the_csrf_token_from_the_page_signing_works(csrf_app):
    import re

    client = csrf_app.test_client()
    event = make_event()
    page = client.get(f"/e/{event.slug}/sign")
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text).group(1)
    response = client.post(f"/e/{event.slug}/sign", data={**form_data(event), "csrf_token": token})
    assert response.status_code == 303


def test_control_and_bidi_characters_are_removed_from_names(client):
    event = make_event()
    assert sign(client, event, full_name="Andi\u202e Baso\x00\t", phone="").status_code == 303
    assert db.session.scalars(select(SignatureRecord)).one().full_name == "Andi Baso"


@pytest.mark.parametrize("token", ["nonsense", "eyJhIjoxfQ.forged", "..%2F..%2Fetc%2Fpasswd"])
def test_a_forged_private_link_is_not_found(client, token):
    make_event()
    assert client.get(f"/s/{token}").status_code == 404
    assert client.get(f"/s/{token}/signature.png").status_code == 404


def test_a_private_link_signed_with_another_key_is_refused(client, app):
    from itsdangerous import URLSafeSerializer

    event = make_event()
    sign(client, event)
    record = db.session.scalars(select(SignatureRecord)).one()
    forged = URLSafeSerializer("another-secret", salt="signer-page").dumps(record.access_key)
    assert client.get(f"/s/{forged}").status_code == 404


def test_the_signers_page_shares_the_public_check_never_the_private_link(client):
    from urllib.parse import unquote

    event = make_event()
    location = sign(client, event).headers["Location"]
    page = client.get(location).text
    record = db.session.scalars(select(SignatureRecord)).one()
    verify = f"https://damai.example.id/verify/{record.certificate_number}"
    [whatsapp] = re.findall(r'id="share-whatsapp" href="([^"]+)"', page)
    assert whatsapp.startswith("https://wa.me/?text=")
    assert verify in unquote(whatsapp)
    assert location.split("/s/")[1] not in unquote(whatsapp)
    assert f'data-url="{verify}"' in page


@pytest.mark.parametrize("path", ["/e/{slug}/sign", "kiosk"])
def test_a_title_with_markup_is_shown_as_text_on_the_form_and_its_messages(console, path):
    event = console.event
    transitions.revise_text(event.documents[0], "panitia", '<img src=x onerror="alert(1)">Deklarasi', "Isi.")
    url = start_kiosk(console, event) if path == "kiosk" else path.format(slug=event.slug)
    for page in (console.get(url).text, console.post(url, data={"full_name": "A"}).text):
        assert "<img src=x" not in page
        assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;Deklarasi" in page


def test_the_trap_field_is_read_on_an_invitation_too(client):
    event = make_event()
    seat = make_seat(event)
    response = client.post(invitation_path(seat), data=form_data(event, homepage="http://spam.example"))
    assert response.status_code == 200 and count_records() == 0
    assert seat.signature_id is None
