"""The texts of public rows in the reader's language, each distinct one translated once.

A page of fifty rows repeats a handful of groups, areas and minutes; translating
and formatting each of them once per request keeps the wall's rendering cheap.
"""

from flask_babel import gettext as _

from pledge import regions
from pledge.i18n import format_moment_here
from pledge.reference import CATEGORIES, category_label


class Display:
    def __init__(self, tz_name):
        self.tz_name = tz_name
        self.a_signatory = _("A signatory")
        self.not_shown = _("(name not shown)")
        self._categories = {}
        self._areas = {}
        self._moments = {}

    def category(self, key):
        if key not in self._categories:
            self._categories[key] = category_label(key)
        return self._categories[key]

    def categories(self):
        """Return [(key, label)] of every stakeholder group, in the reference order."""
        return [(key, self.category(key)) for key in CATEGORIES]

    def area(self, code):
        """Return "Kec. Kuaro", or "Kabupaten Berau" for a provincial event (None for no area)."""
        if not code:
            return None
        if code not in self._areas:
            self._areas[code] = regions.area_label(code)
        return self._areas[code]

    def group(self, row):
        """Return "Camat · Kec. Kuaro": what the public always sees of a signatory."""
        return " · ".join(part for part in (self.category(row.category), self.area(row.area_code)) if part)

    def moment(self, when):
        """Return the Indonesian-style date and time; rows of the same minute share one text."""
        minute = when.replace(second=0, microsecond=0)
        if minute not in self._moments:
            self._moments[minute] = format_moment_here(when, self.tz_name)
        return self._moments[minute]
