"""Reference lists: stakeholder categories and document kinds (regions are data: pledge.regions)."""

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

# Printed and sealed documents (certificates, the official record, invitations, the
# poster) are in Indonesian, the official language, unless English is asked for.
OFFICIAL_LANGUAGE = "id"

# Stable keys are stored; labels are translated when shown.
CATEGORIES = {
    "election_organiser": _l("Election organiser (KPU, Bawaslu)"),
    "regional_government": _l("Regional government and agencies"),
    "police": _l("Police"),
    "military": _l("Military (TNI)"),
    "prosecutor": _l("Prosecutor's office"),
    "camat": _l("Sub-district head (camat)"),
    "village_head": _l("Village head"),
    "customary_leader": _l("Customary leader"),
    "religious_leader": _l("Religious leader"),
    "youth_community_leader": _l("Youth or community leader"),
    "political_party": _l("Political party"),
    "candidate_team": _l("Candidate pair or campaign team"),
    "civil_society": _l("Mass organisation or NGO"),
    "media": _l("Media"),
    "public": _l("General public"),
}


# What each document of an event is, by its key.
DOCUMENT_KINDS = {
    "declaration": _l("Declaration"),
    "commitment": _l("Commitment"),
}


def document_kind(key):
    """Return the translated name of a document key ("Deklarasi", "Komitmen")."""
    label = DOCUMENT_KINDS.get(key)
    return str(label) if label is not None else key


def category_labels(language):
    """Return {key: label} of every stakeholder group written in `language` (for files and PDFs)."""
    with force_locale(language):
        return {key: str(label) for key, label in CATEGORIES.items()}


def category_label(key):
    """Return the translated label of a category key (the key itself if unknown)."""
    label = CATEGORIES.get(key)
    return str(label) if label is not None else key
