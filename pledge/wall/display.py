"""The texts of public rows in the reader's language, each distinct one translated once.

A page of fifty rows repeats a handful of groups, kecamatan and minutes; translating
and formatting each of them once per request keeps the wall's rendering cheap.
"""

from flask_babel import gettext as _

from pledge.i18n import format_moment_here
from pledge.reference import CATEGORIES, category_label


class Display:
    def __init__(self, tz_name):
        self.tz_name = tz_name
        self.a_signatory = _("A signatory")
        self.not_shown = _("(name not shown)")
        self._categories = {}
        self._kecamatan = {}
        self._moments = {}

    def category(self, key):
        if key not in self._categories:
            self._categories[key] = category_label(key)
        return self._categories[key]

    def categories(self):
        """Return [(key, label)] of every stakeholder group, in the reference order."""
        return [(key, self.category(key)) for key in CATEGORIES]

    def kecamatan(self, name):
        """Return "Kec. Kuaro" (None when the signer gave no kecamatan)."""
        if not name:
            return None
        if name not in self._kecamatan:
            self._kecamatan[name] = _("Kec. %(name)s", name=name)
        return self._kecamatan[name]

    def group(self, row):
        """Return "Camat · Kec. Kuaro": what the public always sees of a signatory."""
        return " · ".join(
            part for part in (self.category(row.category), self.kecamatan(row.kecamatan)) if part
        )

    def moment(self, when):
        """Return the Indonesian-style date and time; rows of the same minute share one text."""
        minute = when.replace(second=0, microsecond=0)
        if minute not in self._moments:
            self._moments[minute] = format_moment_here(when, self.tz_name)
        return self._moments[minute]
