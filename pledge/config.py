"""Settings: one table of what the environment may set, with defaults that are safe on a laptop.

`SETTINGS` is the only place the app reads the environment; README's settings table is
printed from it (`flask pledge settings`, and a test keeps the two equal). `FIXED` holds
what is not for an operator to change.
"""

import logging
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

log = logging.getLogger("pledge.config")


def _text(value):
    return value.strip()


def _flag(value):
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _names(value):
    return [part.strip() for part in value.split(",") if part.strip()]


def _base_url(value):
    return value.strip().rstrip("/")


def _database_url(value):
    """Point plain postgres:// URLs at the psycopg 3 driver the project installs."""
    url = value.strip()
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


@dataclass(frozen=True)
class Setting:
    """One environment variable: the config key it sets, how it is read, its default, what it means."""

    name: str
    parse: object
    default: object
    meaning: str
    key: str | None = None  # the app.config key, when it is not `name`
    shown_default: str | None = None  # how README writes the default, when it is not the value
    old_name: str | None = None  # a name still read, with a warning, until deployments move

    @property
    def config_key(self):
        return self.key or self.name


MiB = 1024 * 1024

SETTINGS = (
    Setting(
        "DATABASE_URL",
        _database_url,
        None,
        "the database, e.g. `postgresql://user@host/db`",
        key="SQLALCHEMY_DATABASE_URI",
        shown_default="SQLite at `instance/pledge.db`",
    ),
    Setting(
        "SECRET_KEY",
        _text,
        None,
        "signs sessions, CSRF tokens and private links; the same on every instance",
        shown_default="generated into `instance/secret_key` on first use",
    ),
    Setting(
        "PUBLIC_BASE_URL",
        _base_url,
        None,
        "the address printed in links, QR codes and sealed PDFs; required under gunicorn",
        shown_default="taken from the request (trusted hosts only)",
    ),
    Setting(
        "TRUSTED_HOSTS",
        _names,
        None,
        "comma-separated host names the app answers to (others get a 400)",
        shown_default="any when `PUBLIC_BASE_URL` is set, else `localhost` and `127.0.0.1`",
    ),
    Setting(
        "MAX_CONTENT_LENGTH",
        int,
        2 * MiB,
        "the largest request body accepted (413 above it)",
        shown_default="2 MiB",
    ),
    Setting(
        "SESSION_COOKIE_SECURE", _flag, False, "send the session cookie over HTTPS only", shown_default="off"
    ),
    Setting(
        "TRUSTED_PROXY_HOPS",
        int,
        0,
        "reverse proxies in front of the app whose `X-Forwarded-*` headers are trusted (ProxyFix)",
    ),
    Setting(
        "SEAL_INSTITUTION",
        _text,
        "Portal Pilkada Damai",
        "the organising institution named in the self-signed seal certificate",
        old_name="SIGNING_INSTITUTION",
    ),
    Setting(
        "SEAL_KEY_PATH",
        _text,
        None,
        "the seal's ECDSA P-256 key, created on first use",
        shown_default="`instance/seal_key.pem`",
        old_name="SIGNING_KEY_PATH",
    ),
    Setting(
        "SEAL_CERT_PATH",
        _text,
        None,
        "the seal's certificate, created on first use",
        shown_default="`instance/seal_certificate.pem`",
        old_name="SIGNING_CERT_PATH",
    ),
    Setting(
        "SEAL_PKCS12_PATH",
        _text,
        None,
        "seal with a PKCS#12 file from a certification authority (RSA or EC) instead",
        shown_default="unset",
        old_name="SIGNING_PKCS12_PATH",
    ),
    Setting(
        "SEAL_PKCS12_PASSWORD",
        _text,
        None,
        "the PKCS#12 file's password",
        shown_default="unset",
        old_name="SIGNING_PKCS12_PASSWORD",
    ),
    Setting(
        "SEAL_TSA_URL",
        _text,
        None,
        "an RFC 3161 time-stamping authority: seals become PAdES B-T with validation data (B-LT), so they stay checkable after the certificate expires; unset, seals are B-B",
        shown_default="unset",
    ),
    Setting(
        "SEAL_TRUST_ROOTS_PATH",
        _text,
        None,
        "a PEM file of root certificates trusted besides the seal's own chain, e.g. the time-stamping authority's when another authority runs it",
        shown_default="unset",
    ),
    Setting(
        "VERIFY_UPLOAD_MAX_BYTES",
        int,
        16 * MiB,
        "the largest PDF `/verify` checks, above `MAX_CONTENT_LENGTH` for that form alone (a record of 1,000 signatories is about 7 MB)",
        shown_default="16 MiB",
    ),
    Setting(
        "VERIFY_RATE_LIMIT",
        _text,
        "10 per minute; 100 per hour",
        "PDF uploads to `/verify` per client address (checking a crafted PDF costs CPU)",
    ),
    Setting(
        "INVITATION_MAX_AGE",
        int,
        60 * 24 * 3600,
        "seconds a seat's invitation link stays valid",
        shown_default="5184000 (60 days)",
    ),
    Setting(
        "RATELIMIT_STORAGE_URI",
        _text,
        "memory://",
        "where rate-limit counters live; `redis://…` when several workers or instances serve",
    ),
    Setting(
        "RATELIMIT_KEY_PREFIX",
        _text,
        "pledge",
        "prefix of the rate-limit keys, for deployments sharing one Redis",
    ),
    Setting(
        "SIGN_RATE_LIMIT", _text, "120 per minute; 1200 per hour", "sends of the sign form per client address"
    ),
    Setting("LOGIN_RATE_LIMIT", _text, "10 per minute; 50 per hour", "login attempts per client address"),
    Setting("RECOVERY_RATE_LIMIT", _text, "10 per hour", "recovery-code requests per client address"),
    Setting(
        "RECOVERY_NUMBER_RATE_LIMIT",
        _text,
        "3 per hour",
        "recovery-code requests per phone number typed (signed or not, so a refusal tells nothing)",
    ),
    Setting(
        "QUEUE_URL",
        _text,
        None,
        "the Redis of the certificate queue, e.g. `redis://localhost:6379/1`: certificates are issued by "
        "`flask pledge worker` right after signing (unset or unreachable: at their first request)",
        shown_default="unset",
    ),
    Setting(
        "METRICS_TOKEN",
        _text,
        None,
        "the bearer token a Prometheus scraper sends to `/metrics` (unset: no metrics endpoint)",
        shown_default="unset",
    ),
    Setting(
        "SQLITE_BUSY_TIMEOUT_MS",
        int,
        5000,
        "how long a SQLite write waits for the lock before a 503",
    ),
    Setting(
        "SQLITE_SYNCHRONOUS",
        _text,
        "FULL",
        "SQLite's `synchronous` (OFF, NORMAL, FULL, EXTRA): FULL keeps an acknowledged signature through a power cut",
    ),
    Setting(
        "DATABASE_LOCK_TIMEOUT_MS",
        int,
        None,
        "PostgreSQL's `lock_timeout`: how long a statement waits for a lock before a 503",
        shown_default="`SQLITE_BUSY_TIMEOUT_MS`",
    ),
    Setting(
        "MESSAGING_PROVIDER",
        _text,
        None,
        "`whatsapp` or `sms`: send the certificate link after signing, and recovery codes",
        shown_default="unset (nothing is sent)",
    ),
    Setting(
        "MESSAGING_TIMEOUT",
        float,
        5.0,
        "seconds before a gateway that does not answer is given up (logged)",
        shown_default="5",
    ),
    Setting(
        "WHATSAPP_API_URL", _text, "https://graph.facebook.com/v23.0", "the WhatsApp Cloud (Graph) API base"
    ),
    Setting("WHATSAPP_PHONE_NUMBER_ID", _text, None, "the business number's id", shown_default="unset"),
    Setting(
        "WHATSAPP_ACCESS_TOKEN",
        _text,
        None,
        "a system-user token with `whatsapp_business_messaging`",
        shown_default="unset",
    ),
    Setting(
        "WHATSAPP_TEMPLATE_CODE",
        _text,
        "pilkada_damai_kode",
        "the approved authentication template for codes",
    ),
    Setting(
        "WHATSAPP_TEMPLATE_LINK",
        _text,
        "pilkada_damai_sertifikat",
        "the approved utility template for the certificate link",
    ),
    Setting("WHATSAPP_TEMPLATE_LANGUAGE", _text, "id", "the templates' language code"),
    Setting(
        "SMS_GATEWAY_URL",
        _text,
        None,
        'an HTTP SMS gateway: POST `{"to", "message"}` here',
        shown_default="unset",
    ),
    Setting(
        "SMS_GATEWAY_TOKEN",
        _text,
        None,
        "sent as `Authorization: Bearer` to the SMS gateway",
        shown_default="unset",
    ),
)

# Not for an operator to change.
FIXED = {
    "SQLALCHEMY_ENGINE_OPTIONS": {},  # pledge.database adds per-database options
    "SIGNATURE_IMAGE_MAX_BYTES": 512 * 1024,
    "SIGNATURE_IMAGE_MAX_PIXELS": 4_000_000,
    "WTF_CSRF_TIME_LIMIT": None,  # a signer may read the texts for a long time
    "BABEL_DEFAULT_LOCALE": "id",
    "BABEL_DEFAULT_TIMEZONE": "Asia/Makassar",
    "LANGUAGES": ("id", "en"),
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    # Brotli for phones that accept it, gzip otherwise; streamed downloads stay streamed.
    "COMPRESS_ALGORITHM": ["br", "gzip"],
    "COMPRESS_MIMETYPES": [
        "text/html",
        "text/css",
        "text/javascript",
        "application/javascript",
        "application/json",
        "image/svg+xml",
    ],
    "COMPRESS_MIN_SIZE": 500,
    "COMPRESS_STREAMS": False,
    "RATELIMIT_ENABLED": True,  # explicit: the limiter object outlives an app that turned it off
    "RATELIMIT_HEADERS_ENABLED": False,  # pledge.limits adds Retry-After to 429 answers only
    # Seconds before each retry of a failed certificate job (pledge.certificates.queue).
    "QUEUE_RETRY_INTERVALS": (10, 60, 300),
}

# What each messaging provider cannot work without.
MESSAGING_NEEDS = {
    "whatsapp": ("WHATSAPP_API_URL", "WHATSAPP_PHONE_NUMBER_ID", "WHATSAPP_ACCESS_TOKEN"),
    "sms": ("SMS_GATEWAY_URL",),
}
LOCAL_HOSTS = ["localhost", "127.0.0.1"]


def from_environ(environ=None):
    """Return the app's settings: FIXED, then each Setting's default or its variable, checked.

    An old name (SIGNING_*) still works, with a warning in the log; a half-configured
    messaging gateway raises ValueError naming what is missing.
    """
    environ = os.environ if environ is None else environ
    settings = dict(FIXED)
    for setting in SETTINGS:
        raw = environ.get(setting.name)
        if not raw and setting.old_name and environ.get(setting.old_name):
            raw = environ[setting.old_name]
            log.warning("%s is deprecated: set %s instead", setting.old_name, setting.name)
        settings[setting.config_key] = setting.parse(raw) if raw else setting.default
    check_messaging(settings)
    return settings


def complete(settings):
    """Fill the settings that follow from others (after the factory's overrides), and check them."""
    if settings.get("TRUSTED_HOSTS") is None and not settings.get("PUBLIC_BASE_URL"):
        # Without a configured address, links are made from the request's Host header:
        # only local ones are believed, so that no one can bake another host into a PDF.
        settings["TRUSTED_HOSTS"] = list(LOCAL_HOSTS)
    if settings.get("DATABASE_LOCK_TIMEOUT_MS") is None:
        settings["DATABASE_LOCK_TIMEOUT_MS"] = settings.get("SQLITE_BUSY_TIMEOUT_MS", 5000)
    check_messaging(settings)


def check_messaging(settings):
    """Raise ValueError, naming what is missing, when MESSAGING_PROVIDER cannot work.

    A gateway half configured must stop the start, not fail quietly: signers would be
    told that their certificate link is on its way while nothing is sent.
    """
    provider = settings.get("MESSAGING_PROVIDER")
    if not provider:
        return
    if provider not in MESSAGING_NEEDS:
        raise ValueError(f"MESSAGING_PROVIDER must be whatsapp or sms, not {provider!r}")
    missing = [name for name in MESSAGING_NEEDS[provider] if not settings.get(name)]
    if missing:
        raise ValueError(f"MESSAGING_PROVIDER={provider} needs {', '.join(missing)}")


def require_public_base_url(settings):
    """Raise ValueError unless PUBLIC_BASE_URL is an absolute http(s) address (production needs it)."""
    base = settings.get("PUBLIC_BASE_URL") or ""
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(
            "PUBLIC_BASE_URL must be set to the portal's public address (e.g. https://damai.example.id): "
            "links, QR codes and sealed PDFs are made with it"
        )


def settings_table():
    """Return README's settings table (Markdown), one row per Setting."""
    rows = ["| variable | default | meaning |", "| --- | --- | --- |"]
    for setting in SETTINGS:
        default = setting.shown_default or (
            f"`{setting.default}`" if setting.default is not None else "unset"
        )
        rows.append(f"| `{setting.name}` | {default} | {setting.meaning} |")
    return "\n".join(rows) + "\n"


def instance_secret(instance_path, filename="secret_key"):
    """Return the secret kept in the instance folder, creating it on first use.

    The file is created with mode 0600 so that only the service account reads it.
    """
    path = Path(instance_path) / filename
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text().strip()
