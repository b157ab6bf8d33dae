"""The national picture: public declarations by province, with their signatures.

Reads the events the public may see and each one's total from the counters (one row per
event), so the front page costs two small queries however many have signed.
"""

from dataclasses import dataclass, field

from sqlalchemy import select

from pledge import regions
from pledge.extensions import db
from pledge.models import Event, EventState, SignatureCount
from pledge.models.counts import ALL
from pledge.models.regions import RegionLevel


@dataclass(frozen=True)
class Declaration:
    event: Event
    area: regions.Area | None
    signatures: int


@dataclass
class ProvinceSummary:
    province: regions.Area
    declarations: list = field(default_factory=list)

    @property
    def signatures(self):
        return sum(declaration.signatures for declaration in self.declarations)

    @property
    def regions_with_a_declaration(self):
        """The province's own election and its kabupaten/kota that hold a declaration here."""
        return {
            declaration.area.code
            for declaration in self.declarations
            if declaration.area is not None and declaration.area.voted_in_2024
        }


@dataclass(frozen=True)
class Overview:
    provinces: list  # [ProvinceSummary], by province code
    unplaced: list  # [Declaration] of events without a region yet
    regions_with_a_declaration: int  # of the 545 that voted on 27 November 2024

    @property
    def signatures(self):
        return sum(summary.signatures for summary in self.provinces) + sum(
            d.signatures for d in self.unplaced
        )

    @property
    def declarations(self):
        return sum(len(summary.declarations) for summary in self.provinces) + len(self.unplaced)


def _declarations():
    """Every public event with its region and its number of valid signatures, newest first."""
    totals = dict(
        db.session.execute(
            select(SignatureCount.event_id, SignatureCount.n).where(
                SignatureCount.dimension == ALL, SignatureCount.key == ""
            )
        ).all()
    )
    events = db.session.scalars(
        select(Event)
        .where(Event.state != EventState.DRAFT.value)
        .order_by(Event.state.desc(), Event.held_on.desc(), Event.id.desc())
    ).all()
    return [Declaration(event, event.area, totals.get(event.id, 0)) for event in events]


def overview(province_code=None):
    """Return the Overview of every public declaration (of one province, with `province_code`)."""
    summaries = {}
    unplaced = []
    for declaration in _declarations():
        if declaration.area is None:
            unplaced.append(declaration)
            continue
        code = declaration.area.province_code
        if province_code is not None and code != province_code:
            continue
        if code not in summaries:
            summaries[code] = ProvinceSummary(regions.get(code))
        summaries[code].declarations.append(declaration)
    held = set().union(*(summary.regions_with_a_declaration for summary in summaries.values()))
    return Overview(
        provinces=[summaries[code] for code in sorted(summaries)],
        unplaced=unplaced if province_code is None else [],
        regions_with_a_declaration=len(held),
    )


def elected_in(province):
    """Return how many regions of `province` voted on 27 November 2024 (its own and its kabupaten/kota)."""
    own = 1 if province.voted_in_2024 else 0
    return own + sum(1 for area in regions.children(province.code) if area.voted_in_2024)


def is_province(area):
    return area is not None and area.level == RegionLevel.PROVINCE
