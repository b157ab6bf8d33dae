"""The wall's totals as bars: drawn by the server, no chart library in the browser."""

from dataclasses import dataclass

from flask_babel import gettext as _

from pledge import regions
from pledge.reference import CATEGORIES, category_label


@dataclass(frozen=True)
class Bar:
    key: str
    label: str
    n: int
    width: float  # percent of the longest bar, for the SVG rect

    @property
    def empty(self):
        return self.n == 0


def _bars(cells, keys, label_of):
    keys = list(keys) + sorted(key for key in cells if key not in keys and cells[key])
    longest = max([cells.get(key, 0) for key in keys] + [1])
    return [
        Bar(key, label_of(key), cells.get(key, 0), round(100 * cells.get(key, 0) / longest, 1))
        for key in keys
    ]


def category_bars(counts, label_of=category_label):
    """Every stakeholder group, in the reference order, with zero where nobody signed yet."""
    return _bars(counts.by_category, CATEGORIES, label_of)


def area_bars(counts, event):
    """Every area of the event's breakdown, alphabetical, then signatures without one."""
    areas = regions.breakdown(event)
    names = {area.code: area.name for area in areas}
    return _bars(
        counts.by_area,
        [area.code for area in areas],
        lambda key: names.get(key) or regions.area_name(key) or _("Not given"),
    )
