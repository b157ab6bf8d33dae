"""Builders for the documents' tests: logos, officials and witnesses, the demo's organisers."""

import io

from PIL import Image, ImageDraw

from pledge.extensions import db
from pledge.models import EventInstitution, EventOfficial

OFFICIAL = ("Donny Dwija Romansa", "Kompol, Wakil Kepala Kepolisian Resor Paser", "Polres Paser", "")
WITNESSES = (
    (
        "Nonding",
        "Kepala Badan Kesatuan Bangsa dan Politik",
        "Pemerintah Kabupaten Paser",
        "196805121990031007",
    ),
    ("Hari Subagjio", "Kapten Inf., Pasi Ops Kodim 0904/Paser", "Kodim 0904/Paser", "11090012340981"),
)


def logo_png(width=400, height=400, colour=(30, 60, 140, 255)):
    """Return a PNG emblem: a coloured disc on a transparent square (or a band when wide)."""
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if width == height:
        draw.ellipse([4, 4, width - 4, height - 4], fill=colour, outline=(120, 90, 20, 255), width=8)
    else:
        draw.rectangle([0, 0, width, height], fill=colour)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def organised_by(event, *names, logos=False):
    """Give `event` these organising institutions, each with a logo when `logos`."""
    shapes = [(400, 400), (600, 300), (300, 420), (400, 400)]
    event.institutions = [
        EventInstitution(name=name, position=n, logo=logo_png(*shapes[n % 4]) if logos else None)
        for n, name in enumerate(names)
    ]
    db.session.commit()
    return event


def with_officials(event, official=OFFICIAL, witnesses=WITNESSES):
    """Give `event` a signing official and witnesses, as the demo event has."""
    people = [("official", *official)] + [("witness", *witness) for witness in witnesses]
    event.officials = [
        EventOfficial(
            role=role, name=name, title=title, institution=institution, id_number=number, position=n
        )
        for n, (role, name, title, institution, number) in enumerate(people)
    ]
    db.session.commit()
    return event
