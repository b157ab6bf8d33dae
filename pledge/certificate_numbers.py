"""Certificate numbers: short, readable aloud, with a check character.

A number is eight random characters of Crockford's base-32 alphabet (no I, L, O or
U, so nothing reads as another letter) and one check character computed with the
Luhn mod N algorithm, which catches every single mistyped character and every
swap of two neighbours. It is written in groups: ``K7QD-M2XA-P``.
"""

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
BODY_LENGTH = 8
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


class MistypedNumber(ValueError):
    """The number has the right shape but its check character does not match."""


def check_character(body):
    """Return the Luhn mod 32 check character of `body`."""
    n = len(ALPHABET)
    factor, total = 2, 0
    for char in reversed(body):
        addend = factor * ALPHABET.index(char)
        factor = 1 if factor == 2 else 2
        total += addend // n + addend % n
    return ALPHABET[(n - total % n) % n]


def generate():
    """Return a new random certificate number in its compact form."""
    # Five random bits a character, drawn at once (a choice per character reads the
    # system's randomness eight times).
    bits = secrets.randbits(5 * BODY_LENGTH)
    body = "".join(ALPHABET[(bits >> (5 * place)) & 31] for place in range(BODY_LENGTH))
    return body + check_character(body)


def normalise(text):
    """Return the compact form of a typed number, or None when it cannot be one.

    Spaces, hyphens and case are ignored and the letters people confuse with digits
    are read as those digits. Raise MistypedNumber when the check character is wrong.
    """
    compact = "".join(ch for ch in (text or "").upper() if ch not in " -.").translate(_CONFUSABLE)
    if len(compact) != BODY_LENGTH + 1 or any(ch not in ALPHABET for ch in compact):
        return None
    if check_character(compact[:-1]) != compact[-1]:
        raise MistypedNumber(compact)
    return compact


def display(compact):
    """Return the grouped form people read: ``K7QD-M2XA-P``."""
    return f"{compact[:4]}-{compact[4:8]}-{compact[8:]}"
