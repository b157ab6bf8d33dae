"""An event's organising institutions, their logos, and the officials and witnesses of its record."""

import io

import pytest
from PIL import Image
from sqlalchemy import select

from pledge.extensions import db
from pledge.models import AuditEntry, EventInstitution
from tests.builders import errors_in


def image_bytes(format, size=(300, 200), mode="RGBA", **save):
    image = Image.new(mode, size, (200, 30, 30, 255) if mode == "RGBA" else (200, 30, 30))
    out = io.BytesIO()
    image.save(out, format=format, **save)
    return out.getvalue()


def add_institution(client, event, name, logo=None, filename="logo.png"):
    data = {"name": name}
    if logo is not None:
        data["logo"] = (io.BytesIO(logo), filename)
    return client.post(
        f"/admin/events/{event.id}/organisers/institutions", data=data, content_type="multipart/form-data"
    )


def test_an_organiser_adds_an_institution_with_its_logo(console):
    event = console.event
    png = image_bytes("PNG", pnginfo=None)
    response = add_institution(console, event, "KPU Kabupaten Paser", png)
    assert response.status_code == 303
    db.session.expire_all()
    assert event.organiser_names == ["Polres Paser", "KPU Kabupaten Paser"]
    stored = event.institutions[1].logo
    with Image.open(io.BytesIO(stored)) as logo:
        assert logo.format == "PNG" and logo.size == (300, 200) and logo.mode == "RGBA"
    page = console.get(f"/admin/events/{event.id}/organisers").text
    assert "KPU Kabupaten Paser" in page
    logo_url = f"/admin/events/{event.id}/organisers/institutions/{event.institutions[1].id}/logo.png"
    assert logo_url in page
    assert console.get(logo_url).data == stored
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "event.institution_add"))
    assert entry.subject == "KPU Kabupaten Paser" and entry.details == {"logo": True}


def test_a_large_photo_of_a_logo_is_shrunk_turned_upright_and_stripped_of_its_metadata(console):
    event = console.event
    photo = Image.new("RGB", (2400, 1200), (10, 80, 10))
    exif = photo.getexif()
    exif[0x0112] = 6  # taken with the phone on its side: rotate 90° to show it upright
    exif[0x010F] = "Kamera Ponsel"
    out = io.BytesIO()
    photo.save(out, format="JPEG", exif=exif)
    assert (
        add_institution(console, event, "Bawaslu Kabupaten Paser", out.getvalue(), "logo.jpg").status_code
        == 303
    )
    db.session.expire_all()
    with Image.open(io.BytesIO(event.institutions[1].logo)) as logo:
        assert logo.format == "PNG" and logo.size == (160, 320)
        assert not logo.getexif() and "exif" not in logo.info


def test_a_photo_whose_exif_cannot_be_read_is_kept_as_it_is_stored(console):
    event = console.event
    photo = Image.new("RGB", (64, 48), (10, 80, 10))
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F] = "Cam" * 10
    out = io.BytesIO()
    photo.save(out, format="JPEG", exif=exif.tobytes())
    damaged = bytearray(out.getvalue())
    at = damaged.index(b"\x01\x0f\x00\x02")
    damaged[at + 1] = 0x17  # the Make tag becomes StripByteCounts, still written as text
    answer = add_institution(console, event, "KPU Kabupaten Paser", bytes(damaged), "logo.jpg")
    assert answer.status_code == 303
    db.session.expire_all()
    with Image.open(io.BytesIO(event.institutions[1].logo)) as logo:
        assert logo.format == "PNG" and logo.size == (64, 48) and not logo.getexif()


@pytest.mark.parametrize(
    ("name", "logo", "message"),
    [
        ("", None, "Silakan tulis nama lembaga."),
        ("KPU", b"GIF89a not a logo", "Logo harus berupa gambar PNG atau JPEG."),
        ("KPU", image_bytes("GIF", mode="RGB"), "Logo harus berupa gambar PNG atau JPEG."),
        (
            "KPU",
            image_bytes("PNG", size=(9000, 10), mode="RGB"),
            "Logo terlalu besar: paling besar 2 MB dan 8.000 piksel per sisi.",
        ),
    ],
)
def test_adding_an_institution_refuses(console, name, logo, message):
    response = add_institution(console, console.event, name, logo)
    assert response.status_code == 422
    assert message in errors_in(response.text)
    assert len(db.session.scalars(select(EventInstitution)).all()) == 1


def test_an_event_names_at_most_six_institutions(console):
    for n in range(5):
        assert add_institution(console, console.event, f"Lembaga {n}").status_code == 303
    refused = add_institution(console, console.event, "Lembaga ketujuh")
    assert refused.status_code == 422
    assert "Satu acara paling banyak menyebut 6 lembaga." in errors_in(refused.text)


def test_an_institution_is_removed_and_its_logo_replaced(console):
    event = console.event
    add_institution(console, event, "KPU Kabupaten Paser")
    db.session.expire_all()
    kpu = event.institutions[1]
    console.post(
        f"/admin/events/{event.id}/organisers/institutions/{kpu.id}/logo",
        data={"logo": (io.BytesIO(image_bytes("PNG")), "baru.png")},
        content_type="multipart/form-data",
    )
    db.session.expire_all()
    assert kpu.logo is not None
    console.post(f"/admin/events/{event.id}/organisers/institutions/{event.institutions[0].id}/remove")
    db.session.expire_all()
    assert event.organiser_names == ["KPU Kabupaten Paser"]


def test_officials_and_witnesses_are_added_for_the_record_and_removed(console):
    event = console.event
    path = f"/admin/events/{event.id}/organisers/officials"
    official = {
        "role": "official",
        "name": "Novy Adi Wibowo",
        "title": "AKBP, Kapolres Paser",
        "id_number": "7801 0123",
    }
    assert console.post(path, data=official).status_code == 303
    assert (
        console.post(
            path, data={"role": "witness", "name": "Nonding", "institution": "Pemkab Paser"}
        ).status_code
        == 303
    )
    db.session.expire_all()
    assert [(o.name, o.title, o.id_number) for o in event.signing_officials] == [
        ("Novy Adi Wibowo", "AKBP, Kapolres Paser", "7801 0123")
    ]
    assert [w.name for w in event.witnesses] == ["Nonding"]
    page = console.get(f"/admin/events/{event.id}/organisers").text
    assert "Novy Adi Wibowo" in page and "Nonding" in page
    console.post(f"/admin/events/{event.id}/organisers/officials/{event.witnesses[0].id}/remove")
    db.session.expire_all()
    assert event.witnesses == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"role": "official", "name": ""}, "Silakan tulis namanya."),
        (
            {"role": "official", "name": "Budi", "id_number": "NRP-123"},
            "Tulis NIP atau NRP dengan angka saja.",
        ),
    ],
)
def test_adding_an_official_refuses(console, data, message):
    response = console.post(f"/admin/events/{console.event.id}/organisers/officials", data=data)
    assert response.status_code == 422
    assert message in errors_in(response.text)


def test_the_event_page_names_its_organisers_and_links_to_them(console):
    page = console.get(f"/admin/events/{console.event.id}").text
    assert "Polres Paser" in page
    assert f'href="/admin/events/{console.event.id}/organisers"' in page
