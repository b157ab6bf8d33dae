"""The public wall: who has signed, the live view for the venue screen, open data."""

from pledge.wall import data_views, views  # noqa: F401  (they add their routes to bp)
from pledge.wall.blueprint import bp

__all__ = ["bp"]
