"""Reading PDFs in tests: their text, their fonts, their seal."""

import io
import re
from concurrent.futures import ThreadPoolExecutor

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader


def pdf_text(pdf):
    """Return the text of every page, whitespace collapsed to single spaces."""
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def page_texts(pdf):
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def font_names(pdf):
    """Return the base names of the fonts the pages use."""
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        fonts = page["/Resources"].get("/Font", {})
        for font in fonts.values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


def seal_status(pdf, pem):
    """Validate the PDF's last seal with pyHanko, trusting only the certificate in `pem`."""
    from asn1crypto import x509 as asn1_x509

    certificate = x509.load_pem_x509_certificate(pem)
    root = asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))
    reader = PdfFileReader(io.BytesIO(pdf))
    embedded = reader.embedded_signatures[-1]
    context = ValidationContext(trust_roots=[root], allow_fetching=False)
    # pyHanko's sync API runs its own event loop; the browser tests leave one running here.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(validate_pdf_signature, embedded, context).result()


def flip_one_byte(pdf):
    """Return the PDF with one bit changed inside its first content stream (the page)."""
    start = re.search(rb"stream\r?\n", pdf).end()
    changed = bytearray(pdf)
    changed[start + 20] ^= 0x01
    return bytes(changed)


def page_lines(pdf):
    """Return each page's lines of text, in the order pypdf reads them."""
    reader = PdfReader(io.BytesIO(pdf))
    return [
        [line.strip() for line in (page.extract_text() or "").splitlines() if line.strip()]
        for page in reader.pages
    ]


def metadata(pdf):
    """Return the document information dictionary (title, author, creation date…)."""
    return PdfReader(io.BytesIO(pdf)).metadata


def images_on_page(pdf, number=0):
    """Return how many images page `number` (from 0) draws (an image drawn twice counts twice)."""
    page = PdfReader(io.BytesIO(pdf)).pages[number]
    return page.get_contents().get_data().split().count(b"Do")


def unembedded_fonts(pdf):
    """Return the base names of fonts any page uses without embedding them (a reader would substitute)."""
    missing = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            descriptors = [font.get("/FontDescriptor")]
            descriptors += [
                child.get_object().get("/FontDescriptor") for child in font.get("/DescendantFonts", [])
            ]
            embedded = any(
                d is not None
                and any(key in d.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3"))
                for d in descriptors
            )
            if not embedded:
                missing.add(str(font["/BaseFont"]))
    return missing


_NUMBER = re.compile(rb"^-?(\d+\.?\d*|\.\d+)$")


def qr_matrix(pdf, number=0):
    """Read back the QR code drawn on page `number` as rows of 0/1 (no quiet zone).

    The portal draws a code as one filled path of rectangles, a row's run of dark
    modules each; the largest such path on the page is the code.
    """
    data = PdfReader(io.BytesIO(pdf)).pages[number].get_contents().get_data()
    operands, path, paths = [], [], []
    for token in data.split():
        if _NUMBER.match(token):
            operands.append(float(token))
            continue
        if token == b"re":
            path.append(tuple(operands[-4:]))
        elif token in (b"f", b"f*", b"F"):
            paths.append(path)
            path = []
        elif token in (b"n", b"S", b"s", b"B", b"b"):
            path = []
        operands = []
    rects = max(paths, key=len)
    unit = min(height for _x, _y, _width, height in rects)
    left = min(x for x, _y, _width, _height in rects)
    top = max(y + height for _x, y, _width, height in rects)
    size = round((max(x + width for x, _y, width, _height in rects) - left) / unit)
    rows = [[0] * size for _ in range(size)]
    for x, y, width, height in rects:
        row, first = round((top - y - height) / unit), round((x - left) / unit)
        for column in range(first, first + round(width / unit)):
            rows[row][column] = 1
    return rows


def qr_points_at(pdf, url, number=0):
    """Whether the QR code on page `number` encodes exactly `url` (as the portal draws codes)."""
    import segno

    expected = [[int(bool(cell)) for cell in row] for row in segno.make_qr(url, error="m", mask=0).matrix]
    return qr_matrix(pdf, number) == expected


def write_pngs(pdf, stem, folder, pages=None, resolution=60):
    """Render pages of `pdf` to PNG files `stem-N.png` in `folder` with pdftoppm; return their paths."""
    import subprocess
    import tempfile
    from pathlib import Path

    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        command = ["pdftoppm", "-png", "-r", str(resolution)]
        if pages:
            command += ["-f", str(pages[0]), "-l", str(pages[1])]
        subprocess.run([*command, handle.name, str(folder / stem)], check=True)  # noqa: S603
    return sorted(Path(folder).glob(f"{stem}-*.png"))
