"""Absolute addresses for links that leave the site: QR codes, messages, printed cards."""

from flask import current_app, url_for


def external_url(endpoint, **values):
    """Return the absolute URL of `endpoint`, on PUBLIC_BASE_URL when it is set."""
    base = current_app.config.get("PUBLIC_BASE_URL")
    if base:
        return base.rstrip("/") + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)
