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
