"""The demo event: the declaration of Kabupaten Paser, 12 August 2024.

Organised by Polres Paser with KPU Kabupaten Paser at the Hotel Kyriad Sadurengas;
the officials named are those the news report of the day names.
"""

from datetime import date

from pledge import regions, texts, transitions
from pledge.extensions import db
from pledge.models import Event, EventInstitution, EventOfficial

SLUG = "pilkada-damai-paser-2024"
REGION = "64.01"  # Kabupaten Paser

INSTITUTIONS = ("Polres Paser", "KPU Kabupaten Paser")
OFFICIALS = (
    ("official", "Donny Dwija Romansa", "Kompol, Wakil Kepala Kepolisian Resor Paser", "Polres Paser"),
    ("witness", "Nonding", "Kepala Badan Kesatuan Bangsa dan Politik", "Pemerintah Kabupaten Paser"),
    ("witness", "Hari Subagjio", "Kapten Inf., Pasi Ops Kodim 0904/Paser", "Kodim 0904/Paser"),
)


def load_demo():
    """Create the demo event, open for signing, unless it exists; return it."""
    event = Event.by_slug(SLUG)
    if event is not None:
        return event
    area = regions.get(REGION)
    event = Event(
        slug=SLUG,
        title=texts.title_for(area),
        place="Hotel Kyriad Sadurengas, Tana Paser",
        region_code=REGION,
        held_on=date(2024, 8, 12),
        timezone=area.timezone,
    )
    db.session.add(event)
    event.institutions = [EventInstitution(name=name, position=n) for n, name in enumerate(INSTITUTIONS)]
    event.officials = [
        EventOfficial(role=role, name=name, title=title, institution=institution, position=n)
        for n, (role, name, title, institution) in enumerate(OFFICIALS)
    ]
    texts.add_standard_texts(event)
    db.session.commit()
    transitions.open_event(event, "demo")
    return event
