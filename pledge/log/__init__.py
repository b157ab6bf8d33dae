"""The public transparency log of each event, as JSON."""

from pledge.log.routes import bp

__all__ = ["bp"]
