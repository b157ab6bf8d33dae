"""Blueprint: anyone checks a certificate, by its number or by its PDF."""

from pledge.verify.routes import bp

__all__ = ["bp"]
