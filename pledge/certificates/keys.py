"""The organising institution's sealing key and its certificate.

By default an ECDSA P-256 key and a self-signed certificate live in the instance
folder and are created on first use (or by `flask pledge keys init`). A PKCS#12
file from a real certification authority can be configured instead.
"""

import datetime
import os
import time
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from flask import current_app

KEY_FILENAME = "seal_key.pem"
CERT_FILENAME = "seal_certificate.pem"
# The names before the seal was called a seal: a pair kept under them is still used.
OLD_FILENAMES = ("signing_key.pem", "signing_certificate.pem")
VALIDITY_DAYS = 10 * 365


@dataclass(frozen=True)
class KeyMaterial:
    """A private key (pyca object), its certificate and any chain certificates."""

    private_key: object
    certificate: x509.Certificate
    chain: tuple = ()

    def certificate_pem(self):
        return self.certificate.public_bytes(serialization.Encoding.PEM)


def key_paths(app):
    """Return (key path, certificate path) for the self-managed key pair.

    In the instance folder by default; a pair created under the old names
    (signing_key.pem, signing_certificate.pem) keeps being used.
    """
    instance = Path(app.instance_path)
    old_key, old_cert = (instance / name for name in OLD_FILENAMES)
    keep_old = old_key.exists() and not (instance / KEY_FILENAME).exists()
    key_path = app.config.get("SEAL_KEY_PATH") or (old_key if keep_old else instance / KEY_FILENAME)
    cert_path = app.config.get("SEAL_CERT_PATH") or (old_cert if keep_old else instance / CERT_FILENAME)
    return Path(key_path), Path(cert_path)


def create_self_signed(key_path, cert_path, institution, now=None):
    """Write a new ECDSA P-256 key (mode 0600) and a self-signed certificate naming `institution`."""
    now = now or datetime.datetime.now(datetime.UTC)
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, institution),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, institution),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
        ]
    )
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=VALIDITY_DAYS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    key_path.parent.mkdir(parents=True, exist_ok=True)
    cert_path.parent.mkdir(parents=True, exist_ok=True)
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(key_pem)
    partial = cert_path.with_name(cert_path.name + f".{os.getpid()}.tmp")
    partial.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    partial.replace(cert_path)  # appears whole, for a worker waiting on it
    return KeyMaterial(key, certificate)


def ensure_keys(app):
    """Create the self-signed key pair when none exists; return True when it was created.

    Does nothing when a PKCS#12 file is configured.
    """
    if app.config.get("SEAL_PKCS12_PATH"):
        return False
    key_path, cert_path = key_paths(app)
    if key_path.exists() and cert_path.exists():
        return False
    if cert_path.exists() and not key_path.exists():
        raise RuntimeError(f"{cert_path} exists without its key {key_path}; restore or remove it")
    try:
        create_self_signed(key_path, cert_path, app.config["SEAL_INSTITUTION"])
    except FileExistsError:
        # Another worker process is creating the pair at this moment: use theirs.
        for _ in range(50):
            if cert_path.exists():
                return False
            time.sleep(0.1)
        raise
    return True


def load_key_material(app):
    """Read the configured key material from disk (PKCS#12, else the key and certificate files).

    The certificate file holds the seal's certificate first, then any chain certificates.
    """
    p12_path = app.config.get("SEAL_PKCS12_PATH")
    if p12_path:
        password = app.config.get("SEAL_PKCS12_PASSWORD")
        key, certificate, chain = pkcs12.load_key_and_certificates(
            Path(p12_path).read_bytes(), password.encode() if password else None
        )
        return KeyMaterial(key, certificate, tuple(chain or ()))
    ensure_keys(app)
    key_path, cert_path = key_paths(app)
    key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
    # An authority's certificate file may go on with its chain: the seal carries it.
    certificate, *chain = x509.load_pem_x509_certificates(cert_path.read_bytes())
    return KeyMaterial(key, certificate, tuple(chain))


def key_material():
    """Return the app's key material, read once per process and kept on the app."""
    app = current_app._get_current_object()
    material = app.extensions.get("pledge_key_material")
    if material is None:
        material = app.extensions["pledge_key_material"] = load_key_material(app)
    return material
