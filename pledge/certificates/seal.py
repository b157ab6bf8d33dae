"""The seal: a PAdES signature of the organising institution on a PDF (pyHanko).

The key is read once per process (keys.key_material) and the pyHanko signer built
from it is kept on the app too; each PDF then costs one ECDSA signature.

Without SEAL_TSA_URL a seal is PAdES B-B. With it, the signature carries an RFC 3161
timestamp from that authority (B-T) and the file a Document Security Store with the
certificates and revocation data of the seal's and the timestamp's chains (B-LT): a
reader can then tell, after the certificate expired or was revoked, that the seal was
made while it was valid. Fetching them costs a few HTTP requests per sealed document
(certificates are sealed once and stored).
"""

import asyncio
import enum
import hashlib
import io
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields

from asn1crypto import cms
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ec import ECDSA, EllipticCurvePrivateKey
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from flask import current_app
from flask_babel import lazy_gettext as _l
from pyhanko.keys import load_certs_from_pemder
from pyhanko.keys.internal import translate_pyca_cryptography_key_to_asn1
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.general import SigningError, get_pyca_cryptography_hash
from pyhanko.sign.timestamps import HTTPTimeStamper
from pyhanko.sign.timestamps.common_utils import TimestampRequestError
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.errors import PathError, ValidationError
from pyhanko_certvalidator.registry import SimpleCertificateStore
from werkzeug.exceptions import ServiceUnavailable

from pledge.certificates import cms_template
from pledge.certificates.keys import key_material

FIELD_NAME = "Seal"
# Room for the CMS blob: an ECDSA P-256 or RSA-4096 signature with a short chain.
# Reserving it up front spares pyHanko a trial signature per PDF.
BYTES_RESERVED = 16384
# With a timestamp token (its own CMS and the authority's chain) inside.
BYTES_RESERVED_TIMESTAMPED = 32768
TSA_TIMEOUT = 10  # seconds


class SealUnavailable(ServiceUnavailable):
    """The time-stamping authority, or the revocation data of a chain, could not be had.

    A 503: nothing is stored, and asking again later seals the document in full.
    """

    title = _l("The document cannot be sealed just now")
    message = _l(
        "The time-stamping authority that dates the portal's seal does not answer. Nothing was "
        "stored; please try again in a minute."
    )

    def get_headers(self, environ=None, scope=None):
        return [*super().get_headers(environ, scope), ("Retry-After", "60")]


class _CachedKeySigner(signers.SimpleSigner):
    """A SimpleSigner that keeps the parsed private key instead of re-reading it per PDF,
    and fills in a CMS template for a PAdES seal instead of building the CMS each time.

    The template (pledge.certificates.cms_template) is pyHanko's own CMS for this signer,
    made once per digest algorithm; a seal of another shape (a timestamp, CAdES or
    revocation attributes, a dry run) is built by pyHanko as before.
    """

    def __init__(self, private_key, **kwargs):
        super().__init__(signing_key=translate_pyca_cryptography_key_to_asn1(private_key), **kwargs)
        self._private_key = private_key
        self._templates = {}  # digest algorithm -> CmsTemplate
        self._templates_lock = threading.Lock()

    async def async_sign(
        self,
        data_digest,
        digest_algorithm,
        dry_run=False,
        use_pades=False,
        timestamper=None,
        signed_attr_settings=None,
        is_pdf_sig=True,
        encap_content_info=None,
    ):
        settings = signed_attr_settings
        # The attributes a plain PAdES seal has: every setting but its time (which PAdES
        # leaves out of the CMS) unset, whatever settings a later pyHanko adds.
        plain_seal = (
            use_pades
            and is_pdf_sig
            and not dry_run
            and timestamper is None
            and encap_content_info is None
            and settings is not None
            and all(
                getattr(settings, field.name) is None
                for field in dataclass_fields(settings)
                if field.name != "signing_time"
            )
        )
        if not plain_seal:
            return await super().async_sign(
                data_digest,
                digest_algorithm,
                dry_run=dry_run,
                use_pades=use_pades,
                timestamper=timestamper,
                signed_attr_settings=signed_attr_settings,
                is_pdf_sig=is_pdf_sig,
                encap_content_info=encap_content_info,
            )
        template = await self._template(digest_algorithm, settings)
        signature = await self.async_sign_raw(template.signed_attributes(data_digest), digest_algorithm)
        return cms.ContentInfo.load(template.filled(data_digest, signature))

    async def _template(self, digest_algorithm, settings):
        """Return this signer's CmsTemplate for `digest_algorithm`, made from pyHanko's CMS the first time."""
        with self._templates_lock:
            template = self._templates.get(digest_algorithm)
        if template is None:
            placeholder = cms_template.placeholder_digest(
                get_pyca_cryptography_hash(digest_algorithm).digest_size
            )
            made = await super().async_sign(
                placeholder, digest_algorithm, use_pades=True, signed_attr_settings=settings, is_pdf_sig=True
            )
            template = cms_template.CmsTemplate.of(made.dump(), placeholder)
            with self._templates_lock:
                self._templates[digest_algorithm] = template
        return template

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
    """Event loops made once, for pyHanko's async API: one for the process's main thread,
    and one on a thread of its own for every other caller.

    pyHanko's synchronous functions call asyncio.run() each time: a new loop per seal,
    and a refusal inside a running loop (an async server, Playwright's sync API in the
    browser tests), which used to cost a thread per seal. The main thread of a process
    (a sync gunicorn worker, the certificate worker), when it runs no loop itself, seals
    on a loop it keeps: handing each seal to another thread cost a fifth of a seal. Other
    threads, and a caller inside a running loop, hand the seal to the process's loop
    thread (a loop per thread would be left unclosed when its thread ends). A forked
    worker makes its loops afresh (loops and threads do not survive a fork).
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._loop = None
        self._pid = None
        self._main = None  # (loop, pid) of the main thread's loop

    def run(self, coroutine):
        """Run `coroutine` to its end and return its result (or raise its exception)."""
        if threading.current_thread() is threading.main_thread():
            try:
                asyncio.get_running_loop()
            except RuntimeError:
                return self._main_loop().run_until_complete(coroutine)
        return asyncio.run_coroutine_threadsafe(coroutine, self._running()).result()

    def _main_loop(self):
        """The main thread's loop, made on its first seal, and again after a fork."""
        if self._main is None or self._main[1] != os.getpid():
            if self._main is not None:
                self._main[0].close()  # the parent's, as the fork copied it
            self._main = (asyncio.new_event_loop(), os.getpid())
        return self._main[0]

    def _running(self):
        with self._lock:
            if self._loop is None or self._pid != os.getpid():
                loop = asyncio.new_event_loop()
                threading.Thread(target=loop.run_forever, name="pledge-seal-loop", daemon=True).start()
                self._loop, self._pid = loop, os.getpid()
            return self._loop


_LOOP = _SealLoop()


def _outside_event_loop(function, *args):
    """Call `function` (pyHanko's synchronous API, asyncio.run() inside), in a worker thread
    if this thread runs an asyncio event loop, where asyncio.run() would refuse."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args).result()


def trust_roots():
    """Return the asn1crypto certificates that seals and their timestamps are checked against.

    The top of the seal's chain: its authority's root when the chain carries one (a
    PKCS#12 file or a certificate file with its chain), else the chain's last
    certificate, else the seal's certificate itself (self-signed). Not the seal's own
    certificate when it has an issuer: a trust anchor's revocation is never checked, and
    a B-LT seal must carry its certificate's. Then the roots in SEAL_TRUST_ROOTS_PATH when
    set (a time-stamping authority of another authority). Raise OSError when that file
    cannot be read.
    """
    material = key_material()
    chain = list(material.chain)
    top = [cert for cert in chain if cert.issuer == cert.subject] or chain[-1:] or [material.certificate]
    roots = [_asn1_certificate(cert) for cert in top]
    path = current_app.config.get("SEAL_TRUST_ROOTS_PATH")
    return roots + list(load_certs_from_pemder([path])) if path else roots


def _timestamped(meta_fields):
    """Return (metadata fields, timestamper, room) for B-LT when SEAL_TSA_URL is set, else B-B's."""
    url = current_app.config.get("SEAL_TSA_URL")
    if not url:
        return meta_fields, None, BYTES_RESERVED
    context = ValidationContext(trust_roots=trust_roots(), allow_fetching=True)
    meta_fields = {**meta_fields, "embed_validation_info": True, "validation_context": context}
    return meta_fields, HTTPTimeStamper(url, timeout=TSA_TIMEOUT), BYTES_RESERVED_TIMESTAMPED


def seal(pdf_bytes, reason, location=None):
    """Return `pdf_bytes` with the institution's PAdES seal appended: B-LT with SEAL_TSA_URL, else B-B.

    Raise SealUnavailable (a 503) when the timestamp or the validation data cannot be had.
    """
    signer = _signer()
    meta_fields, timestamper, room = _timestamped(
        {
            "field_name": FIELD_NAME,
            "md_algorithm": "sha256",
            "subfilter": fields.SigSeedSubFilter.PADES,
            "reason": reason,
            "location": location,
            "name": current_app.config["SEAL_INSTITUTION"],
        }
    )
    meta = signers.PdfSignatureMetadata(**meta_fields)
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes), strict=False)
    try:
        if timestamper is None:  # B-B fetches nothing: on the process's loop
            out = _LOOP.run(signers.async_sign_pdf(writer, meta, signer=signer, bytes_reserved=room))
        else:
            # B-LT waits on the network inside pyHanko's coroutines (blocking calls): a loop of
            # its own per seal, so a slow TSA holds up no other seal of the process.
            out = _outside_event_loop(
                lambda: signers.sign_pdf(
                    writer, meta, signer=signer, timestamper=timestamper, bytes_reserved=room
                )
            )
    except (TimestampRequestError, SigningError, PathError, ValidationError, OSError) as error:
        if timestamper is None:
            raise  # a B-B seal fetches nothing: not a matter of waiting
        current_app.logger.error("sealing with a timestamp failed: %s", error)
        raise SealUnavailable() from error
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


def _timestamp_context(trusted_certificate):
    """The roots a seal's timestamp is checked against: the seal chain's, the configured ones, the seal's."""
    roots = [*trust_roots(), _asn1_certificate(trusted_certificate)]
    return ValidationContext(trust_roots=roots, allow_fetching=False)


def _covers_everything(status):
    """Whether the seal covers the file, up to the validation data a B-LT seal adds after it."""
    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return True
    return (
        status.coverage == SignatureCoverageLevel.ENTIRE_REVISION
        and status.modification_level == ModificationLevel.LTA_UPDATES
    )


def check_seal(pdf_bytes, trusted_certificate=None):
    """Check the seal of a PDF against the portal's certificate (or `trusted_certificate`).

    The judgment comes from pyHanko's `bottom_line` (which includes the timestamp's
    validity, when there is one) and coverage of the whole file, or of all but the
    validation data a B-LT seal appends; never from `valid` alone, which a tampered file
    can still report.
    """
    sha256 = hashlib.sha256(pdf_bytes).hexdigest()
    trusted = trusted_certificate or key_material().certificate
    if not pdf_bytes.startswith(b"%PDF-"):
        return SealReport(SealCheck.UNREADABLE, sha256)
    try:
        reader = PdfFileReader(io.BytesIO(pdf_bytes), strict=False)
        embedded = reader.embedded_signatures
    # Whatever pyHanko raises on a file it cannot read is an unreadable file: crafted ones
    # raise RecursionError (200,000 nested arrays), OverflowError (a startxref past any
    # offset), zlib.error (a stream that is no deflate) or AssertionError (a huge xref).
    except Exception:
        return SealReport(SealCheck.UNREADABLE, sha256)
    ours = [sig for sig in embedded if _is_ours(sig, trusted)]
    if not ours:
        return SealReport(SealCheck.FOREIGN, sha256)
    # The contexts read the app's settings: made here, not on the loop's thread.
    context, timestamp_context = _validation_context(trusted), _timestamp_context(trusted)
    try:
        status = _LOOP.run(
            async_validate_pdf_signature(ours[-1], context, ts_validation_context=timestamp_context)
        )
    except Exception:  # a mangled signature is a failed check, whatever pyHanko raises
        return SealReport(SealCheck.ALTERED, sha256)
    if status.bottom_line and status.intact and _covers_everything(status):
        return SealReport(SealCheck.INTACT, sha256)
    return SealReport(SealCheck.ALTERED, sha256)


def _is_ours(embedded_signature, trusted):
    try:
        signer_certificate = embedded_signature.signer_cert
    except Exception:  # an unreadable CMS blob is not our seal
        return False
    expected = trusted.public_bytes(serialization.Encoding.DER)
    return signer_certificate.dump() == expected
