"""The public wall: who has signed, as the public may see it."""

from pledge.wall.routes import bp

__all__ = ["bp"]
