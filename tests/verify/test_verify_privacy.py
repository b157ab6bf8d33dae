"""/verify/<number> shows of a record exactly what the wall would show, nothing more."""

import pytest

from pledge import transitions
from pledge.wall.listing import PublicRow
from tests.builders import make_event, make_signature


@pytest.fixture
def english(client):
    client.get("/lang/en")
    return client


def test_a_name_awaiting_approval_is_hidden_as_on_the_wall(english):
    event = make_event(moderates_names=True)
    record = make_signature(event, show_name=True, full_name="Menunggu Persetujuan", position="Camat Kuaro")
    assert PublicRow.of(record).name is None  # the wall hides it
    page = english.get(f"/verify/{record.certificate_number}")
    assert page.status_code == 200
    assert "Menunggu Persetujuan" not in page.text and "Camat Kuaro" not in page.text
    assert "Not shown publicly" in page.text


def test_an_approved_name_shows_as_on_the_wall(english):
    event = make_event(moderates_names=True)
    record = make_signature(event, show_name=True, full_name="Sudah Disetujui")
    transitions.approve_name(record, "organiser")
    page = english.get(f"/verify/{record.certificate_number}")
    assert PublicRow.of(record).name == "Sudah Disetujui"
    assert "Sudah Disetujui" in page.text


def test_a_hidden_name_hides_position_and_institution(english):
    record = make_signature(
        make_event(),
        show_name=False,
        full_name="Nama Rahasia",
        position="Kepala Desa Songka",
        institution="Pemerintah Desa Songka",
    )
    page = english.get(f"/verify/{record.certificate_number}")
    for private in ("Nama Rahasia", "Kepala Desa Songka", "Pemerintah Desa Songka"):
        assert private not in page.text


def test_an_erased_record_shows_nothing_personal(english):
    record = make_signature(
        make_event(),
        show_name=True,
        full_name="Akan Dihapus",
        position="Kepala Desa Songka",
        institution="Pemerintah Desa Songka",
    )
    transitions.erase(record, "organiser")
    page = english.get(f"/verify/{record.certificate_number}")
    assert page.status_code == 200
    assert "Personal data erased at the signer's request" in page.text
    for private in (
        "Akan Dihapus",
        "Kepala Desa Songka",
        "Pemerintah Desa Songka",
        "Kuaro",
        "Religious leader",
    ):
        assert private not in page.text
