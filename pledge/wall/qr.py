"""The QR code to an event's sign page, drawn as SVG by the server (no outside service)."""

from functools import lru_cache

import qrcode
import qrcode.image.svg
from flask import current_app, url_for


def sign_url(event):
    """Return the absolute address of the event's sign page, as printed for phones."""
    path = url_for("public.sign", slug=event.slug)
    base = current_app.config.get("PUBLIC_BASE_URL")
    return f"{base}{path}" if base else url_for("public.sign", slug=event.slug, _external=True)


@lru_cache(maxsize=64)
def qr_svg(text):
    """Return SVG bytes of a QR code for `text`, medium error correction, quiet zone included."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(text)
    code.make(fit=True)
    return code.make_image(image_factory=qrcode.image.svg.SvgPathImage).to_string(encoding="unicode").encode()
