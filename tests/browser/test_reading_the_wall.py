"""A resident reads the signatory wall on a phone and narrows it to their kecamatan."""

import pytest

from tests.browser.conftest import screenshot
from tests.builders import make_event, make_signature
from tests.wall_builders import make_pair

pytestmark = pytest.mark.browser


def test_a_resident_filters_the_wall_by_kecamatan_on_a_phone(live_server, phone):
    event = make_event()
    make_pair(event, 2, "Calon Dua", "Wakil Dua", "Tim Dua")
    make_pair(event, 1, "Calon Satu", "Wakil Satu", "Tim Satu")
    make_signature(event, phone=None, full_name="Warga Kuaro", area_code="64.01.05")
    make_signature(event, phone=None, full_name="Warga Long Ikis", area_code="64.01.06", category="camat")

    phone.goto(f"{live_server}/e/{event.slug}/signatories")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.get_by_text("Siapa yang sudah menandatangani, menurut unsur dan kecamatan").click()
    phone.get_by_label("Kecamatan", exact=True).select_option("Kuaro")
    phone.get_by_role("button", name="Tampilkan").click()
    phone.wait_for_url("**area=64.01.05**")

    assert phone.locator(".wall .who").all_inner_texts() == ["Warga Kuaro"]
    assert phone.get_by_label("Kecamatan", exact=True).input_value() == "64.01.05"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "a-resident-filters-the-wall")
