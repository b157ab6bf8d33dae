"""The roster of seats: invitations from opening to use, the CSV upload, coverage."""

import io
import re
import time
from urllib.parse import parse_qs, urlparse

import pytest
from sqlalchemy import select

from pledge import roster, transitions
from pledge.extensions import db
from pledge.models import Seat, SignatureRecord
from tests.builders import errors_in, form_data, make_event, make_signature
from tests.console_builders import invitation_path, log_in, make_organiser, make_seat

USED = "Undangan ini sudah dipakai untuk menandatangani. Setiap undangan hanya dapat dipakai satu kali."
FORGED = "Pastikan Anda membuka tautan secara utuh, atau mintalah tautan baru kepada panitia."
EXPIRED = "Tautan undangan ini sudah terlalu lama. Silakan minta tautan baru kepada panitia."


def refusal_in(html):
    return re.search(r'<p id="refusal">([^<]*)</p>', html).group(1)


def test_opening_an_invitation_shows_the_form_filled_in_and_uses_nothing(client):
    event = make_event()
    seat = make_seat(event)
    for _ in range(2):
        page = client.get(invitation_path(seat))
        assert page.status_code == 200
        assert page.headers["Cache-Control"] == "private, no-store"
        assert "Undangan pribadi ini untuk Kecamatan Kuaro." in page.text
        assert 'value="Camat Kuaro"' in page.text and 'value="Kecamatan Kuaro"' in page.text
        assert '<option selected value="camat">' in page.text
        assert '<option selected value="64.01.05">Kuaro</option>' in page.text
    assert not db.session.get(Seat, seat.id).is_used


def test_submitting_the_invitation_uses_the_seat_and_a_second_use_is_refused(client):
    event = make_event()
    seat = make_seat(event)
    path = invitation_path(seat)
    response = client.post(path, data=form_data(event, full_name="H. Rahmat", area="64.01.05"))
    assert response.status_code == 303 and response.headers["Location"].startswith("/s/")
    record = db.session.scalars(select(SignatureRecord)).one()
    db.session.expire_all()
    assert db.session.get(Seat, seat.id).signature_id == record.id

    for method, data in (("GET", None), ("POST", form_data(event, phone="0813 1111 2222"))):
        again = client.open(path, method=method, data=data)
        assert again.status_code == 410
        assert refusal_in(again.text) == USED
    assert db.session.scalar(select(db.func.count(SignatureRecord.id))) == 1


def test_a_resubmission_of_the_same_form_returns_the_first_record(client):
    event = make_event()
    seat = make_seat(event)
    data = form_data(event, client_key="kunci-sama")
    first = client.post(invitation_path(seat), data=data)
    assert first.status_code == 303
    # The seat is used now: the repeated post is refused as used, and stores nothing.
    assert client.post(invitation_path(seat), data=data).status_code == 410
    assert db.session.scalar(select(db.func.count(SignatureRecord.id))) == 1


def test_two_records_cannot_take_one_seat(app):

    event = make_event()
    seat = make_seat(event)
    make_signature(event, seat=seat)
    with pytest.raises(transitions.SeatTaken):
        make_signature(event, phone="+6281399998888", seat=seat)
    assert db.session.scalar(select(db.func.count(SignatureRecord.id))) == 1


@pytest.mark.parametrize(
    "token",
    ["rusak", "WzEsIm5vbmNlIl0.ZZZZZZ.tandatangan-palsu", ""],
    ids=["garbage", "forged-signature", "empty"],
)
def test_a_forged_invitation_is_refused(client, token):
    make_seat(make_event())
    response = client.get(f"/i/{token}" if token else "/i/x")
    assert response.status_code == 404
    assert refusal_in(response.text) == FORGED


def test_an_invitation_signed_with_another_key_is_refused(client, app):
    seat = make_seat(make_event())
    from itsdangerous import URLSafeTimedSerializer

    token = URLSafeTimedSerializer("kunci-lain", salt="seat-invitation").dumps([seat.id, seat.nonce])
    assert refusal_in(client.get(f"/i/{token}").text) == FORGED


def test_a_removed_seat_invitation_is_refused(client):
    event = make_event()
    seat = make_seat(event)
    path = invitation_path(seat)
    make_organiser(admin=True)
    log_in(client)
    client.post(f"/admin/events/{event.id}/seats/{seat.id}/delete")
    assert refusal_in(client.get(path).text) == FORGED


def test_an_expired_invitation_is_refused(client, app):
    seat = make_seat(make_event())
    path = invitation_path(seat)
    app.config["INVITATION_MAX_AGE"] = 1
    time.sleep(2.1)
    response = client.get(path)
    assert response.status_code == 410
    assert refusal_in(response.text) == EXPIRED


def test_an_invitation_to_a_closed_event_says_it_is_closed(client):
    from pledge.models import EventState

    event = make_event(state=EventState.CLOSED)
    response = client.get(invitation_path(make_seat(event)))
    assert response.status_code == 403


def test_a_refused_invitation_form_keeps_the_seat_free_and_shows_errors(client):
    event = make_event()
    seat = make_seat(event)
    response = client.post(invitation_path(seat), data=form_data(event, full_name=None))
    assert response.status_code == 422
    assert errors_in(response.text) == ["Silakan tulis nama lengkap Anda."]
    assert not db.session.get(Seat, seat.id).is_used


# --- the console side --------------------------------------------------------------


def test_an_organiser_adds_a_seat_and_sees_its_invitation(console):
    client, event = console, console.event
    response = client.post(
        f"/admin/events/{event.id}/seats",
        data={
            "category": "police",
            "institution": "Polres Paser",
            "position": "Kapolres Paser",
            "area": "",
        },
    )
    assert response.status_code == 303
    seat = Seat.of_event(event)[0]
    page = client.get(f"/admin/events/{event.id}/seats/{seat.id}").text
    url = "https://damai.example.id" + invitation_path(seat)
    assert url in page
    whatsapp = re.search(r'href="(https://wa\.me/[^"]+)"', page).group(1)
    text = parse_qs(urlparse(whatsapp.replace("&amp;", "&")).query)["text"][0]
    assert text.startswith("Yth. Kapolres Paser,") and url in text
    assert "hanya dapat dipakai satu kali" in text
    qr = client.get(f"/admin/events/{event.id}/seats/{seat.id}/qr.svg")
    assert qr.mimetype == "image/svg+xml" and qr.text.startswith("<svg")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"category": "", "institution": "Polres"}, "Silakan pilih unsur pemangku kepentingan."),
        ({"category": "police", "institution": ""}, "Silakan tulis instansi."),
        (
            {"category": "camat", "institution": "X", "area": "64.03.05"},
            "Silakan pilih kecamatan dari daftar.",
        ),
    ],
)
def test_adding_a_seat_refuses(console, data, message):
    response = console.post(f"/admin/events/{console.event.id}/seats", data=data)
    assert response.status_code == 422
    assert message in errors_in(response.text)


def upload(client, event, text, encoding="utf-8"):
    data = {"roster": (io.BytesIO(text.encode(encoding)), "kursi.csv")}
    return client.post(
        f"/admin/events/{event.id}/seats/upload", data=data, content_type="multipart/form-data"
    )


def test_the_template_uploads_as_it_is(console):
    client, event = console, console.event
    template = client.get(f"/admin/events/{event.id}/seats/template.csv")
    assert template.mimetype == "text/csv"
    assert upload(client, event, template.text).status_code == 303
    assert template.text.startswith("\ufeffunsur;instansi;jabatan;kecamatan\r\n")
    assert [(seat.institution, seat.area_code) for seat in Seat.of_event(event)] == [
        ("Kecamatan Batu Engau", "64.01.09"),
        ("KPU Kabupaten Paser", None),
        ("Polres Paser", None),
    ]


def test_a_csv_with_good_rows_adds_every_seat(console):
    client, event = console, console.event
    text = (
        "unsur;instansi;jabatan;kecamatan\n"
        "Sub-district head (camat);Kecamatan Kuaro;Camat Kuaro;Kuaro\n"
        "camat;Kecamatan Long Ikis;Camat Long Ikis;Kec. Long Ikis\n"
        "\n"
        "religious_leader;MUI Kabupaten Paser;;\n"
        "Tokoh adat;Lembaga Adat Paser;Ketua;Pasir Belengkong\n"
        "camat;Kecamatan Muara Samu;Camat;64.01.10\n"
    )
    response = upload(client, event, text)
    assert response.status_code == 303
    client.get(response.headers["Location"])
    assert [(s.category, s.area_code) for s in Seat.of_event(event)] == [
        ("camat", "64.01.05"),
        ("camat", "64.01.06"),
        ("camat", "64.01.10"),
        ("customary_leader", "64.01.03"),
        ("religious_leader", None),
    ]


def test_a_csv_with_mac_line_ends_adds_every_seat(console):
    client, event = console, console.event
    text = (
        "unsur;instansi;jabatan;kecamatan\rcamat;Kecamatan Kuaro;Camat;Kuaro\rpolice;Polres Paser;Kapolres;\r"
    )
    assert upload(client, event, text).status_code == 303
    assert [(s.institution, s.area_code) for s in Seat.of_event(event)] == [
        ("Kecamatan Kuaro", "64.01.05"),
        ("Polres Paser", None),
    ]


def test_a_csv_with_bad_rows_adds_nothing_and_names_each_line(console):
    client, event = console, console.event
    text = (
        "unsur,instansi,jabatan,kecamatan\n"
        "camat,Kecamatan Kuaro,Camat Kuaro,Kuaro\n"
        "lurah,Kelurahan X,,\n"
        "police,,Kapolsek,\n"
        "camat,Kecamatan Gotham,Camat,Gotham\n"
        f"police,{'P' * 201},,\n"
    )
    response = upload(client, event, text)
    assert response.status_code == 422
    lines = re.findall(r"<li>(Baris [^<]*)</li>", response.text)
    assert lines == [
        "Baris 3: Unsur “lurah” tidak dikenal.",
        "Baris 4: Instansi belum diisi.",
        "Baris 5: “Gotham” bukan kecamatan di Kabupaten Paser.",
        "Baris 6: Instansi atau jabatan lebih dari 200 karakter.",
    ]
    assert Seat.of_event(event) == []


@pytest.mark.parametrize(
    ("content", "encoding", "message"),
    [
        (
            "nama,alamat\nx,y\n",
            "utf-8",
            "Baris 1: Baris pertama harus berupa judul kolom: unsur, instansi, jabatan, kecamatan.",
        ),
        ("unsur,instansi,jabatan,kecamatan\n", "utf-8", "Baris 2: Berkas ini tidak berisi kursi."),
        (
            "unsur,instansi,jabatan,kecamatan\ncamat,Kecamatan Kuaro Ünïcode,,\n",
            "utf-16",
            "Baris 1: Berkas ini bukan teks UTF-8.",
        ),
        (
            f"unsur;instansi;jabatan;kecamatan\ncamat;{'X' * 131_073};;\n",
            "utf-8",
            "Baris 2: Baris ini tidak dapat dibaca: ada tanda kutip yang tidak ditutup, atau sel yang terlalu panjang.",
        ),
        (
            'unsur,instansi,jabatan,kecamatan\ncamat,"Kecamatan Kuaro,Camat,Kuaro\n' + "x" * 140_000,
            "utf-8",
            "Baris ",
        ),
    ],
)
def test_a_csv_that_cannot_be_read_is_refused(console, content, encoding, message):
    response = upload(console, console.event, content, encoding)
    assert response.status_code == 422
    assert re.findall(r"<li>(Baris [^<]*)</li>", response.text)[0].startswith(message)


def test_coverage_counts_valid_signatures_per_group(console):
    client, event = console, console.event
    camat = [make_seat(event, institution=f"Kecamatan {n}", area_code=None) for n in range(3)]
    make_seat(event, category="police", institution="Polres Paser", area_code=None)
    make_signature(event, phone="+6281200000001", seat=camat[0])
    revoked = make_signature(event, phone="+6281200000002", seat=camat[1])
    transitions.revoke(revoked, "salah orang", "test")
    rows = {row.category: (row.signed, row.expected) for row in roster.coverage(event)}
    assert rows == {"camat": (1, 3), "police": (0, 1)}
    assert "Camat: 1 dari 3 telah menandatangani" in re.sub(
        r"<[^>]+>", "", client.get(f"/admin/events/{event.id}/seats").text
    )


def test_a_new_link_replaces_a_leaked_one(console):
    client, event = console, console.event
    seat = make_seat(event)
    old = invitation_path(seat)
    response = client.post(f"/admin/events/{event.id}/seats/{seat.id}/reissue", follow_redirects=True)
    assert "Tautan undangan baru telah dibuat; tautan lama tidak berlaku lagi." in response.text
    assert refusal_in(client.get(old).text) == FORGED
    db.session.refresh(seat)
    assert client.get(invitation_path(seat)).status_code == 200


def test_a_berau_roster_takes_berau_kecamatan_and_a_provincial_one_its_kabupaten_and_kota(client):
    from tests.builders import BERAU, KALTIM
    from tests.console_builders import log_in, make_organiser

    berau = make_event(slug="berau", region_code=BERAU)
    kaltim = make_event(slug="kaltim", region_code=KALTIM)
    make_organiser(events=[berau, kaltim])
    log_in(client)
    ok = upload(
        client, berau, "unsur;instansi;jabatan;kecamatan\ncamat;Kecamatan Tanjung Redeb;Camat;Tanjung Redeb\n"
    )
    assert ok.status_code == 303
    assert [seat.area_code for seat in Seat.of_event(berau)] == ["64.03.05"]
    refused = upload(client, berau, "unsur;instansi;jabatan;kecamatan\ncamat;Kecamatan Kuaro;Camat;Kuaro\n")
    assert re.findall(r"<li>(Baris [^<]*)</li>", refused.text) == [
        "Baris 2: “Kuaro” bukan kecamatan di Kabupaten Berau."
    ]
    provincial = upload(
        client,
        kaltim,
        "unsur;instansi;jabatan;kabupaten/kota\n"
        "election_organiser;KPU Kabupaten Berau;Ketua;Berau\n"
        "election_organiser;KPU Kota Samarinda;Ketua;Kota Samarinda\n",
    )
    assert provincial.status_code == 303
    assert sorted(seat.area_code for seat in Seat.of_event(kaltim)) == ["64.03", "64.72"]
    refused = upload(client, kaltim, "unsur;instansi;jabatan;kabupaten/kota\ncamat;X;Camat;Tanjung Redeb\n")
    assert re.findall(r"<li>(Baris [^<]*)</li>", refused.text) == [
        "Baris 2: “Tanjung Redeb” bukan kabupaten/kota di Provinsi Kalimantan Timur."
    ]
    template = client.get(f"/admin/events/{kaltim.id}/seats/template.csv").text
    assert template.startswith("\ufeffunsur;instansi;jabatan;kabupaten/kota\r\n")


def test_a_roster_of_forty_thousand_rows_is_refused_at_its_limit_without_reading_the_rest(console):
    rows = "camat;X;;\n" * 40_000  # 400 KB: larger bodies the test client spools to a file it never closes
    response = upload(console, console.event, "unsur;instansi;jabatan;kecamatan\n" + rows)
    assert response.status_code == 422
    assert re.findall(r"<li>(Baris [^<]*)</li>", response.text) == [
        "Baris 2002: Berkas ini berisi lebih dari 2000 kursi. Bagilah menjadi beberapa berkas yang lebih kecil."
    ]
    assert Seat.of_event(console.event) == []
