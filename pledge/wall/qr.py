"""The QR code to an event's sign page, drawn as SVG by the server (no outside service)."""

from functools import lru_cache

import qrcode
import qrcode.image.svg


@lru_cache(maxsize=64)
def qr_svg(text):
    """Return SVG bytes of a QR code for `text`, medium error correction, quiet zone included."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(text)
    code.make(fit=True)
    return code.make_image(image_factory=qrcode.image.svg.SvgPathImage).to_string(encoding="unicode").encode()
