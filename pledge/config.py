"""Settings read from the environment, with defaults that are safe on a laptop."""

import os
import secrets
from pathlib import Path


def _env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


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


class Config:
    """Production settings; every value can be overridden from the environment."""

    SECRET_KEY = None  # filled from SECRET_KEY or the instance folder by the factory
    SQLALCHEMY_DATABASE_URI = None  # DATABASE_URL, else SQLite in the instance folder
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    PUBLIC_BASE_URL = None  # e.g. https://damai.example.id; else taken from the request
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    SIGNATURE_IMAGE_MAX_BYTES = 512 * 1024
    SIGNATURE_IMAGE_MAX_PIXELS = 4_000_000
    WTF_CSRF_TIME_LIMIT = None  # a signer may read the texts for a long time
    BABEL_DEFAULT_LOCALE = "id"
    BABEL_DEFAULT_TIMEZONE = "Asia/Makassar"
    LANGUAGES = ("id", "en")
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    SQLITE_BUSY_TIMEOUT_MS = 5000
    TRUSTED_PROXY_HOPS = 0  # how many reverse proxies stand in front (ProxyFix)
    # Brotli for phones that accept it, gzip otherwise; streamed downloads stay streamed.
    COMPRESS_ALGORITHM = ["br", "gzip"]
    COMPRESS_MIMETYPES = [
        "text/html",
        "text/css",
        "text/javascript",
        "application/javascript",
        "application/json",
        "image/svg+xml",
    ]
    COMPRESS_MIN_SIZE = 500
    COMPRESS_STREAMS = False
    # The seal on certificates and records: the institution named in the self-signed
    # certificate, where its key pair lives (instance folder by default), or a
    # PKCS#12 file from a certification authority instead.
    SIGNING_INSTITUTION = "Portal Pilkada Damai"
    SIGNING_KEY_PATH = None
    SIGNING_CERT_PATH = None
    SIGNING_PKCS12_PATH = None
    SIGNING_PKCS12_PASSWORD = None
    VERIFY_UPLOAD_MAX_BYTES = 16 * 1024 * 1024  # an official record of 1,000 signatories is ~7 MB
    INVITATION_MAX_AGE = 60 * 24 * 3600  # seconds a seat's invitation link stays valid
    RATELIMIT_ENABLED = True  # explicit: the limiter object outlives an app that turned it off
    RATELIMIT_STORAGE_URI = "memory://"  # e.g. redis://127.0.0.1:6379/0, shared by workers
    RATELIMIT_KEY_PREFIX = "pledge"  # tells apart deployments that share one Redis
    RATELIMIT_HEADERS_ENABLED = False  # pledge.limits adds Retry-After to 429 answers only
    SIGN_RATE_LIMIT = "120 per minute; 1200 per hour"  # see pledge/limits.py for why
    LOGIN_RATE_LIMIT = "10 per minute; 50 per hour"
    # Asking for a recovery code: per client address, and per phone number typed
    # (whether or not it signed, so that a refusal tells nothing), see pledge/limits.py.
    RECOVERY_RATE_LIMIT = "10 per hour"
    RECOVERY_NUMBER_RATE_LIMIT = "3 per hour"
    # An optional gateway that sends certificate links and recovery codes (pledge/messaging.py):
    # "whatsapp" (WhatsApp Business Cloud API) or "sms" (a plain HTTP gateway); None sends nothing.
    MESSAGING_PROVIDER = None
    MESSAGING_TIMEOUT = 5.0  # seconds; a gateway that does not answer by then is given up
    WHATSAPP_API_URL = "https://graph.facebook.com/v23.0"
    WHATSAPP_PHONE_NUMBER_ID = None
    WHATSAPP_ACCESS_TOKEN = None
    WHATSAPP_TEMPLATE_CODE = "pilkada_damai_kode"  # category authentication: {{1}} the code
    WHATSAPP_TEMPLATE_LINK = (
        "pilkada_damai_sertifikat"  # category utility: {{1}} event, {{2}} number, {{3}} link
    )
    WHATSAPP_TEMPLATE_LANGUAGE = "id"
    SMS_GATEWAY_URL = None
    SMS_GATEWAY_TOKEN = None

    @classmethod
    def from_environ(cls):
        """Return a dict of settings from this class overlaid with the environment."""
        settings = {key: getattr(cls, key) for key in dir(cls) if key.isupper()}
        if os.environ.get("SECRET_KEY"):
            settings["SECRET_KEY"] = os.environ["SECRET_KEY"]
        if os.environ.get("DATABASE_URL"):
            settings["SQLALCHEMY_DATABASE_URI"] = _normalise_db_url(os.environ["DATABASE_URL"])
        if os.environ.get("PUBLIC_BASE_URL"):
            settings["PUBLIC_BASE_URL"] = os.environ["PUBLIC_BASE_URL"].rstrip("/")
        if os.environ.get("MAX_CONTENT_LENGTH"):
            settings["MAX_CONTENT_LENGTH"] = int(os.environ["MAX_CONTENT_LENGTH"])
        for name in (
            "SIGNING_INSTITUTION",
            "SIGNING_KEY_PATH",
            "SIGNING_CERT_PATH",
            "SIGNING_PKCS12_PATH",
            "SIGNING_PKCS12_PASSWORD",
        ):
            if os.environ.get(name):
                settings[name] = os.environ[name]
        if os.environ.get("VERIFY_UPLOAD_MAX_BYTES"):
            settings["VERIFY_UPLOAD_MAX_BYTES"] = int(os.environ["VERIFY_UPLOAD_MAX_BYTES"])
        if os.environ.get("INVITATION_MAX_AGE"):
            settings["INVITATION_MAX_AGE"] = int(os.environ["INVITATION_MAX_AGE"])
        for name in ("RATELIMIT_STORAGE_URI", "RATELIMIT_KEY_PREFIX", "SIGN_RATE_LIMIT", "LOGIN_RATE_LIMIT"):
            if os.environ.get(name):
                settings[name] = os.environ[name]
        if os.environ.get("SQLITE_BUSY_TIMEOUT_MS"):
            settings["SQLITE_BUSY_TIMEOUT_MS"] = int(os.environ["SQLITE_BUSY_TIMEOUT_MS"])
        for name in ("RECOVERY_RATE_LIMIT", "RECOVERY_NUMBER_RATE_LIMIT", *MESSAGING_SETTINGS):
            if os.environ.get(name):
                settings[name] = os.environ[name].strip()
        if os.environ.get("MESSAGING_TIMEOUT"):
            settings["MESSAGING_TIMEOUT"] = float(os.environ["MESSAGING_TIMEOUT"])
        check_messaging(settings)
        settings["SESSION_COOKIE_SECURE"] = _env_bool("SESSION_COOKIE_SECURE", False)
        if os.environ.get("TRUSTED_PROXY_HOPS"):
            settings["TRUSTED_PROXY_HOPS"] = int(os.environ["TRUSTED_PROXY_HOPS"])
        return settings


MESSAGING_SETTINGS = (
    "MESSAGING_PROVIDER",
    "WHATSAPP_API_URL",
    "WHATSAPP_PHONE_NUMBER_ID",
    "WHATSAPP_ACCESS_TOKEN",
    "WHATSAPP_TEMPLATE_CODE",
    "WHATSAPP_TEMPLATE_LINK",
    "WHATSAPP_TEMPLATE_LANGUAGE",
    "SMS_GATEWAY_URL",
    "SMS_GATEWAY_TOKEN",
)
# What each provider cannot work without.
MESSAGING_NEEDS = {
    "whatsapp": ("WHATSAPP_API_URL", "WHATSAPP_PHONE_NUMBER_ID", "WHATSAPP_ACCESS_TOKEN"),
    "sms": ("SMS_GATEWAY_URL",),
}


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


def _normalise_db_url(url):
    """Point plain postgres:// URLs at the psycopg 3 driver the project installs."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url
