"""Upgrading a database that already holds signatures gives it exact counters (revision 0003)."""

from sqlalchemy import create_engine, text

from tests.databases import empty_database, flask

SIGNATURES = [("camat", "Kuaro", "valid"), ("camat", None, "valid"), ("police", "Kuaro", "revoked")]


def fill_and_upgrade(database_url):
    assert flask("db", "upgrade", "0001", database_url=database_url).returncode == 0
    engine = create_engine(database_url)
    with engine.begin() as connection:
        # Raw SQL at revision 0001: today's models may have columns that revision lacks.
        connection.execute(
            text(
                "INSERT INTO events (id, slug, title, place, region, organiser, held_on, timezone, state,"
                " phone_required, created_at) VALUES (1, 'lama', 'Deklarasi', 'Tana Paser', 'Kabupaten Paser',"
                " 'Polres Paser', '2024-08-12', 'Asia/Makassar', 'open', false, '2024-08-01 00:00:00')"
            )
        )
        for n, (category, kecamatan, state) in enumerate(SIGNATURES):
            connection.execute(
                text(
                    "INSERT INTO signatures (event_id, full_name, position, institution, category, kecamatan,"
                    " signature_method, show_name, signed_at, certificate_number, access_key, state)"
                    " VALUES (1, 'Nama', 'Jabatan', 'Instansi', :category, :kecamatan, 'typed', true,"
                    " '2024-08-12 02:00:00', :number, :number, :state)"
                ),
                {"category": category, "kecamatan": kecamatan, "number": f"N{n}", "state": state},
            )
    # Revision 0003 made the counters; 0007 renames their kecamatan dimension (its own test).
    upgrade = flask("db", "upgrade", "0006", database_url=database_url)
    assert upgrade.returncode == 0, upgrade.stderr
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT dimension, key, n FROM signature_counts WHERE event_id = 1"))
        counters = {(dimension, key): n for dimension, key, n in rows}
    engine.dispose()
    return counters


def assert_backfilled(counters):
    assert counters[("all", "")] == 2
    assert counters[("category", "camat")] == 2
    assert ("category", "police") not in counters  # its only record is revoked
    assert counters[("kecamatan", "Kuaro")] == 1 and counters[("kecamatan", "")] == 1
    assert counters[("changes", "")] == 3


def test_the_upgrade_counts_the_valid_signatures_already_stored(tmp_path):
    with empty_database(tmp_path) as database_url:
        assert_backfilled(fill_and_upgrade(database_url))
