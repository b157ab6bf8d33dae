"""Opening an uploaded image safely: its format checked, its size bounded before it is decoded."""

import io
import warnings

from PIL import Image

# A side longer than this is no signature and no logo (and 1 × 4,000,000 pixels defeats
# the arithmetic of cropping and scaling).
MAX_SIDE = 8000


class ImageRefused(ValueError):
    """The upload cannot be used; `reason` is "format" or "too_large", for the message shown."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def open_checked(raw, formats, max_bytes, max_pixels):
    """Return the decoded image of `raw`, or raise ImageRefused.

    The byte size, the format and the pixel count are checked before any pixel is
    decoded, which also stops decompression bombs; a broken file is a "format" refusal.
    """
    if len(raw) > max_bytes:
        raise ImageRefused("too_large")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(raw), formats=formats)
            width, height = image.size
            if width * height > max_pixels or not (0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE):
                raise ImageRefused("too_large")
            image.load()
            return image
    except ImageRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRefused("too_large") from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise ImageRefused("format") from None
