"""What happens to an event: created, edited, opened, closed, its texts revised, its people.

An event goes from draft to open to closed, never back: once closed its official record
is final. Each function writes its audit entry, moves the data version public caches
follow when the public sees the change, moves the event's revision when the event, its
texts, organisers or officials change (the processes' copies follow it: pledge.event_cache),
and commits.
"""

from datetime import date, datetime

from pledge import texts
from pledge.extensions import db
from pledge.models import (
    CandidatePair,
    Event,
    EventInstitution,
    EventOfficial,
    EventState,
    note_change,
    record_audit,
)
from pledge.transitions.refusals import Refused

# What an organiser may change on an event (its address never changes once made).
EDITABLE = (
    "title",
    "place",
    "region_code",
    "timezone",
    "held_on",
    "opens_at",
    "closes_at",
    "phone_required",
    "moderates_names",
    "record_number_pattern",
)
MAX_INSTITUTIONS = 6  # a letterhead holds a handful of logos side by side


def _revised(event):
    """Move the event's revision on, in the caller's transaction (an increment, safe when two edit at once)."""
    event.revision = Event.revision + 1


def _audit_value(value):
    return value.isoformat() if isinstance(value, date | datetime) else value


def _apply(event, values):
    """Set `values` (a dict of EDITABLE fields) on `event`; return {field: new value} of what changed."""
    changes = {}
    for name, value in values.items():
        if name not in EDITABLE:
            raise ValueError(f"{name} is not an editable field of an event")
        if getattr(event, name) != value:
            setattr(event, name, value)
            changes[name] = _audit_value(value)
    return changes


def create_event(actor, creator, slug, values):
    """Create a draft event holding the standard texts for its region; commit and return it.

    `creator` (an organiser account) runs it unless an admin, who sees every event anyway.
    Raise Refused("slug_taken") when another event has the address.
    """
    if Event.by_slug(slug) is not None:
        raise Refused("slug_taken")
    event = Event(slug=slug, state=EventState.DRAFT.value)
    _apply(event, values)
    db.session.add(event)
    texts.add_standard_texts(event)
    if not creator.is_admin:
        creator.events.append(event)
    record_audit(actor, "event.create", event=event, subject=slug)
    db.session.commit()
    return event


def edit_event(event, actor, values, now=None):
    """Change the event's settings; commit. Return what changed ({field: new value})."""
    changes = _apply(event, values)
    if changes:
        record_audit(actor, "event.edit", event=event, subject=event.slug, detail=changes)
        note_change(event.id, now)  # the title, place or zone show on the public pages and in the data
        _revised(event)
    db.session.commit()
    return changes


def open_event(event, actor, now=None):
    """Open a draft event for signing; commit.

    Raise Refused("open") when it is open already, ("closed") when it was closed (a closed
    event stays closed: its record is final), ("texts") when a text is not written yet,
    ("region") when it has no region.
    """
    if event.state == EventState.OPEN:
        raise Refused("open")
    if event.state == EventState.CLOSED:
        raise Refused("closed")
    if any(document.current_version is None for document in event.documents):
        raise Refused("texts")
    if event.region_code is None:
        raise Refused("region")
    _move_to(event, EventState.OPEN, actor, "event.open", now)


def close_event(event, actor, now=None):
    """Close an open event: nobody can sign it any more; commit. Raise Refused("not_open") otherwise."""
    if event.state != EventState.OPEN:
        raise Refused("not_open")
    _move_to(event, EventState.CLOSED, actor, "event.close", now)


def _move_to(event, state, actor, action, now=None):
    previous = event.state
    event.state = state.value
    _revised(event)
    record_audit(actor, action, event=event, detail={"from": previous})
    note_change(event.id, now)
    db.session.commit()


def revise_text(document, actor, title, body, now=None):
    """Set a document's text (a new version once the current one is signed); commit; return the version.

    Raise Refused("closed") for a closed event: what was signed there is final.
    """
    event = document.event
    if event.state == EventState.CLOSED:
        raise Refused("closed")
    current = document.current_version
    before = current.sha256 if current else None
    version = document.revise(title, body.replace("\r\n", "\n"))
    if version.sha256 != before:
        record_audit(
            actor, "document.revise", event=event, subject=document.key, detail={"version": version.number}
        )
        note_change(event.id, now)
        _revised(event)
    db.session.commit()
    return version


# --- who runs the event ------------------------------------------------------------------


def add_member(event, actor, account):
    """Let an organiser account run the event; commit. Nothing changes when it does already."""
    if event in account.events:
        return
    account.events.append(event)
    record_audit(actor, "event.member_add", event=event, subject=account.email)
    db.session.commit()


def remove_member(event, actor, account):
    """Stop an organiser account from running the event; commit. Raise Refused("not_member")."""
    if event not in account.events:
        raise Refused("not_member")
    account.events.remove(event)
    record_audit(actor, "event.member_remove", event=event, subject=account.email)
    db.session.commit()


# --- who organises it and who signs its record ---------------------------------------------


def add_institution(event, actor, name, logo=None):
    """Add an organising institution (its `logo` a PNG normalised by pledge.logos); commit; return it.

    Raise Refused("too_many") past MAX_INSTITUTIONS.
    """
    if len(event.institutions) >= MAX_INSTITUTIONS:
        raise Refused("too_many")
    position = max((institution.position for institution in event.institutions), default=-1) + 1
    institution = EventInstitution(name=name, logo=logo, position=position)
    event.institutions.append(institution)
    _revised(event)
    record_audit(actor, "event.institution_add", event=event, subject=name, detail={"logo": logo is not None})
    note_change(event.id)
    db.session.commit()
    return institution


def set_logo(institution, actor, logo):
    """Replace (or, with None, remove) an institution's logo; commit."""
    institution.logo = logo
    _revised(institution.event)
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
    _revised(event)
    record_audit(actor, "event.institution_remove", event=event, subject=institution.name)
    note_change(event.id)
    db.session.commit()


def add_official(event, actor, role, name, title="", institution="", id_number=""):
    """Add an official ("official") or a witness ("witness") to the record's signature blocks; commit."""
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
    _revised(event)
    record_audit(actor, "event.official_add", event=event, subject=name, detail={"role": role})
    db.session.commit()
    return official


def remove_official(official, actor):
    event = official.event
    event.officials.remove(official)
    _revised(event)
    record_audit(
        actor, "event.official_remove", event=event, subject=official.name, detail={"role": official.role}
    )
    db.session.commit()


# --- the candidate pairs on the wall ------------------------------------------------------


def add_candidate_pair(
    event, actor, contest, ballot_number, candidate, running_mate, campaign_team="", now=None
):
    """Add a pair to one of the event's elections; commit; return it. Raise Refused("ballot_taken")."""
    if CandidatePair.taken(event, contest, ballot_number):
        raise Refused("ballot_taken")
    pair = CandidatePair(
        event_id=event.id,
        contest=contest,
        ballot_number=ballot_number,
        candidate=candidate,
        running_mate=running_mate,
        campaign_team=campaign_team or "",
    )
    db.session.add(pair)
    record_audit(
        actor,
        "candidates.add",
        event=event,
        subject=f"{contest} #{ballot_number}",
        detail={"names": pair.names},
    )
    note_change(event.id, now)
    db.session.commit()
    return pair


def remove_candidate_pair(event, pair, actor, now=None):
    record_audit(actor, "candidates.remove", event=event, subject=f"{pair.contest} #{pair.ballot_number}")
    db.session.delete(pair)
    note_change(event.id, now)
    db.session.commit()


# --- what organisers do that leaves only a trace ---------------------------------------------


def note(event, actor, action, subject="", detail=None):
    """Audit what someone did that changes no state (a kiosk opened, an export, a refused login); commit."""
    record_audit(actor, action, event=event, subject=subject, detail=detail)
    db.session.commit()
