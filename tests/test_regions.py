"""Indonesia's regions as shipped: codes, names, zones, breakdowns, and what a person types."""

import pytest

from pledge import regions
from pledge.models import RegionLevel


def test_the_545_regions_that_voted_on_27_november_2024(app):
    elected = regions.elected_regions()
    assert len(elected) == regions.ELECTIONS_2024 == 545
    levels = [area.level for area in elected]
    assert levels.count(RegionLevel.PROVINCE) == 37 and levels.count(RegionLevel.REGENCY) == 508
    codes = {area.code for area in elected}
    assert "34" not in codes and "31.71" not in codes and "34.02" in codes and "31" in codes


@pytest.mark.parametrize(
    ("code", "zone"),
    [
        ("11", "Asia/Jakarta"),
        ("61.71", "Asia/Jakarta"),
        ("64.01", "Asia/Makassar"),
        ("51", "Asia/Makassar"),
        ("94.01", "Asia/Jayapura"),
        ("82", "Asia/Jayapura"),
    ],
)
def test_every_region_is_in_the_zone_of_its_province(app, code, zone):
    assert regions.get(code).timezone == zone


def test_names_are_as_kemendagri_writes_them_trimmed(app):
    assert regions.get("64.01.03").name == "Paser Belengkong"
    assert regions.get("31.72").name == "Kota Administrasi Jakarta Utara"  # the source row ends in a space
    assert [area.title for area in (regions.get("64"), regions.get("34"), regions.get("64.01.05"))] == [
        "Provinsi Kalimantan Timur",
        "Daerah Istimewa Yogyakarta",
        "Kecamatan Kuaro",
    ]


def test_a_kabupaten_breaks_down_by_its_kecamatan_and_a_province_by_its_kabupaten_and_kota(app):
    assert [area.name for area in regions.children("64.01")][:3] == ["Batu Engau", "Batu Sopang", "Kuaro"]
    assert len(regions.children("64.01")) == 10 and len(regions.children("64.03")) == 13
    kaltim = [area.name for area in regions.children("64")]
    assert len(kaltim) == 10 and "Kota Samarinda" in kaltim and "Kabupaten Berau" in kaltim


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("Tanjung Redeb", "64.03.05"),
        ("kec. tanjung redeb", "64.03.05"),
        ("Kecamatan Tanjung Redeb", "64.03.05"),
        ("64.03.05", "64.03.05"),
        ("Gotham", None),
        ("", None),
    ],
)
def test_a_kecamatan_is_found_by_how_people_write_it(app, typed, found):
    area = regions.match_in(regions.children("64.03"), typed)
    assert (area.code if area else None) == found


def test_pasir_belengkong_is_read_as_kemendagri_writes_it(app):
    assert regions.match_in(regions.children("64.01"), "Pasir Belengkong").code == "64.01.03"


def test_a_bare_name_shared_by_a_kabupaten_and_a_kota_names_neither(app):
    west_java = regions.children("32")
    assert regions.match_in(west_java, "Bogor") is None
    assert regions.match_in(west_java, "Kota Bogor").code == "32.71"


def test_searching_puts_the_region_named_in_full_first(app):
    assert regions.search("Kabupaten Paser")[0].code == "64.01"
    assert {area.code for area in regions.search("paser")} >= {"64.01", "64.09"}
    assert regions.search("64.03") == [regions.get("64.03")]
