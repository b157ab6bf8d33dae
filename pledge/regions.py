"""Indonesia's regions as the portal uses them: an event's region, its breakdown, names, zones.

The Kemendagri code list ships in `pledge/data/` (see its README for the source and
licence) and is loaded into the `regions` table by `load()`. An event belongs to a
province (a governor's election) or to a kabupaten/kota (a regent's or mayor's); its
signatories, seats, counters and documents break down one level below: a province by
kabupaten/kota, a kabupaten/kota by kecamatan. Rows never change while the portal
runs, so each process keeps what it has read (`_cache`).
"""

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select

from pledge.extensions import db
from pledge.models.regions import Region, RegionLevel

DATA_FILE = Path(__file__).resolve().parent / "data" / "wilayah-kemendagri-2025.csv"

# The simultaneous regional elections of 27 November 2024: every province but
# Daerah Istimewa Yogyakarta (its governor is not elected) and every kabupaten/kota but
# the five kota and the kabupaten of Jakarta, which are administrative, not autonomous.
ELECTIONS_2024 = 545
_NO_GOVERNOR_ELECTION = {"34"}
_ADMINISTRATIVE_PROVINCE = "31"

# Indonesia's three time zones, by province code.
_WIT = {"81", "82", "91", "92", "93", "94", "95", "96"}
_WITA = {"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"}


@dataclass(frozen=True)
class BreakdownWords:
    """How the pages name the unit an event breaks down by (kecamatan, or kabupaten/kota)."""

    unit: str
    optional: str
    choose: str
    every: str
    by: str
    not_given: str
    who_and_where: str


BREAKDOWN_WORDS = {
    RegionLevel.DISTRICT: BreakdownWords(
        unit=_l("Kecamatan"),
        optional=_l("Kecamatan (optional)"),
        choose=_l("Please choose a kecamatan from the list."),
        every=_l("All kecamatan"),
        by=_l("By kecamatan"),
        not_given=_l("None / outside the region"),
        who_and_where=_l("Who has signed, by group and by kecamatan"),
    ),
    RegionLevel.REGENCY: BreakdownWords(
        unit=_l("Regency or city"),
        optional=_l("Regency or city (optional)"),
        choose=_l("Please choose a regency or city from the list."),
        every=_l("All regencies and cities"),
        by=_l("By regency or city"),
        not_given=_l("None / outside the province"),
        who_and_where=_l("Who has signed, by group and by regency or city"),
    ),
}
_CHILD_LEVEL = {RegionLevel.PROVINCE: RegionLevel.REGENCY, RegionLevel.REGENCY: RegionLevel.DISTRICT}


@dataclass(frozen=True)
class Area:
    """One region: its code, level, name as Kemendagri writes it, and its parent's code."""

    code: str
    level: str
    name: str
    parent_code: str | None

    @property
    def province_code(self):
        return self.code[:2]

    @property
    def title(self):
        """The name as a heading reads it: "Provinsi Aceh", "Kabupaten Paser", "Kecamatan Kuaro"."""
        if self.level == RegionLevel.PROVINCE and not self.name.startswith("Daerah"):
            return f"Provinsi {self.name}"
        if self.level == RegionLevel.DISTRICT:
            return f"Kecamatan {self.name}"
        return self.name

    @property
    def short_name(self):
        """The name without "Kabupaten"/"Kota"/"Provinsi": what people call the place ("Paser")."""
        return re.sub(r"^(Kabupaten|Kota)( Administrasi)? ", "", self.name)

    @property
    def breakdown_level(self):
        """The level an event of this region breaks down by (None for a kecamatan)."""
        return _CHILD_LEVEL.get(self.level)

    @property
    def timezone(self):
        if self.province_code in _WIT:
            return "Asia/Jayapura"
        if self.province_code in _WITA:
            return "Asia/Makassar"
        return "Asia/Jakarta"

    @property
    def voted_in_2024(self):
        """Whether this region elected its governor, regent or mayor on 27 November 2024."""
        if self.level == RegionLevel.PROVINCE:
            return self.code not in _NO_GOVERNOR_ELECTION
        if self.level == RegionLevel.REGENCY:
            return self.province_code != _ADMINISTRATIVE_PROVINCE
        return False


def _area(row):
    return Area(row.code, row.level, row.name, row.parent_code)


# --- loading -------------------------------------------------------------------------


def read_file(path=DATA_FILE):
    """Return the rows of the code list as dicts (code, level, name, parent_code), parents first."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = [
            {
                "code": row["code"].strip(),
                "level": row["level"].strip(),
                "name": " ".join(row["name"].split()),
                "parent_code": row["parent"].strip() or None,
            }
            for row in csv.DictReader(handle)
        ]
    return sorted(rows, key=lambda row: (row["code"].count("."), row["code"]))


def load(path=DATA_FILE):
    """Bring the `regions` table in line with the code list and commit; return (added, renamed).

    Idempotent: a second run adds and renames nothing. Rows the list no longer holds are
    kept, since events and records may still name them.
    """
    rows = read_file(path)
    stored = dict(db.session.execute(select(Region.code, Region.name)).all())
    new = [row for row in rows if row["code"] not in stored]
    renamed = [row for row in rows if row["code"] in stored and stored[row["code"]] != row["name"]]
    if new:
        db.session.execute(Region.__table__.insert(), new)
    for row in renamed:
        db.session.execute(
            Region.__table__.update().where(Region.code == row["code"]).values(name=row["name"])
        )
    db.session.commit()
    _forget(current_app)
    return len(new), len(renamed)


# --- lookups ----------------------------------------------------------------------------


def _cache():
    return current_app.extensions.setdefault("pledge_regions", {"areas": {}, "children": {}})


def _forget(app):
    app.extensions.pop("pledge_regions", None)


def get(code):
    """Return the Area with this code, or None."""
    if not code:
        return None
    areas = _cache()["areas"]
    if code not in areas:
        row = db.session.get(Region, code)
        areas[code] = _area(row) if row is not None else None
    return areas[code]


def children(code):
    """Return the regions one level below `code`, alphabetical by name (a tuple of Areas)."""
    cache = _cache()["children"]
    if code not in cache:
        query = select(Region).where(Region.parent_code == code).order_by(Region.name, Region.code)
        found = tuple(_area(row) for row in db.session.scalars(query))
        cache[code] = found
        cache_areas = _cache()["areas"]
        for area in found:
            cache_areas.setdefault(area.code, area)
    return cache[code]


def provinces():
    """Return the 38 provinces, by code."""
    query = select(Region).where(Region.level == RegionLevel.PROVINCE.value).order_by(Region.code)
    return [_area(row) for row in db.session.scalars(query)]


def elected_regions():
    """Return every region whose election was on 27 November 2024 (545 when the list is loaded)."""
    query = select(Region).where(Region.level != RegionLevel.DISTRICT.value)
    return [area for area in map(_area, db.session.scalars(query)) if area.voted_in_2024]


# --- an event's breakdown ---------------------------------------------------------------


def region_of(event):
    """Return the Area of `event` (None for an event not yet given a region)."""
    return get(event.region_code)


def breakdown(event):
    """Return the areas `event` breaks down by: its kabupaten/kota or its kecamatan."""
    return children(event.region_code) if event.region_code else ()


def breakdown_codes(event):
    return {area.code for area in breakdown(event)}


def breakdown_level(event):
    """The level `event` breaks down by: kecamatan, or kabupaten/kota for a provincial event."""
    area = region_of(event)
    return (area.breakdown_level if area else None) or RegionLevel.DISTRICT


def words(event):
    """Return the BreakdownWords of `event`'s breakdown."""
    return BREAKDOWN_WORDS[breakdown_level(event)]


def area_label(code):
    """Return how a list shows an area: "Kec. Kuaro" for a kecamatan, "Kabupaten Berau" otherwise."""
    area = get(code)
    if area is None:
        return ""
    if area.level == RegionLevel.DISTRICT:
        return _("Kec. %(name)s", name=area.name)
    return area.name


def area_name(code):
    """Return the name of the area with this code ("" for none)."""
    area = get(code)
    return area.name if area else ""


# --- finding a region by what someone typed ------------------------------------------------

_ABBREVIATIONS = ((r"\bkab\.?\s", "kabupaten "), (r"\bkec\.?\s", ""), (r"\bprov\.?\s", ""))
# Spellings seen in other sources for names the code list writes otherwise.
ALIASES = {"pasir belengkong": "paser belengkong"}


def normalise(text):
    """Return `text` as names are compared: lower case, single spaces, abbreviations spelled out."""
    text = " ".join((text or "").lower().split())
    for pattern, replacement in _ABBREVIATIONS:
        text = re.sub(pattern, replacement, text)
    text = text.removeprefix("provinsi ").removeprefix("kecamatan ").strip()
    return ALIASES.get(text, text)


def search(text, levels=(RegionLevel.PROVINCE, RegionLevel.REGENCY), limit=20):
    """Return the regions of `levels` whose name holds every word of `text`, best first.

    A code ("64.03") or the exact name ("Kabupaten Berau") comes first; a name that
    merely contains the words follows, shortest first.
    """
    typed = (text or "").strip()
    code = re.search(r"\b\d{2}(\.\d{2}){0,2}\b", typed)
    if code and (area := get(code.group(0))) and area.level in levels:
        return [area]
    wanted = normalise(typed)
    if not wanted:
        return []
    words = wanted.split()
    query = select(Region).where(
        Region.level.in_([str(level) for level in levels]),
        *[func.lower(Region.name).contains(word, autoescape=True) for word in words],
    )
    found = [_area(row) for row in db.session.scalars(query.limit(200))]
    exact = named_exactly(found, typed)
    rest = sorted((area for area in found if area not in exact), key=lambda area: (len(area.name), area.code))
    return (exact + rest)[:limit]


def named_exactly(areas, typed):
    """Return the areas that `typed` names in full: its code, name, title, picker text or short name."""
    wanted = normalise(typed)
    return [
        area
        for area in areas
        if typed.strip() in (area.code, picker_value(area))
        or wanted in (normalise(area.name), normalise(area.title), normalise(area.short_name))
    ]


def choices_for_picker():
    """Return (value, label) of every province and kabupaten/kota, for the console's region list."""
    query = (
        select(Region)
        .where(or_(Region.level == RegionLevel.PROVINCE.value, Region.level == RegionLevel.REGENCY.value))
        .order_by(Region.code)
    )
    return [picker_value(_area(row)) for row in db.session.scalars(query)]


def picker_value(area):
    """The text the region picker shows and accepts for `area`: "Kabupaten Berau (64.03)"."""
    return f"{area.title} ({area.code})"


def match_in(areas, typed):
    """Return the area of `areas` that `typed` names (code, name or title), or None.

    Used to read kecamatan or kabupaten/kota written in a CSV file: "Tanjung Redeb",
    "Kec. Tanjung Redeb", "64.03.05" and "Berau" (for "Kabupaten Berau") all match.
    """
    named = named_exactly(areas, typed) if normalise(typed) else []
    return named[0] if len(named) == 1 else None


def examples(event):
    """Return examples for the sign form's hints, drawn from `event`'s own region.

    {"position": "Camat Tanjung Redeb, Ketua KPU Kabupaten Berau, Tokoh Adat",
     "institution": "KPU Kabupaten Berau, Polres Berau, Kecamatan Tanjung Redeb"}
    """
    area = region_of(event)
    if area is None:
        return {"position": "Camat, Ketua KPU, Tokoh Adat", "institution": "KPU, Bawaslu, Polres"}
    below = breakdown(event)
    first = below[0] if below else None
    if area.level == RegionLevel.PROVINCE:
        regency = first.short_name if first else ""
        return {
            "position": f"Ketua KPU {area.title}, Bupati {regency}, Tokoh Adat".replace("  ", " "),
            "institution": f"KPU {area.title}, Polda {area.name}, Bawaslu {area.title}",
        }
    police = "Polresta" if area.name.startswith("Kota") else "Polres"
    position = f"Camat {first.name}, " if first else ""
    institution = f", Kecamatan {first.name}" if first else ""
    return {
        "position": f"{position}Ketua KPU {area.name}, Tokoh Adat",
        "institution": f"KPU {area.name}, {police} {area.short_name}{institution}",
    }


def register_template_helpers(app):
    app.jinja_env.globals.update(
        region_examples=examples, area_label=area_label, breakdown_words=words, region_of=region_of
    )
