"""The one validation of every way of signing (pledge.sign_form.read), without HTTP."""

import pytest
from werkzeug.datastructures import MultiDict

from pledge import sign_form, strokes
from pledge.i18n import in_language
from tests.builders import TANAH_GROGOT, form_data, make_event


@pytest.fixture
def app(app):
    """The app inside a request, as the views call read()."""
    with app.test_request_context("/", method="POST"):
        yield app


def read(event, **overrides):
    return sign_form.read(event, MultiDict(form_data(event, **overrides)))


def messages(reading):
    """The messages in Indonesian, the portal's default language, by field."""
    return {name: str(in_language(message, "id")) for name, message in reading.errors.items()}


def test_a_form_in_order_reads_as_the_signer_their_mark_and_the_texts(app):
    event = make_event()
    reading = read(event, full_name="  Andi\u202e  Baso ", client_key="k-1.a_b")
    assert reading.errors == {} and not reading.bot
    signer = reading.signer
    assert (signer.full_name, signer.category, signer.area_code) == ("Andi Baso", "camat", TANAH_GROGOT)
    assert signer.phone == "+6281234567890" and signer.show_name is True
    assert reading.mark.method == "drawn" and reading.mark.strokes
    assert reading.agreed_version_ids == [version.id for version in event.current_versions()]
    assert reading.client_key == "k-1.a_b"


def test_what_may_be_left_out_is_read_as_nothing(app):
    event = make_event()
    reading = read(event, area="", phone="", show_name=None, client_key="<script>")
    assert reading.errors == {}
    assert reading.signer.area_code is None and reading.signer.phone is None
    assert reading.signer.show_name is False
    assert reading.client_key is None  # not a key the script makes: dropped, never a refusal


def test_a_typed_signature_is_read_as_text(app):
    reading = read(make_event(), signature_drawn="", signature_typed="  Andi   Baso ")
    assert reading.mark == strokes.SignatureMark("typed", text="Andi Baso")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"full_name": "   "}, "full_name", "Silakan tulis nama lengkap Anda."),
        ({"full_name": None}, "full_name", "Silakan tulis nama lengkap Anda."),
        ({"position": "x" * 121}, "position", "Mohon tidak lebih dari 120 karakter."),
        ({"institution": ""}, "institution", "Silakan tulis instansi atau organisasi Anda."),
        ({"category": "president"}, "category", "Silakan pilih unsur Anda."),
        ({"area": "64.02.01"}, "area", "Silakan pilih kecamatan dari daftar."),
        (
            {"phone": "12"},
            "phone",
            "Nomor telepon ini tidak valid. Tulis seperti 0812 3456 7890 atau +62 812 3456 7890.",
        ),
        (
            {"signature_drawn": "1000 500_990 10 50 0"},
            "signature_drawn",
            "Tanda tangan keluar dari kotaknya. Silakan hapus dan gambar ulang.",
        ),
        (
            {"signature_drawn": "", "signature_typed": "", "client_key": "k-1"},
            "signature_drawn",
            "Silakan gambar tanda tangan Anda di dalam kotak, atau ketik nama Anda di bawahnya.",
        ),
        (
            {"signature_drawn": "", "signature_typed": ""},
            "signature_drawn",
            "Silakan ketik nama Anda di bawah ini sebagai tanda tangan.",
        ),
        (
            {"signature_drawn": "", "signature_typed": "y" * 81},
            "signature_typed",
            "Mohon tidak lebih dari 80 karakter.",
        ),
    ],
)
def test_each_refusal_names_its_field_and_says_what_to_change(app, overrides, field, message):
    reading = read(make_event(), **overrides)
    assert messages(reading) == {field: message}
    assert reading.signer is None


def test_an_unticked_text_is_refused_by_its_title(app):
    event = make_event()
    [version, *_] = event.current_versions()
    reading = read(event, **{f"agree_{version.id}": None})
    assert messages(reading) == {
        f"agree_{version.id}": f"Silakan centang untuk menyetujui “{version.title}”."
    }


def test_the_number_is_required_where_the_event_says_so(app):
    reading = read(make_event(phone_required=True), phone=" ")
    assert messages(reading) == {"phone": "Silakan tulis nomor WhatsApp Anda."}


def test_every_refusal_is_read_at_once(app):
    reading = read(make_event(), full_name="", category="", phone="12")
    assert sorted(reading.errors) == ["category", "full_name", "phone"]


def test_the_trap_field_marks_a_script(app):
    reading = read(make_event(), homepage="http://spam.example")
    assert reading.bot and reading.signer is None


def test_a_form_in_order_is_stored_without_building_a_form_object(client, monkeypatch):
    # Its own request: the client's, not the module's fixture.
    event = make_event()

    def refuse(*args, **kwargs):
        raise AssertionError("a SignForm was built for a form in order")

    monkeypatch.setattr("pledge.submission.sign_form_for", refuse)
    assert client.post(f"/e/{event.slug}/sign", data=form_data(event)).status_code == 303
