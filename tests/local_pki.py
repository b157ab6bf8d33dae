"""A certification authority and a time-stamping authority on 127.0.0.1, made with certomancer.

The root CA issues the seal's certificate (delivered as a PKCS#12 file, as an
authority such as BSrE delivers it) and the TSA's; its CRL, the TSA and the
certificates are served by certomancer's Animator (a WSGI app) from a werkzeug server
on a free local port, so pyHanko fetches timestamps and revocation data over real HTTP
without the network.
"""

import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from certomancer.integrations.animator import Animator, AnimatorArchStore
from certomancer.registry import CertLabel, CertomancerConfig
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from werkzeug.serving import WSGIRequestHandler, make_server

ARCH = "pilkada"
KEYS = ("root", "seal", "tsa")
VALIDITY = {"valid-from": "2020-01-01T00:00:00+0000", "valid-to": "2045-01-01T00:00:00+0000"}


@dataclass(frozen=True)
class LocalPKI:
    tsa_url: str
    pkcs12_path: Path
    root: x509.Certificate  # the trust anchor a reader would install
    tsa_certificate: x509.Certificate


def _write_keys(folder):
    for label in KEYS:
        key = ec.generate_private_key(ec.SECP256R1())
        pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        (folder / f"{label}.key.pem").write_bytes(pem)


def _config(prefix):
    crl_points = {"id": "crl_distribution_points", "smart-value": {"schema": "crl-dist-url", "params": {"crl-repo-names": ["root"]}}}  # fmt: skip
    return {
        "external-url-prefix": prefix,
        "keysets": {ARCH: {"keys": {label: {"path": f"{label}.key.pem"} for label in KEYS}}},
        "pki-architectures": {
            ARCH: {
                "keyset": ARCH,
                "entity-defaults": {"country-name": "ID", "organization-name": "Otoritas Uji"},
                "entities": {
                    "root": {"common-name": "Root CA Uji"},
                    "seal": {"common-name": "Polres Paser (uji)"},
                    "tsa": {"common-name": "TSA Uji"},
                },
                "certs": {
                    "root": {
                        "subject": "root",
                        "issuer": "root",
                        "validity": VALIDITY,
                        "profiles": ["simple-ca"],
                    },
                    "seal": {
                        "subject": "seal",
                        "issuer": "root",
                        "validity": VALIDITY,
                        "profiles": ["digsig-commitment"],
                        "extensions": [crl_points],
                    },
                    "tsa": {
                        "subject": "tsa",
                        "issuer": "root",
                        "validity": VALIDITY,
                        "extensions": [
                            {
                                "id": "key_usage",
                                "critical": True,
                                "smart-value": {"schema": "key-usage", "params": ["digital_signature"]},
                            },  # fmt: skip
                            {"id": "extended_key_usage", "critical": True, "value": ["time_stamping"]},
                            crl_points,
                        ],
                    },
                },
                "services": {
                    "crl-repo": {
                        "root": {
                            "for-issuer": "root",
                            "signing-key": "root",
                            "simulated-update-schedule": "P90D",
                        }
                    },  # fmt: skip
                    "time-stamping": {"tsa": {"signing-key": "tsa", "signing-cert": "tsa"}},
                },
            }
        },
    }


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs):
        pass


class _LateApp:
    """A WSGI app set after the server is bound: the URLs in the certificates need its port."""

    app = None

    def __call__(self, environ, start_response):
        return self.app(environ, start_response)


@contextmanager
def local_pki(folder):
    """Yield a LocalPKI served from 127.0.0.1 while the block runs; its files live in `folder`."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    _write_keys(folder)
    late = _LateApp()
    server = make_server("127.0.0.1", 0, late, threaded=True, request_handler=_QuietHandler)
    prefix = f"http://127.0.0.1:{server.server_port}"
    config = CertomancerConfig(_config(prefix), key_search_dir=str(folder))
    architecture = config.get_pki_arch(ARCH)
    late.app = Animator(AnimatorArchStore(config.pki_archs), with_web_ui=False)
    pkcs12_path = folder / "seal.p12"
    pkcs12_path.write_bytes(architecture.package_pkcs12(CertLabel("seal")))

    def certificate(label):
        return x509.load_der_x509_certificate(architecture.get_cert(CertLabel(label)).dump())

    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield LocalPKI(f"{prefix}/{ARCH}/tsa/tsa", pkcs12_path, certificate("root"), certificate("tsa"))
    finally:
        server.shutdown()
        thread.join(timeout=5)
        server.server_close()
