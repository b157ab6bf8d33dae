"""The sealing key: created in the instance folder, or a PKCS#12 file from a CA."""

import datetime
import stat

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from pledge.certificates import seal
from pledge.certificates.store import certificate_for
from tests.builders import make_event, make_signature
from tests.pdfs import seal_status


def test_keys_init_creates_a_p256_key_and_a_self_signed_certificate(app, runner, tmp_path):
    result = runner.invoke(args=["pledge", "keys", "init"])
    assert result.exit_code == 0, result.output
    assert "Created" in result.output
    key_path, cert_path = tmp_path / "signing_key.pem", tmp_path / "signing_certificate.pem"
    assert stat.S_IMODE(key_path.stat().st_mode) == 0o600
    key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
    assert isinstance(key, ec.EllipticCurvePrivateKey) and key.curve.name == "secp256r1"
    certificate = x509.load_pem_x509_certificate(cert_path.read_bytes())
    assert certificate.subject == certificate.issuer
    assert (
        certificate.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value
        == "Portal Pilkada Damai"
    )


def test_keys_init_leaves_an_existing_key_alone(app, runner, tmp_path):
    runner.invoke(args=["pledge", "keys", "init"])
    before = (tmp_path / "signing_key.pem").read_bytes()
    result = runner.invoke(args=["pledge", "keys", "init"])
    assert result.exit_code == 0 and "left as it is" in result.output
    assert (tmp_path / "signing_key.pem").read_bytes() == before


def _name(common_name):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _certificate(subject, issuer, public_key, signing_key, ca):
    now = datetime.datetime.now(datetime.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=ca,
                crl_sign=ca,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
    )
    return builder.sign(signing_key, hashes.SHA256())


def test_a_pkcs12_file_from_a_certification_authority_seals_instead(app, client, tmp_path):
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca = _certificate(_name("Uji CA"), _name("Uji CA"), ca_key.public_key(), ca_key, ca=True)
    leaf_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    leaf = _certificate(_name("Bawaslu Paser"), _name("Uji CA"), leaf_key.public_key(), ca_key, ca=False)
    bundle = pkcs12.serialize_key_and_certificates(
        b"seal", leaf_key, leaf, [ca], serialization.BestAvailableEncryption(b"rahasia")
    )
    (tmp_path / "seal.p12").write_bytes(bundle)
    app.config.update(SEAL_PKCS12_PATH=str(tmp_path / "seal.p12"), SEAL_PKCS12_PASSWORD="rahasia")

    pdf = certificate_for(make_signature(make_event())).pdf
    pem = client.get("/seal-certificate.pem").data
    assert x509.load_pem_x509_certificate(pem) == leaf
    assert seal.check_seal(pdf).check == seal.SealCheck.INTACT
    ca_pem = ca.public_bytes(serialization.Encoding.PEM)
    assert seal_status(pdf, ca_pem).bottom_line
    assert not (tmp_path / "signing_key.pem").exists()


def test_a_certificate_whose_key_is_gone_is_not_silently_replaced(app, runner, tmp_path):
    runner.invoke(args=["pledge", "keys", "init"])
    (tmp_path / "signing_key.pem").unlink()
    result = runner.invoke(args=["pledge", "keys", "init"])
    assert result.exit_code != 0
    assert "exists without its key" in str(result.exception)
    assert not (tmp_path / "signing_key.pem").exists()
