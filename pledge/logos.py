"""Organisers' logos: an uploaded PNG or JPEG checked and re-encoded before it is kept.

What is kept is a PNG of at most LOGO_SIZE pixels (what pledge.certificates.letterhead
prints), turned upright, its transparency kept, without any metadata of the uploader.
"""

import io

from PIL import ImageOps

from pledge.images import ImageRefused, open_checked

MAX_BYTES = 2 * 1024 * 1024
MAX_PIXELS = 16_000_000
LOGO_SIZE = (320, 320)  # about 400 dpi at the 20 mm a letterhead prints it (letterhead.LOGO_PIXELS)


class LogoRefused(ImageRefused):
    """The upload cannot be a logo; `reason` is "format" or "too_large"."""


def normalise_logo(raw):
    """Return the PNG to keep for an uploaded logo (bytes), or raise LogoRefused."""
    try:
        image = open_checked(raw, ["PNG", "JPEG"], MAX_BYTES, MAX_PIXELS)
    except ImageRefused as refused:
        raise LogoRefused(refused.reason) from None
    with image:
        try:
            upright = ImageOps.exif_transpose(image)
        # An EXIF block Pillow cannot read (a tag of the wrong type, say): nothing says how
        # to turn the picture, so its pixels are kept as they are stored.
        except Exception:
            upright = image
        mode = "RGBA" if upright.mode in ("RGBA", "LA", "PA", "P") else "RGB"
        logo = upright.convert(mode)
        logo.thumbnail(LOGO_SIZE)
        out = io.BytesIO()
        logo.save(out, format="PNG", optimize=True)
        return out.getvalue()
