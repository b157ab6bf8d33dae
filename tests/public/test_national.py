"""The national front page and the province pages: declarations by province, and how many
of the 545 regions that voted in 2024 hold one."""

import re

import pytest

from pledge.models import EventState
from tests.builders import BERAU, KALTIM, make_event, make_signature


def regions_held(page):
    return int(re.search(r'<strong id="regions-held">(\d+)</strong>', page).group(1))


def test_the_front_page_lists_declarations_by_province_with_their_signatures(client):
    paser = make_event(slug="paser", title="Deklarasi Paser")
    berau = make_event(slug="berau", title="Deklarasi Berau", region_code=BERAU)
    make_event(slug="kaltim", title="Deklarasi Kalimantan Timur", region_code=KALTIM)
    make_event(slug="aceh", title="Deklarasi Aceh Selatan", region_code="11.01")
    make_event(slug="draf", title="Deklarasi Rahasia", region_code="91.71", state=EventState.DRAFT)
    for n in range(3):
        make_signature(paser, phone=f"+628120000000{n}")
    make_signature(berau, phone=None)
    page = client.get("/").text
    assert regions_held(page) == 4 and "dari 545 wilayah" in page
    assert "4 tanda tangan" in page and "4 deklarasi" in page
    headings = re.findall(r'<h2 id="province-\d+"><a href="/wilayah/(\d+)">([^<]+)</a></h2>', page)
    assert headings == [("11", "Provinsi Aceh"), ("64", "Provinsi Kalimantan Timur")]
    assert "Deklarasi Rahasia" not in page  # drafts are not public
    bars = dict(
        re.findall(r'<span class="bar-label">([^<]*)</span>\s*<span class="bar-n">([^<]*)</span>', page)
    )
    assert bars == {"Aceh": "belum ada", "Kalimantan Timur": "4"}
    assert "3 tanda tangan" in page and "1 tanda tangan" in page


@pytest.mark.parametrize(
    ("region_code", "held"),
    [
        ("64.01", 1),  # a kabupaten that elected its regent
        ("64", 1),  # a province that elected its governor
        ("34", 0),  # Daerah Istimewa Yogyakarta: no governor's election
        ("31.71", 0),  # Jakarta Pusat: an administrative city, no mayor's election
        ("34.02", 1),  # Kabupaten Bantul, in Yogyakarta, elected its regent
    ],
)
def test_only_regions_that_voted_in_2024_count_towards_the_545(client, region_code, held):
    make_event(slug="satu", region_code=region_code)
    assert regions_held(client.get("/").text) == held


def test_two_declarations_of_one_region_count_it_once(client):
    make_event(slug="satu")
    make_event(slug="dua")
    assert regions_held(client.get("/").text) == 1


def test_a_province_page_shows_its_declarations_and_its_own_tally(client):
    make_event(slug="paser", title="Deklarasi Paser")
    make_event(slug="kaltim", title="Deklarasi Kalimantan Timur", region_code=KALTIM)
    make_event(slug="aceh", title="Deklarasi Aceh", region_code="11")
    page = client.get("/wilayah/64")
    assert page.status_code == 200
    assert "<h1>Provinsi Kalimantan Timur</h1>" in page.text
    assert "Deklarasi Paser" in page.text and "Deklarasi Kalimantan Timur" in page.text
    assert "Deklarasi Aceh" not in page.text
    # Kalimantan Timur elected its governor and its ten kabupaten/kota: 11 regions.
    assert regions_held(page.text) == 2 and "dari 11 wilayah" in page.text


@pytest.mark.parametrize("code", ["99", "64.01", "x", "6"])
def test_a_province_page_that_does_not_exist_is_a_404(client, code):
    assert client.get(f"/wilayah/{code}").status_code == 404


def test_an_empty_portal_says_nothing_is_open(client):
    page = client.get("/").text
    assert "Saat ini belum ada deklarasi yang dibuka untuk ditandatangani." in page
    assert "regions-held" not in page
