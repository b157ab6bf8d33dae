"""The signer's private link: a signed, unguessable token."""

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from pledge.models import SignatureRecord

_SALT = "signer-page"


def _serializer():
    return URLSafeSerializer(current_app.secret_key, salt=_SALT)


def signer_token(record):
    """Return the token of the record's private page."""
    return token_for_key(record.access_key)


def token_for_key(access_key):
    """Return the token of the private page of the record with this access key."""
    return _serializer().dumps(access_key)


def record_for_token(token):
    """Return the record a token opens, or None when it is forged or unknown."""
    try:
        key = _serializer().loads(token)
    except BadSignature:
        return None
    if not isinstance(key, str):
        return None
    return SignatureRecord.by_access_key(key)
