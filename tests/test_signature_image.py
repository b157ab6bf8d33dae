"""Signature images: what is accepted, what is refused, what is stored."""

import io
import struct
import zlib

import pytest
from PIL import Image, ImageDraw

from pledge import signature_image
from pledge.signature_image import SignatureImageError
from tests.builders import data_url, drawn_png

MAX_BYTES = 512 * 1024
MAX_PIXELS = 4_000_000


def normalise(png):
    return signature_image.normalise_png(png, MAX_BYTES, MAX_PIXELS)


def test_a_drawing_is_cropped_to_its_ink_and_stored_grey_on_white():
    stored = normalise(drawn_png(600, 200))
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "PNG" and image.mode == "L"
        assert image.width < 600 and image.height < 200
        assert image.getpixel((0, 0)) == 255


def test_metadata_of_the_sender_is_not_kept():
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Author", "Secret Person")
    image = Image.new("RGBA", (300, 100), (0, 0, 0, 0))
    ImageDraw.Draw(image).line([(10, 10), (290, 90)], fill=(0, 0, 0, 255), width=4)
    raw = io.BytesIO()
    image.save(raw, format="PNG", pnginfo=info)
    stored = normalise(raw.getvalue())
    assert b"Secret Person" not in stored
    with Image.open(io.BytesIO(stored)) as again:
        assert "Author" not in again.info


def test_an_empty_drawing_is_refused():
    with pytest.raises(SignatureImageError) as error:
        normalise(drawn_png(ink=False))
    assert error.value.reason == "empty"


def test_strokes_too_pale_to_see_are_refused_as_empty():
    image = Image.new("RGBA", (300, 100), (0, 0, 0, 0))
    ImageDraw.Draw(image).line([(10, 10), (290, 90)], fill=(240, 240, 240, 255), width=6)
    with pytest.raises(SignatureImageError) as error:
        normalise(png_bytes(image))
    assert error.value.reason == "empty"


def test_a_small_drawing_in_a_corner_of_the_pad_is_kept_whole_with_its_margin():
    image = Image.new("RGBA", (720, 360), (0, 0, 0, 0))
    ImageDraw.Draw(image).rectangle([(600, 300), (659, 329)], fill=(17, 17, 17, 255))
    with Image.open(io.BytesIO(normalise(png_bytes(image)))) as stored:
        margin = signature_image.MARGIN
        assert stored.size == (60 + 2 * margin, 30 + 2 * margin)
        assert stored.getpixel((margin + 30, margin + 15)) < 50  # the ink is there
        assert stored.getpixel((0, 0)) == 255  # on white


def png_bytes(image):
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def test_a_jpeg_is_refused():
    out = io.BytesIO()
    Image.new("RGB", (100, 100), "black").save(out, format="JPEG")
    with pytest.raises(SignatureImageError) as error:
        normalise(out.getvalue())
    assert error.value.reason == "format"


def test_a_truncated_png_is_refused():
    png = drawn_png()
    with pytest.raises(SignatureImageError) as error:
        normalise(png[: len(png) // 2])
    assert error.value.reason == "format"


def test_too_many_bytes_are_refused():
    with pytest.raises(SignatureImageError) as error:
        signature_image.normalise_png(drawn_png(), 100, MAX_PIXELS)
    assert error.value.reason == "too_large"


def _png_header_only(width, height):
    """A PNG that claims a huge size with a tiny, highly compressed body (a bomb)."""

    def chunk(kind, payload):
        return (
            struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    row = b"\x00" + b"\xff" * width
    body = zlib.compress(row * 50, 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


@pytest.mark.parametrize("size", [(20_000, 20_000), (5_000, 1_000), (3_000, 1_400)])
def test_images_with_too_many_pixels_are_refused_before_decoding(size):
    with pytest.raises(SignatureImageError) as error:
        normalise(_png_header_only(*size))
    assert error.value.reason == "too_large"


@pytest.mark.parametrize("size", [(1, 4_000_000), (4_000_000, 1)])
def test_a_thread_of_an_image_within_the_pixel_limit_is_refused_as_too_large(size):
    image = Image.new("L", size, 0)  # all ink: it used to reach the scaling and fail there
    out = io.BytesIO()
    image.save(out, format="PNG")
    with pytest.raises(SignatureImageError) as error:
        normalise(out.getvalue())
    assert error.value.reason == "too_large"


@pytest.mark.parametrize(
    "url",
    [
        "",
        "data:image/jpeg;base64,AAAA",
        "data:image/png;base64,!!!",
        "https://example.com/x.png",
        "data:image/png;base64,",
    ],
)
def test_malformed_data_urls_are_refused(url):
    with pytest.raises(SignatureImageError):
        signature_image.from_data_url(url, MAX_BYTES, MAX_PIXELS)


def test_a_data_url_from_the_pad_is_accepted():
    stored = signature_image.from_data_url(data_url(drawn_png()), MAX_BYTES, MAX_PIXELS)
    assert stored.startswith(signature_image.PNG_MAGIC)
