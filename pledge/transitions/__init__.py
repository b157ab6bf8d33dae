"""Every change of state, one function each: the domain's one home for what changes.

A function here is the whole change: the rows it touches, its audit entry, its entry in
the event's transparency log, the counters, and the data version that public caches are
built from (ETags, Last-Modified), committed together. Views call one of them and
render; nothing else in the portal writes these rows. A change the present state does not
allow raises Refused with a stable reason the view words for the person.
"""

from pledge.transitions.accounts import create_organiser, log_in, log_out, set_password
from pledge.transitions.events import (
    MAX_INSTITUTIONS,
    add_candidate_pair,
    add_institution,
    add_member,
    add_official,
    close_event,
    create_event,
    edit_event,
    note,
    open_event,
    remove_candidate_pair,
    remove_institution,
    remove_member,
    remove_official,
    revise_text,
    set_logo,
)
from pledge.transitions.records import approve_name, erase, hand_over_fresh_link, revoke
from pledge.transitions.refusals import Refused
from pledge.transitions.roster import add_seat, add_seats, reissue_invitation, remove_seat
from pledge.transitions.signing import (
    AlreadySigned,
    Outcome,
    SeatTaken,
    Signer,
    SigningRefused,
    StaleDocuments,
    sign,
)

__all__ = [
    "MAX_INSTITUTIONS",
    "AlreadySigned",
    "Outcome",
    "Refused",
    "SeatTaken",
    "Signer",
    "SigningRefused",
    "StaleDocuments",
    "add_candidate_pair",
    "add_institution",
    "add_member",
    "add_official",
    "add_seat",
    "add_seats",
    "approve_name",
    "close_event",
    "create_event",
    "create_organiser",
    "edit_event",
    "erase",
    "hand_over_fresh_link",
    "log_in",
    "log_out",
    "note",
    "open_event",
    "reissue_invitation",
    "remove_candidate_pair",
    "remove_institution",
    "remove_member",
    "remove_official",
    "remove_seat",
    "revise_text",
    "revoke",
    "set_logo",
    "set_password",
    "sign",
]
