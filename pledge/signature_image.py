"""Validate and normalise a signature image: the PNG data URL a sign form loaded before
strokes (pledge.strokes) still sends, from a page left open or its offline outbox.

Whatever arrives, what is stored is a small greyscale PNG on white, cropped to the
ink with a margin, re-encoded by Pillow so that no metadata of the sender survives.
"""

import base64
import binascii
import io

from PIL import Image, ImageOps

from pledge.images import ImageRefused, open_checked

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
DATA_URL_PREFIX = "data:image/png;base64,"
MAX_STORED_SIZE = (1200, 400)
MARGIN = 8
INK_THRESHOLD = 200  # grey levels darker than this count as ink
MIN_INK_PIXELS = 30
_INK_LEVELS = [255 if level < INK_THRESHOLD else 0 for level in range(256)]  # a lookup table


class SignatureImageError(ImageRefused):
    """The image cannot be a signature; `reason` says why ("format", "too_large", "empty")."""


def from_data_url(data_url, max_bytes, max_pixels):
    """Decode a ``data:image/png;base64,...`` URL and return the normalised PNG."""
    if not data_url.startswith(DATA_URL_PREFIX):
        raise SignatureImageError("format")
    encoded = data_url[len(DATA_URL_PREFIX) :]
    if len(encoded) > (max_bytes * 4) // 3 + 4:
        raise SignatureImageError("too_large")
    try:
        raw = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise SignatureImageError("format") from None
    return normalise_png(raw, max_bytes, max_pixels)


def normalise_png(raw, max_bytes, max_pixels):
    """Check that `raw` is a PNG within the limits and return it normalised.

    Raise SignatureImageError for anything else: not a PNG, too many bytes or
    pixels (which also stops decompression bombs before they are decoded), a broken
    file, or a drawing with no ink.
    """
    if len(raw) <= max_bytes and not raw.startswith(PNG_MAGIC):
        raise SignatureImageError("format")
    try:
        image = open_checked(raw, ["PNG"], max_bytes, max_pixels)
    except ImageRefused as refused:
        raise SignatureImageError(refused.reason) from None
    with image:
        return _crop_to_ink(_flatten(image))


def _flatten(image):
    """Return the image as greyscale on a white background.

    A transparent image (what the pad sends) is first cut to its painted pixels, so
    the work that follows only touches the part of the pad that was drawn on.
    """
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image if image.mode == "RGBA" else image.convert("RGBA")
        painted = rgba.getchannel("A").getbbox()
        if painted is None:
            raise SignatureImageError("empty")
        rgba = rgba.crop(_widened(painted, rgba.size))
        flat = Image.new("L", rgba.size, 255)
        flat.paste(rgba.convert("L"), mask=rgba.getchannel("A"))
        return flat
    return image.convert("L")


def _widened(box, size):
    """Return `box` grown by MARGIN on each side, within an image of `size`."""
    left, top, right, bottom = box
    width, height = size
    return (
        max(left - MARGIN, 0),
        max(top - MARGIN, 0),
        min(right + MARGIN, width),
        min(bottom + MARGIN, height),
    )


def _crop_to_ink(grey):
    ink = grey.point(_INK_LEVELS)
    box = ink.getbbox()
    if box is None or ink.histogram()[255] < MIN_INK_PIXELS:
        raise SignatureImageError("empty")
    cropped = grey.crop(_widened(box, grey.size))
    if cropped.width > MAX_STORED_SIZE[0] or cropped.height > MAX_STORED_SIZE[1]:
        cropped = ImageOps.contain(cropped, MAX_STORED_SIZE)
    out = io.BytesIO()
    # zlib level 6: within a few per cent of the smallest file at a tenth of the time.
    cropped.save(out, format="PNG", compress_level=6)
    return out.getvalue()
