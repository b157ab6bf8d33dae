"""The public transparency log of each event, as JSON."""

from pledge.transparency_log.routes import bp

__all__ = ["bp"]
