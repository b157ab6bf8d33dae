"""The seal: a PAdES signature of the organising institution on a PDF (pyHanko).

The key is read once per process (keys.key_material) and the pyHanko signer built
from it is kept on the app too; each PDF then costs one ECDSA signature.
"""

import asyncio
import enum
import hashlib
import io
import os
import threading
from dataclasses import dataclass

from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ec import ECDSA, EllipticCurvePrivateKey
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from flask import current_app
from pyhanko.keys.internal import translate_pyca_cryptography_key_to_asn1
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.general import get_pyca_cryptography_hash
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from pledge.certificates.keys import key_material

FIELD_NAME = "Seal"
# Room for the CMS blob: an ECDSA P-256 or RSA-4096 signature with a short chain.
# Reserving it up front spares pyHanko a trial signature per PDF.
BYTES_RESERVED = 16384


class _CachedKeySigner(signers.SimpleSigner):
    """A SimpleSigner that keeps the parsed private key instead of re-reading it per PDF."""

    def __init__(self, private_key, **kwargs):
        super().__init__(signing_key=translate_pyca_cryptography_key_to_asn1(private_key), **kwargs)
        self._private_key = private_key

    def sign_raw(self, data, digest_algorithm):
        hash_algo = get_pyca_cryptography_hash(digest_algorithm)
        if isinstance(self._private_key, EllipticCurvePrivateKey):
            return self._private_key.sign(data, ECDSA(hash_algo))
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
        if mechanism == "rsassa_pkcs1v15":
            return self._private_key.sign(data, PKCS1v15(), hash_algo)
        return super().sign_raw(data, digest_algorithm)


def _asn1_certificate(certificate):
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


def _signer():
    app = current_app._get_current_object()
    signer = app.extensions.get("pledge_signer")
    if signer is None:
        material = key_material()
        registry = SimpleCertificateStore()
        registry.register_multiple([_asn1_certificate(cert) for cert in material.chain])
        signer = _CachedKeySigner(
            material.private_key,
            signing_cert=_asn1_certificate(material.certificate),
            cert_registry=registry,
        )
        app.extensions["pledge_signer"] = signer
    return signer


class _SealLoop:
    """One asyncio event loop per process, on a thread of its own, for pyHanko's async API.

    pyHanko's synchronous functions call asyncio.run() each time: a new loop per seal,
    and a refusal inside a running loop (an async server, Playwright's sync API in the
    browser tests), which used to cost a thread per seal. A forked worker starts its own
    loop on first use (threads do not survive a fork).
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._loop = None
        self._pid = None

    def run(self, coroutine):
        """Run `coroutine` on the process's loop and return its result (or raise its exception)."""
        return asyncio.run_coroutine_threadsafe(coroutine, self._running()).result()

    def _running(self):
        with self._lock:
            if self._loop is None or self._pid != os.getpid():
                loop = asyncio.new_event_loop()
                threading.Thread(target=loop.run_forever, name="pledge-seal-loop", daemon=True).start()
                self._loop, self._pid = loop, os.getpid()
            return self._loop


_LOOP = _SealLoop()


def seal(pdf_bytes, reason, location=None):
    """Return `pdf_bytes` with the institution's PAdES (B-B) seal appended."""
    signer = _signer()
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=location,
        name=current_app.config["SEAL_INSTITUTION"],
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes), strict=False)
    out = _LOOP.run(signers.async_sign_pdf(writer, meta, signer=signer, bytes_reserved=BYTES_RESERVED))
    return out.getvalue()


class SealCheck(enum.StrEnum):
    INTACT = "intact"  # sealed by this portal's key, nothing changed since
    ALTERED = "altered"  # sealed by this portal's key, changed afterwards
    FOREIGN = "foreign"  # no seal, or a seal by someone else
    UNREADABLE = "unreadable"  # not a PDF we can read


@dataclass(frozen=True)
class SealReport:
    check: SealCheck
    sha256: str


def _validation_context(trusted_certificate):
    return ValidationContext(trust_roots=[_asn1_certificate(trusted_certificate)], allow_fetching=False)


def check_seal(pdf_bytes, trusted_certificate=None):
    """Check the seal of a PDF against the portal's certificate (or `trusted_certificate`).

    The judgment comes from pyHanko's `bottom_line` and full coverage of the file,
    never from `valid` alone, which a tampered file can still report.
    """
    sha256 = hashlib.sha256(pdf_bytes).hexdigest()
    trusted = trusted_certificate or key_material().certificate
    if not pdf_bytes.startswith(b"%PDF-"):
        return SealReport(SealCheck.UNREADABLE, sha256)
    try:
        reader = PdfFileReader(io.BytesIO(pdf_bytes), strict=False)
        embedded = reader.embedded_signatures
    # RecursionError: a file of 200,000 nested arrays is no PDF a person made.
    except (PdfError, ValueError, KeyError, TypeError, IndexError, AttributeError, RecursionError):
        return SealReport(SealCheck.UNREADABLE, sha256)
    ours = [sig for sig in embedded if _is_ours(sig, trusted)]
    if not ours:
        return SealReport(SealCheck.FOREIGN, sha256)
    try:
        status = _LOOP.run(async_validate_pdf_signature(ours[-1], _validation_context(trusted)))
    except Exception:  # a mangled signature is a failed check, whatever pyHanko raises
        return SealReport(SealCheck.ALTERED, sha256)
    covers_everything = status.coverage == status.coverage.ENTIRE_FILE
    if status.bottom_line and status.intact and covers_everything:
        return SealReport(SealCheck.INTACT, sha256)
    return SealReport(SealCheck.ALTERED, sha256)


def _is_ours(embedded_signature, trusted):
    try:
        signer_certificate = embedded_signature.signer_cert
    except Exception:  # an unreadable CMS blob is not our seal
        return False
    expected = trusted.public_bytes(serialization.Encoding.DER)
    return signer_certificate.dump() == expected
