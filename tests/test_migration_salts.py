"""Revision 0010 on a database that already holds signatures: salts, and a log that still verifies.

The database is filled as the portal at revision 0009 left it (raw SQL: today's models
describe another schema), upgraded, then read back and checked with the portal's own
`flask pledge log verify`.
"""

import hashlib
import json
import re
from datetime import datetime

from sqlalchemy import create_engine, text

from tests.databases import append_chained_entry, empty_database, flask, store_chain_head

SIGNED_AT = datetime(2024, 8, 12, 2, 15)
LOGGED_AT = datetime(2024, 8, 12, 2, 15, 1)
DOCUMENT_SHA = "a" * 64
KUARO = "64.01.05"
# (certificate number, name, state, erased, kinds logged at 0009)
RECORDS = [
    ("AAAAAAAA1", "Siti Aminah", "valid", False, ("signature",)),
    ("AAAAAAAA2", "Budi Santoso", "revoked", False, ("signature", "revocation")),
    ("AAAAAAAA3", "", "valid", True, ("signature", "erasure")),
]


def unsalted_fingerprint(number, name, position="Jabatan", institution="Instansi", salt=""):
    """The fingerprint revision 0009 computed: SHA-256 of the canonical content alone
    (with `salt`, the commitment revision 0010 makes of it)."""
    content = {
        "certificate_number": number,
        "event": "lama",
        "full_name": name,
        "position": position,
        "institution": institution,
        "category": "camat",
        "area": KUARO,
        "signed_at": SIGNED_AT.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "documents": [DOCUMENT_SHA],
    }
    body = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(bytes.fromhex(salt) + body.encode()).hexdigest()


def fill_at_0009(connection):
    connection.execute(
        text(
            "INSERT INTO events (id, slug, title, place, region_code, held_on, timezone, state,"
            " phone_required, moderates_names, retention_days, retention_erases_images, created_at)"
            " VALUES (1, 'lama', 'Deklarasi', 'Tana Paser', '64.01', '2024-08-12', 'Asia/Makassar', 'open',"
            " false, false, 365, false, '2024-08-01 00:00:00')"
        )
    )
    connection.execute(
        text("INSERT INTO documents (id, event_id, key, position) VALUES (1, 1, 'declaration', 0)")
    )
    connection.execute(
        text(
            "INSERT INTO document_versions (id, document_id, number, title, body, sha256, created_at)"
            " VALUES (1, 1, 1, 'Deklarasi', 'Isi.', :sha, '2024-08-01 00:00:00')"
        ),
        {"sha": DOCUMENT_SHA},
    )
    chain, seq = "0" * 64, 0
    for n, (number, name, state, erased, kinds) in enumerate(RECORDS, start=1):
        connection.execute(
            text(
                "INSERT INTO signatures (id, event_id, full_name, position, institution, category, area_code,"
                " signature_method, show_name, signed_at, certificate_number, access_key, state, erased_at,"
                " erased_fingerprint)"
                " VALUES (:id, 1, :name, 'Jabatan', 'Instansi', 'camat', :area, 'typed', :shown, :signed_at,"
                " :number, :number, :state, :erased_at, :erased_fingerprint)"
            ),
            {
                "id": n,
                "name": name,
                "area": KUARO,
                "shown": not erased,
                "signed_at": SIGNED_AT,
                "number": number,
                "state": state,
                "erased_at": LOGGED_AT if erased else None,
                "erased_fingerprint": unsalted_fingerprint(number, "Nama Lama") if erased else None,
            },
        )
        connection.execute(
            text("INSERT INTO signature_agreements (signature_id, document_version_id) VALUES (:id, 1)"),
            {"id": n},
        )
        for kind in kinds:
            seq += 1
            as_signed = "Nama Lama" if erased and kind == "signature" else name
            fingerprint = unsalted_fingerprint(number, as_signed)
            chain = append_chained_entry(connection, chain, seq, LOGGED_AT, kind, n, fingerprint)
    store_chain_head(connection, seq, chain)
    connection.execute(  # the counters the portal kept at 0009 for the two valid records
        text(
            "INSERT INTO signature_counts (event_id, dimension, key, n, updated_at)"
            " VALUES (1, 'all', '', 2, :at), (1, 'category', 'camat', 2, :at), (1, 'area', :area, 2, :at)"
        ),
        {"at": LOGGED_AT, "area": KUARO},
    )


def test_old_records_get_salts_and_amendments_and_the_log_still_verifies(tmp_path):
    with empty_database(tmp_path) as database_url:
        assert flask("db", "upgrade", "0009", database_url=database_url).returncode == 0
        engine = create_engine(database_url)
        with engine.begin() as connection:
            fill_at_0009(connection)
        upgrade = flask("db", "upgrade", "0010", database_url=database_url)
        assert upgrade.returncode == 0, upgrade.stderr
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT certificate_number, salt, position, institution FROM signatures ORDER BY id")
            ).all()
            amendments = connection.execute(
                text(
                    "SELECT s.certificate_number, e.fingerprint FROM log_entries e"
                    " JOIN signatures s ON s.id = e.signature_id WHERE e.seq > 5 ORDER BY e.seq"
                )
            ).all()
            kinds = connection.execute(text("SELECT kind FROM log_entries ORDER BY seq")).scalars().all()
        # 0011 then carries the salted fingerprints into the Merkle log's epoch 2.
        assert flask("db", "upgrade", database_url=database_url).returncode == 0
        with engine.connect() as connection:
            carried = set(
                connection.execute(
                    text("SELECT fingerprint FROM log_entries WHERE epoch = 2 AND fingerprint IS NOT NULL")
                ).scalars()
            )
        engine.dispose()
        verified = flask("pledge", "log", "verify", database_url=database_url)

    salts = {number: salt for number, salt, _, _ in rows}
    for number in ("AAAAAAAA1", "AAAAAAAA2"):
        assert re.fullmatch("[0-9a-f]{64}", salts[number])
    assert salts["AAAAAAAA1"] != salts["AAAAAAAA2"]
    # The erased record has no salt (its position stays for the official record).
    assert rows[2] == ("AAAAAAAA3", None, "Jabatan", "Instansi")
    assert kinds == ["signature", "signature", "revocation", "signature", "erasure"] + ["amendment"] * 3
    # Each amendment commits to the salt: the unsalted hash of the same content is not it.
    new = dict(amendments)
    assert new["AAAAAAAA1"] != unsalted_fingerprint("AAAAAAAA1", "Siti Aminah")
    assert new["AAAAAAAA1"] == unsalted_fingerprint("AAAAAAAA1", "Siti Aminah", salt=salts["AAAAAAAA1"])
    assert new["AAAAAAAA3"] == unsalted_fingerprint("AAAAAAAA3", "", "", "")
    assert set(new.values()) <= carried
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "verified (epoch 2)" in verified.stdout, verified.stdout
