"""The wall's filter form: a GET form whose values live in the URL."""

from flask_babel import lazy_gettext as _l
from wtforms import Form, SearchField, SelectField

from pledge import regions
from pledge.wall.listing import SEARCH_MAX_LENGTH


class FilterForm(Form):
    """Rendered only: Filters.from_args reads and checks the values."""

    category = SelectField(_l("Stakeholder group"), validate_choice=False)
    area = SelectField(_l("Kecamatan"), validate_choice=False)
    q = SearchField(_l("Search a name"), render_kw={"maxlength": SEARCH_MAX_LENGTH, "autocomplete": "off"})


def filter_form(event, filters, categories):
    """Return the form showing `filters`; `categories` are the [(key, label)] to offer."""
    form = FilterForm(
        data={
            "category": filters.category or "",
            "area": filters.area or "",
            "q": filters.search or "",
        }
    )
    form.category.choices = [("", _l("All groups")), *categories]
    words = regions.words(event)
    form.area.label.text = words.unit
    form.area.choices = [("", words.every)] + [(area.code, area.name) for area in regions.breakdown(event)]
    return form
