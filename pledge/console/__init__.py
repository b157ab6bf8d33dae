"""The organiser console at /admin: events, organisers, seats, kiosk, moderation, downloads."""

from pledge.console import (  # noqa: F401  (each adds its routes to bp)
    access,
    auth,
    candidates,
    downloads,
    events,
    kiosk,
    moderation,
    organisers,
    seats,
)
from pledge.console.access import configure_login
from pledge.console.blueprint import bp

__all__ = ["bp", "configure_login"]
