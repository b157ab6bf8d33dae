"""The wall's totals as bars: every group and every area of the event, zero included."""

from flask_babel import gettext as _

from pledge import regions
from pledge.charts import bars
from pledge.reference import CATEGORIES, category_label


def category_bars(counts, label_of=category_label):
    """Every stakeholder group, in the reference order, with zero where nobody signed yet."""
    return bars(counts.by_category, CATEGORIES, label_of)


def area_bars(counts, event):
    """Every area of the event's breakdown, alphabetical, then signatures without one."""
    areas = regions.breakdown(event)
    names = {area.code: area.name for area in areas}
    return bars(
        counts.by_area,
        [area.code for area in areas],
        lambda key: names.get(key) or regions.area_name(key) or _("Not given"),
    )
