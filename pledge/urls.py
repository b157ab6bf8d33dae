"""Absolute addresses printed for people: in QR codes, PDFs, shared messages."""

from flask import current_app, has_request_context, request, url_for


def public_url(endpoint, **values):
    """Return the absolute URL of `endpoint` under PUBLIC_BASE_URL (else this request's root)."""
    if has_request_context():
        path = url_for(endpoint, **values)
    else:  # a command or background work: no request to ask
        path = current_app.url_map.bind("localhost").build(endpoint, values)
    base = current_app.config.get("PUBLIC_BASE_URL")
    if not base:
        base = request.url_root if has_request_context() else "http://localhost/"
    return base.rstrip("/") + path


def verify_url(record):
    """The public verification address of a signature record (safe to share)."""
    return public_url("verify.number", number=record.certificate_number)


def sign_url(event):
    """The address of an event's sign page, as printed on posters and screens."""
    return public_url("public.sign", slug=event.slug)
