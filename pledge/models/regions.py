"""Indonesia's regions by Kemendagri code: provinces, kabupaten/kota and kecamatan.

The rows come from the file shipped in `pledge/data/` (loaded by `pledge.regions.load`);
events, signature records and seats refer to them by code.
"""

import enum

from sqlalchemy import CheckConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pledge.extensions import db


class RegionLevel(enum.StrEnum):
    PROVINCE = "province"
    REGENCY = "regency_or_city"  # a kabupaten or a kota
    DISTRICT = "district"  # a kecamatan


class Region(db.Model):
    __tablename__ = "regions"
    __table_args__ = (CheckConstraint("level IN ('province', 'regency_or_city', 'district')", name="level"),)

    # "64", "64.01", "64.01.05": each level adds a dot and two digits.
    code: Mapped[str] = mapped_column(db.String(13), primary_key=True)
    level: Mapped[str] = mapped_column(db.String(16))
    name: Mapped[str] = mapped_column(db.String(100))
    parent_code: Mapped[str | None] = mapped_column(db.ForeignKey("regions.code"), index=True)
