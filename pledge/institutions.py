"""Who organises an event and who signs its official record: adding and removing them.

Each change is audited and committed here, so the console's views only read the form.
"""

from pledge.extensions import db
from pledge.models import EventInstitution, EventOfficial, record_audit

MAX_INSTITUTIONS = 6  # a letterhead holds a handful of logos side by side


class TooManyInstitutions(Exception):
    """The event already names MAX_INSTITUTIONS organising institutions."""


def add_institution(event, actor, name, logo=None):
    """Add an organising institution (its `logo` a PNG already normalised by pledge.logos)."""
    if len(event.institutions) >= MAX_INSTITUTIONS:
        raise TooManyInstitutions()
    position = max((institution.position for institution in event.institutions), default=-1) + 1
    institution = EventInstitution(name=name, logo=logo, position=position)
    event.institutions.append(institution)
    record_audit(actor, "event.institution_add", event=event, subject=name, detail={"logo": logo is not None})
    db.session.commit()
    return institution


def set_logo(institution, actor, logo):
    """Replace (or, with None, remove) an institution's logo."""
    institution.logo = logo
    record_audit(
        actor,
        "event.institution_logo",
        event=institution.event,
        subject=institution.name,
        detail={"logo": logo is not None},
    )
    db.session.commit()


def remove_institution(institution, actor):
    event = institution.event
    event.institutions.remove(institution)
    record_audit(actor, "event.institution_remove", event=event, subject=institution.name)
    db.session.commit()


def add_official(event, actor, role, name, title="", institution="", id_number=""):
    """Add an official (role "official") or a witness ("witness") to the record's signature blocks."""
    position = max((official.position for official in event.officials), default=-1) + 1
    official = EventOfficial(
        role=role,
        name=name,
        title=title or "",
        institution=institution or "",
        id_number=id_number or "",
        position=position,
    )
    event.officials.append(official)
    record_audit(actor, "event.official_add", event=event, subject=name, detail={"role": role})
    db.session.commit()
    return official


def remove_official(official, actor):
    event = official.event
    event.officials.remove(official)
    record_audit(
        actor, "event.official_remove", event=event, subject=official.name, detail={"role": official.role}
    )
    db.session.commit()
