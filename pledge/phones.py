"""Phone numbers: read the way Indonesians write them, and recognised without being kept."""

import hashlib
import hmac

import phonenumbers
from flask import current_app


def e164(text):
    """Return `text` as an E.164 number (+62…, Indonesia unless it says otherwise).

    Raise ValueError when it is not a valid phone number.
    """
    try:
        number = phonenumbers.parse(text or "", "ID")
    except phonenumbers.NumberParseException:
        raise ValueError(text) from None
    if not phonenumbers.is_valid_number(number):
        raise ValueError(text)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def digest(phone, purpose):
    """Return a keyed hash (HMAC-SHA256 with the secret key, hex) of `phone` for `purpose`.

    Whoever reads the table or the rate limiter's storage that keeps it cannot turn it
    back into the number (there are only about 10^10 numbers: a plain hash would be
    undone in minutes); `purpose` keeps the hashes of one use from matching another's.
    """
    key = current_app.secret_key.encode("utf-8")
    return hmac.new(key, f"{purpose}|{phone}".encode(), hashlib.sha256).hexdigest()
