"""Revision 0007 on a database that already holds a Paser event: free text becomes codes.

The database is filled as the portal at revision 0006 left it (raw SQL: today's models
describe another schema), upgraded, then read back and checked with the portal's own
`flask pledge log verify`.
"""

import hashlib
import json
from datetime import datetime

from sqlalchemy import create_engine, text

from tests.databases import append_chained_entry, empty_database, flask, store_chain_head

SIGNED_AT = datetime(2024, 8, 12, 2, 15)
LOGGED_AT = datetime(2024, 8, 12, 2, 15, 1)
DOCUMENT_SHA = "a" * 64
# (certificate number, kecamatan as typed then, state, kinds logged at 0006)
RECORDS = [
    ("AAAAAAAA1", "Kuaro", "valid", ("signature",)),
    ("AAAAAAAA2", "Pasir Belengkong", "valid", ("signature",)),
    ("AAAAAAAA3", None, "revoked", ("signature", "revocation")),
    ("AAAAAAAA4", "Kuaro", "valid", ()),  # signed before the log existed (revision 0004)
]


def old_fingerprint(number, kecamatan):
    """The fingerprint revision 0006 computed: the kecamatan by name."""
    content = {
        "certificate_number": number,
        "event": "lama",
        "full_name": "Nama",
        "position": "Jabatan",
        "institution": "Instansi",
        "category": "camat",
        "kecamatan": kecamatan,
        "signed_at": SIGNED_AT.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "documents": [DOCUMENT_SHA],
    }
    body = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(body.encode()).hexdigest()


def fill_at_0006(connection):
    connection.execute(
        text(
            "INSERT INTO events (id, slug, title, place, region, organiser, held_on, timezone, state,"
            " phone_required, moderates_names, retention_days, retention_erases_images, created_at)"
            " VALUES (1, 'lama', 'Deklarasi', 'Tana Paser', 'Kabupaten Paser', 'Polres Paser',"
            " '2024-08-12', 'Asia/Jakarta', 'open', false, false, 365, false, '2024-08-01 00:00:00'),"
            " (2, 'entah', 'Deklarasi', 'Entah', 'Negeri Antah Berantah', '', '2024-08-12', 'Asia/Jakarta',"
            " 'draft', false, false, 365, false, '2024-08-01 00:00:00')"
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
    for n, (number, kecamatan, state, kinds) in enumerate(RECORDS, start=1):
        connection.execute(
            text(
                "INSERT INTO signatures (id, event_id, full_name, position, institution, category, kecamatan,"
                " signature_method, show_name, signed_at, certificate_number, access_key, state)"
                " VALUES (:id, 1, 'Nama', 'Jabatan', 'Instansi', 'camat', :kecamatan, 'typed', true,"
                " :signed_at, :number, :number, :state)"
            ),
            {"id": n, "kecamatan": kecamatan, "signed_at": SIGNED_AT, "number": number, "state": state},
        )
        connection.execute(
            text("INSERT INTO signature_agreements (signature_id, document_version_id) VALUES (:id, 1)"),
            {"id": n},
        )
        for kind in kinds:
            seq += 1
            fingerprint = old_fingerprint(number, kecamatan)
            chain = append_chained_entry(connection, chain, seq, LOGGED_AT, kind, n, fingerprint)
    store_chain_head(connection, seq, chain)
    connection.execute(  # the counters the portal kept at 0006 for the three valid records
        text(
            "INSERT INTO signature_counts (event_id, dimension, key, n, updated_at)"
            " VALUES (1, 'all', '', 3, :at), (1, 'category', 'camat', 3, :at)"
        ),
        {"at": LOGGED_AT},
    )
    connection.execute(
        text(
            "INSERT INTO seats (event_id, category, institution, position, kecamatan, nonce, created_at)"
            " VALUES (1, 'camat', 'Kecamatan Tanah Grogot', 'Camat', 'Tanah Grogot', 'n1', '2024-08-01 00:00:00')"
        )
    )
    connection.execute(
        text(
            "INSERT INTO certificates (signature_id, language, pdf, sha256, issued_at)"
            " VALUES (1, 'id', NULL, :sha, '2024-08-12 03:00:00')"
        ),
        {"sha": "c" * 64},
    )


def test_an_old_paser_event_gets_codes_institutions_counters_and_a_log_that_verifies(tmp_path):
    with empty_database(tmp_path) as database_url:
        assert flask("db", "upgrade", "0006", database_url=database_url).returncode == 0
        engine = create_engine(database_url)
        with engine.begin() as connection:
            fill_at_0006(connection)
        upgrade = flask("db", "upgrade", database_url=database_url)
        assert upgrade.returncode == 0, upgrade.stderr
        with engine.connect() as connection:
            events = connection.execute(
                text("SELECT id, region_code, timezone FROM events ORDER BY id")
            ).all()
            institutions = connection.execute(text("SELECT event_id, name FROM event_institutions")).all()
            areas = connection.execute(
                text("SELECT certificate_number, area_code FROM signatures ORDER BY id")
            ).all()
            seat_area = connection.execute(text("SELECT area_code FROM seats")).scalar_one()
            counters = dict(
                connection.execute(text("SELECT key, n FROM signature_counts WHERE dimension = 'area'")).all()
            )
            kinds = (
                connection.execute(text("SELECT kind FROM log_entries WHERE epoch = 1 ORDER BY seq"))
                .scalars()
                .all()
            )
            standing = connection.execute(text("SELECT standing FROM certificates")).scalar_one()
        engine.dispose()
        verified = flask("pledge", "log", "verify", database_url=database_url)

    # "Kabupaten Paser" is 64.01 and in WITA; a region nobody can name stays empty for the console.
    assert events == [(1, "64.01", "Asia/Makassar"), (2, None, "Asia/Jakarta")]
    assert institutions == [(1, "Polres Paser")]
    assert areas == [
        ("AAAAAAAA1", "64.01.05"),
        ("AAAAAAAA2", "64.01.03"),  # Pasir Belengkong, as Kemendagri writes it: Paser Belengkong
        ("AAAAAAAA3", None),
        ("AAAAAAAA4", "64.01.05"),
    ]
    assert seat_area == "64.01.04"
    assert counters == {"64.01.05": 2, "64.01.03": 1}
    # Each logged record's new content is logged as an amendment; the unlogged one is signed in.
    # Revision 0010 then logs each record's salted fingerprint (its own test).
    assert (
        kinds
        == ["signature", "signature", "signature", "revocation"]
        + ["amendment"] * 3
        + ["signature"]
        + ["amendment"] * 4
    )
    assert standing == "valid"
    assert verified.returncode == 0, verified.stdout + verified.stderr
    # The chain is epoch 1 now (0011): what verifies is epoch 2, one leaf per fact (test_migration_merkle).
    assert "lama: 6 leaves verified (epoch 2)" in verified.stdout
