"""The seal's CMS template (pledge.certificates.cms_template) against pyHanko's own CMS, byte for byte.

The template is made once from the CMS pyHanko builds; each seal fills in the message
digest and the signature. These tests hold it to pyHanko's output for the same digest
and the same signature value, on every run: the signature is replaced by a stand-in
that depends only on what is signed, so that both builders get the same bytes.
"""

import hashlib
import shutil
import subprocess
from datetime import timedelta

import pytest
from pyhanko.sign import signers
from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes

from pledge.certificates import cms_template, seal
from pledge.certificates.content import CertificateContent
from pledge.certificates.render import render_certificate
from pledge.models import utcnow
from pledge.urls import verify_url
from tests.builders import make_event, make_signature


def run(coroutine):
    """Run pyHanko's coroutine on the seal's loop, as seal() does (a test may run inside another loop)."""
    return seal._LOOP.run(coroutine)


def stand_in(length):
    """A sign_raw giving `length` bytes that depend on the signed attributes alone."""

    def sign_raw(data, digest_algorithm):
        return hashlib.shake_256(data + digest_algorithm.encode()).digest(length)

    return sign_raw


def pyhankos(signer, digest, settings):
    """The CMS pyHanko builds itself for this signer (SimpleSigner's async_sign, no template)."""
    return run(
        signers.SimpleSigner.async_sign(
            signer, digest, "sha256", use_pades=True, signed_attr_settings=settings
        )
    )


def templated(signer, digest, settings):
    return run(signer.async_sign(digest, "sha256", use_pades=True, signed_attr_settings=settings))


# An ECDSA P-256 signature is 70 to 72 bytes of DER; RSA ones are 256 or 512 bytes: the
# lengths around the signature take one and two bytes.
@pytest.mark.parametrize("length", [70, 71, 72, 127, 128, 256, 512])
def test_a_filled_template_is_byte_for_byte_the_cms_pyhanko_builds(app, monkeypatch, length):
    signer = seal._signer()
    monkeypatch.setattr(signer, "sign_raw", stand_in(length))
    for n in range(3):
        digest = hashlib.sha256(f"document {n} signed with {length}".encode()).digest()
        # The template was made at another moment: a PAdES seal's attributes hold no time.
        then = PdfCMSSignedAttributes(signing_time=utcnow() - timedelta(days=n + 1))
        now = PdfCMSSignedAttributes(signing_time=utcnow())
        assert templated(signer, digest, then).dump() == pyhankos(signer, digest, now).dump()


def test_the_signature_covers_the_signed_attributes_pyhanko_would_sign(app, monkeypatch):
    signer = seal._signer()
    signed = []
    monkeypatch.setattr(signer, "sign_raw", lambda data, algorithm: signed.append(data) or b"\x01" * 71)
    digest = hashlib.sha256(b"a document").digest()
    settings = PdfCMSSignedAttributes(signing_time=utcnow())
    templated(signer, digest, settings)
    pyhankos(signer, digest, settings)
    assert signed[-2] == signed[-1]
    assert signed[-1].startswith(b"\x31") and digest in signed[-1]


def test_a_seal_of_another_shape_is_built_by_pyhanko(app, monkeypatch):
    signer = seal._signer()
    monkeypatch.setattr(seal.cms_template.CmsTemplate, "filled", None)  # a template used would fail
    digest = hashlib.sha256(b"a document").digest()
    settings = PdfCMSSignedAttributes(signing_time=utcnow())
    dry = run(
        signer.async_sign(digest, "sha256", dry_run=True, use_pades=True, signed_attr_settings=settings)
    )
    assert dry["content_type"].native == "signed_data"


def test_a_cms_without_the_placeholder_is_refused(app):
    signer = seal._signer()
    digest = hashlib.sha256(b"not the placeholder").digest()
    made = pyhankos(signer, digest, PdfCMSSignedAttributes(signing_time=utcnow()))
    with pytest.raises(cms_template.TemplateRefused, match="placeholder"):
        cms_template.CmsTemplate.of(made.dump(), cms_template.placeholder_digest(32))


def test_a_templated_seal_is_intact_and_valid_to_another_reader(app, tmp_path):
    record = make_signature(make_event())
    unsealed = render_certificate(CertificateContent.of(record, verify_url(record), "Portal Pilkada Damai"))
    pdf = seal.seal(unsealed, "Sertifikat")
    assert seal.check_seal(pdf).check == seal.SealCheck.INTACT
    if shutil.which("pdfsig") is None:
        pytest.skip("pdfsig (poppler-utils, which make test installs) is missing")
    path = tmp_path / "sealed.pdf"
    path.write_bytes(pdf)
    report = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False).stdout  # noqa: S603,S607
    assert "Signature is Valid." in report and "Total document signed" in report
