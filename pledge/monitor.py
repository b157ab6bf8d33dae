#!/usr/bin/env python3
"""A monitor of one event's transparency log that anyone can run: `python monitor.py URL --state FILE`.

URL is the event's log address, https://<portal>/e/<slug>/log. Each run fetches the
newest signed checkpoint, checks its Ed25519 signature (C2SP signed note) with the log
key pinned in FILE (fetched from /log-key.txt on the first run, or given with --key),
and checks that the tree it names extends the one FILE holds (an RFC 9162 consistency
proof from the portal). It then keeps the new checkpoint in FILE. It fails loudly, with
exit status 1 and a line starting "ALARM", when the log was rewritten (the proof does
not hold), truncated (a smaller tree), forked (another root for a size already seen, a
split view), moved to another origin, or signed by another key.

This file is deliberately self-contained (the standard library and `cryptography`):
copy it anywhere, it does not import the portal. Its RFC 9162 check is written apart
from pledge.merkle's and tested with the same vectors, so a fault in one is not hidden
by the other. `flask pledge log monitor` runs this same code.
"""

import argparse
import base64
import hashlib
import json
import sys
import urllib.request
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

TIMEOUT = 20


class Alarm(Exception):
    """The log broke a promise: rewritten, truncated, forked, or not signed by its key."""


def _node(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def consistent(old_size, new_size, proof, old_root, new_root):
    """Return whether `proof` shows the tree (old_size, old_root) is a prefix of (new_size, new_root).

    RFC 9162 §2.1.4.2, written out independently of the portal's module.
    """
    if old_size == new_size:
        return not proof and old_root == new_root
    if old_size == 0:
        return not proof
    if old_size > new_size or not proof or any(len(node) != 32 for node in proof):
        return False
    path = ([old_root] if old_size & (old_size - 1) == 0 else []) + list(proof)
    first, second = old_size - 1, new_size - 1
    while first & 1:
        first, second = first >> 1, second >> 1
    old_hash = new_hash = path[0]
    for node in path[1:]:
        if second == 0:
            return False
        if first & 1 or first == second:
            old_hash, new_hash = _node(node, old_hash), _node(node, new_hash)
            while first and not first & 1:
                first, second = first >> 1, second >> 1
        else:
            new_hash = _node(new_hash, node)
        first, second = first >> 1, second >> 1
    return second == 0 and old_hash == old_root and new_hash == new_root


def fetch(url):
    """GET `url` and return its body as text; raise OSError on a network or HTTP failure."""
    with urllib.request.urlopen(url, timeout=TIMEOUT) as response:  # noqa: S310 (http(s) only, checked)
        return response.read().decode("utf-8")


def open_note(note, verifier):
    """Check a signed note with a verifier key (name+hash+base64 key); return (origin, size, root).

    Raise Alarm when it is not signed by that key or is not a checkpoint.
    """
    name, key_hash, key = verifier.strip().split("+", 2)
    raw = base64.b64decode(key)
    text, _, signatures = note.partition("\n\n")
    for line in signatures.splitlines():
        parts = line.split(" ")
        if len(parts) != 3 or parts[:2] != ["\u2014", name]:
            continue
        blob = base64.b64decode(parts[2])
        if blob[:4].hex() != key_hash:
            continue
        try:
            Ed25519PublicKey.from_public_bytes(raw[1:]).verify(blob[4:], (text + "\n").encode("utf-8"))
        except InvalidSignature:
            raise Alarm("the checkpoint's signature does not verify with the pinned key") from None
        lines = text.split("\n")
        if len(lines) < 3 or not lines[1].isdigit():
            raise Alarm("the signed note is not a checkpoint")
        return lines[0], int(lines[1]), base64.b64decode(lines[2])
    raise Alarm(f"the checkpoint carries no signature by the pinned key {name}")


def check(url, state_path, key=None, get=fetch):
    """Run one check of the log at `url` against the state in `state_path`; return a report line.

    Raise Alarm when the log broke a promise; the state is then left as it was.
    """
    url = url.rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise ValueError("the log's address must be http(s)")
    path = Path(state_path)
    state = json.loads(path.read_text()) if path.exists() else {}
    verifier = state.get("key") or key or get(f"{parts.scheme}://{parts.netloc}/log-key.txt").strip()
    if key and key.strip() != verifier:
        raise Alarm("the key given differs from the key pinned in the state file")
    note = get(f"{url}/checkpoint")
    origin, size, root = open_note(note, verifier)
    if not state:
        report = f"pinned {origin} at size {size}"
    else:
        old_size, old_root = state["size"], base64.b64decode(state["root"])
        if origin != state["origin"]:
            raise Alarm(
                f"the log's origin changed from {state['origin']} to {origin}: a new tree replaced it"
            )
        if size < old_size:
            raise Alarm(f"the log was truncated: size {size} after {old_size}")
        if size == old_size and root != old_root:
            raise Alarm(f"split view: two different checkpoints of size {size}")
        if size > old_size:
            answer = json.loads(get(f"{url}/consistency?{urlencode({'from': old_size, 'to': size})}"))
            proof = [base64.b64decode(node) for node in answer["proof"]]
            if not consistent(old_size, size, proof, old_root, root):
                raise Alarm(f"the log was rewritten: size {size} does not extend size {old_size}")
        report = f"{origin}: size {size} consistent with size {old_size}"
    state = {
        "key": verifier,
        "origin": origin,
        "size": size,
        "root": base64.b64encode(root).decode(),
        "note": note,
    }
    path.write_text(json.dumps(state, indent=1) + "\n")
    return report


def main(argv=None):
    """The command line: check once and print the report; exit 1 with an ALARM line on a broken
    promise, 2 with an ERROR line when the portal cannot be reached."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url", help="the event's log address, https://<portal>/e/<slug>/log")
    parser.add_argument("--state", required=True, help="the file that keeps the last checkpoint seen")
    parser.add_argument(
        "--key", help="the log's verifier key (name+hash+base64); pinned from the portal if unset"
    )
    arguments = parser.parse_args(argv)
    try:
        print(check(arguments.url, arguments.state, arguments.key))
    except Alarm as alarm:
        print(f"ALARM: {alarm}", file=sys.stderr)
        return 1
    except (OSError, ValueError) as error:  # the portal could not be reached or answered nonsense
        print(f"ERROR: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
