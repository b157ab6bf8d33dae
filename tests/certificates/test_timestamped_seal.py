"""Seals that outlive their certificate: with SEAL_TSA_URL, PAdES B-T plus validation data (B-LT).

A certification authority and a time-stamping authority run on 127.0.0.1 (certomancer,
tests/local_pki.py); the seal's key comes from the authority as a PKCS#12 file.
"""

import io
from concurrent.futures import ThreadPoolExecutor

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko_certvalidator import ValidationContext

from pledge.certificates import seal
from pledge.certificates.keys import key_material
from pledge.certificates.store import build_certificate
from pledge.models import Certificate
from pledge.tokens import signer_token
from tests.builders import make_event, make_signature
from tests.conftest import make_app, opened
from tests.local_pki import local_pki
from tests.pdfs import flip_one_byte


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    with local_pki(tmp_path_factory.mktemp("pki")) as running:
        yield running


@pytest.fixture
def tsa_app(tmp_path, pki):
    overrides = {
        "SEAL_PKCS12_PATH": str(pki.pkcs12_path),
        "SEAL_TSA_URL": pki.tsa_url,
        "WTF_CSRF_ENABLED": False,
    }
    yield from opened(make_app(tmp_path, **overrides))


def asn1(certificate):
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


def last_seal(pdf):
    return PdfFileReader(io.BytesIO(pdf)).embedded_signatures[-1]


def validated(pdf, root):
    """pyHanko's status of the last seal, trusting only `root` for it and its timestamp."""
    context = ValidationContext(trust_roots=[asn1(root)], allow_fetching=False)
    with ThreadPoolExecutor(max_workers=1) as pool:  # pyHanko's sync API runs its own loop
        return pool.submit(
            validate_pdf_signature, last_seal(pdf), context, ts_validation_context=context
        ).result()


def test_a_seal_with_a_tsa_is_timestamped_and_valid(tsa_app, pki):
    pdf = build_certificate(make_signature(make_event()))
    status = validated(pdf, pki.root)
    assert status.bottom_line and status.intact and status.valid and status.trusted
    timestamp = status.timestamp_validity
    assert timestamp is not None
    assert timestamp.intact and timestamp.valid and timestamp.trusted
    assert timestamp.signing_cert.subject.native["common_name"] == "TSA Uji"
    assert seal.check_seal(pdf).check == seal.SealCheck.INTACT


def test_a_timestamped_seal_carries_its_validation_data(tsa_app, pki):
    pdf = build_certificate(make_signature(make_event()))
    root = PdfFileReader(io.BytesIO(pdf)).root
    dss = root["/DSS"]
    certificates = {asn1_x509.Certificate.load(ref.get_object().data).subject.native["common_name"] for ref in dss["/Certs"]}  # fmt: skip
    assert {"Root CA Uji", "Polres Paser (uji)", "TSA Uji"} <= certificates
    assert len(dss["/CRLs"]) >= 1  # the authority's CRL, for the seal and the TSA
    # The validation data comes after the seal: the seal covers all but that update.
    status = validated(pdf, pki.root)
    assert status.coverage.name == "ENTIRE_REVISION" and status.modification_level.name == "LTA_UPDATES"


def test_the_validation_data_alone_proves_the_seal_and_its_timestamp(tsa_app, pki):
    """B-LT: with fetching off and revocation checks mandatory, the DSS is all that is needed."""
    pdf = build_certificate(make_signature(make_event()))
    settings = {"trust_roots": [asn1(pki.root)], "allow_fetching": False, "revocation_mode": "hard-fail"}
    dss = DocumentSecurityStore.read_dss(PdfFileReader(io.BytesIO(pdf)))
    from_dss = dss.as_validation_context(settings)
    with ThreadPoolExecutor(max_workers=1) as pool:
        status = pool.submit(validate_pdf_signature, last_seal(pdf), from_dss, ts_validation_context=from_dss).result()  # fmt: skip
        assert status.bottom_line and status.timestamp_validity.trusted
        # Without the DSS's revocation data the same strict check fails: it is the DSS that proves.
        bare = ValidationContext(**settings, crls=[], ocsps=[])
        status = pool.submit(validate_pdf_signature, last_seal(pdf), bare, ts_validation_context=bare).result()  # fmt: skip
        assert not status.bottom_line


def test_a_timestamped_certificate_uploaded_to_verify_is_genuine(tsa_app):
    record = make_signature(make_event())
    client = tsa_app.test_client()
    client.get("/lang/en")
    pdf = client.get(f"/s/{signer_token(record)}/certificate.pdf").data
    answer = client.post("/verify", data={"document": (io.BytesIO(pdf), "sertifikat.pdf")})
    assert answer.status_code == 200 and "Genuine and valid" in answer.text


def test_an_altered_timestamped_certificate_is_altered(tsa_app):
    pdf = build_certificate(make_signature(make_event()))
    assert seal.check_seal(flip_one_byte(pdf)).check == seal.SealCheck.ALTERED


def test_a_timestamp_from_an_authority_nobody_trusts_fails_the_bottom_line(tsa_app, pki):
    pdf = build_certificate(make_signature(make_event()))
    # Trusting the seal's own certificate only: the seal is fine, its timestamp is not vouched for.
    context = ValidationContext(trust_roots=[asn1(pki.root)], allow_fetching=False)
    untrusting = ValidationContext(trust_roots=[last_seal(pdf).signer_cert], allow_fetching=False)
    with ThreadPoolExecutor(max_workers=1) as pool:
        status = pool.submit(
            validate_pdf_signature, last_seal(pdf), context, ts_validation_context=untrusting
        ).result()
    assert status.intact and status.valid and status.trusted
    assert not status.timestamp_validity.trusted and not status.bottom_line


def test_without_a_tsa_the_seal_is_b_b_as_before(app):
    pdf = build_certificate(make_signature(make_event()))
    status = validated(pdf, key_material().certificate)
    assert status.bottom_line and status.timestamp_validity is None
    assert "/DSS" not in PdfFileReader(io.BytesIO(pdf)).root
    assert seal.check_seal(pdf).check == seal.SealCheck.INTACT


def test_an_authority_that_does_not_answer_stores_nothing_and_says_so(tmp_path, pki):
    overrides = {"SEAL_PKCS12_PATH": str(pki.pkcs12_path), "SEAL_TSA_URL": "http://127.0.0.1:9/tsa"}
    for app in opened(make_app(tmp_path, **overrides)):
        record = make_signature(make_event())
        client = app.test_client()
        client.get("/lang/en")
        answer = client.get(f"/s/{signer_token(record)}/certificate.pdf")
        assert answer.status_code == 503
        assert answer.headers["Retry-After"] == "60"
        assert "The document cannot be sealed just now" in answer.text
        assert Certificate.for_record(record, "en", "valid") is None


def test_a_self_signed_seal_takes_a_timestamp_from_an_authority_named_by_its_root(tmp_path, pki):
    roots = tmp_path / "roots.pem"
    roots.write_bytes(pki.root.public_bytes(serialization.Encoding.PEM))
    overrides = {"SEAL_TSA_URL": pki.tsa_url, "SEAL_TRUST_ROOTS_PATH": str(roots)}
    for _app in opened(make_app(tmp_path, **overrides)):
        pdf = build_certificate(make_signature(make_event()))
        assert seal.check_seal(pdf).check == seal.SealCheck.INTACT
        signer = key_material().certificate
        context = ValidationContext(trust_roots=[asn1(signer)], allow_fetching=False)
        ts_context = ValidationContext(trust_roots=[asn1(pki.root)], allow_fetching=False)
        with ThreadPoolExecutor(max_workers=1) as pool:
            status = pool.submit(validate_pdf_signature, last_seal(pdf), context, ts_validation_context=ts_context).result()  # fmt: skip
        assert status.bottom_line and status.timestamp_validity.trusted


def test_a_key_and_certificate_chain_in_pem_files_seal_with_a_timestamp(tmp_path, pki):
    key, certificate, chain = pkcs12.load_key_and_certificates(pki.pkcs12_path.read_bytes(), None)
    key_path, cert_path = tmp_path / "seal.key.pem", tmp_path / "seal.chain.pem"
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    cert_path.write_bytes(
        b"".join(cert.public_bytes(serialization.Encoding.PEM) for cert in (certificate, *chain))
    )
    overrides = {
        "SEAL_KEY_PATH": str(key_path),
        "SEAL_CERT_PATH": str(cert_path),
        "SEAL_TSA_URL": pki.tsa_url,
    }
    for _app in opened(make_app(tmp_path, **overrides)):
        assert key_material().chain == tuple(chain)
        pdf = build_certificate(make_signature(make_event()))
        status = validated(pdf, pki.root)
        assert status.bottom_line and status.timestamp_validity.trusted
