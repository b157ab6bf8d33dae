"""The organiser console at /admin: events, seats, kiosk, moderation, downloads."""

from flask import Blueprint

bp = Blueprint("console", __name__, url_prefix="/admin")

from pledge.console import access, auth, candidates, downloads, events, kiosk, moderation, organisers, seats  # noqa: E402, F401

__all__ = ["bp"]
