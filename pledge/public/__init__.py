"""The public blueprint: the event pages, the sign form and the signer's page."""

from pledge.public.routes import bp

__all__ = ["bp"]
