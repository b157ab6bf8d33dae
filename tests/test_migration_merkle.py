"""Revision 0011 on a database whose logs are hash chains: each becomes a Merkle epoch.

The database is filled as the portal at revision 0006 left it (tests/test_migration_regions),
brought to 0010 (salted fingerprints, logged as amendments), and upgraded; the new epoch must commit to the old chain's head and hold
one leaf per current fact of each record, and `flask pledge log verify` must pass.
"""

from datetime import datetime

from sqlalchemy import create_engine, text

from pledge import merkle
from tests.databases import empty_database, flask
from tests.test_migration_regions import fill_at_0006


def test_each_chained_log_starts_an_epoch_that_commits_to_its_head(tmp_path):
    with empty_database(tmp_path) as database_url:
        assert flask("db", "upgrade", "0006", database_url=database_url).returncode == 0
        engine = create_engine(database_url)
        with engine.begin() as connection:
            fill_at_0006(connection)
        assert flask("db", "upgrade", "0010", database_url=database_url).returncode == 0
        with engine.connect() as connection:
            old_seq, old_head = connection.execute(text("SELECT seq, chain_hash FROM log_heads")).one()
            last = dict(
                connection.execute(
                    text("SELECT signature_id, fingerprint FROM log_entries ORDER BY seq")
                ).all()
            )
        upgrade = flask("db", "upgrade", database_url=database_url)
        assert upgrade.returncode == 0, upgrade.stderr
        with engine.connect() as connection:
            rows = connection.execute(
                text(
                    "SELECT seq, leaf_index, kind, signature_id, fingerprint, consent, tree_root, at FROM log_entries"
                    " WHERE epoch = 2 ORDER BY leaf_index"
                )
            ).all()
            head = connection.execute(text("SELECT seq, epoch, size, root FROM log_heads")).one()
            chain_rows = connection.execute(
                text("SELECT count(*) FROM log_entries WHERE epoch = 1")
            ).scalar_one()
        engine.dispose()
        verified = flask("pledge", "log", "verify", database_url=database_url)
        tampered = create_engine(database_url)
        with tampered.begin() as connection:  # the chain the epoch commits to is edited
            connection.execute(text("UPDATE log_entries SET fingerprint = :f WHERE seq = 2"), {"f": "e" * 64})
        tampered.dispose()
        after_tamper = flask("pledge", "log", "verify", database_url=database_url)

    assert chain_rows == old_seq == 12  # 8 entries at 0006, then 0010's 4 amendments
    assert [(row.seq, row.leaf_index, row.kind, row.signature_id) for row in rows] == [
        (13, 0, "epoch", None),
        (14, 1, "signature", 1),
        (15, 2, "signature", 2),
        (16, 3, "signature", 3),
        (17, 4, "revocation", 3),
        (18, 5, "signature", 4),
    ]
    assert rows[0].fingerprint == old_head
    assert [row.fingerprint for row in rows[1:]] == [last[1], last[2], last[3], last[3], last[4]]
    assert [row.consent for row in rows[1:]] == [True] * 5
    at = datetime.fromisoformat(rows[1].at) if isinstance(rows[1].at, str) else rows[1].at  # SQLite: text
    stamp = at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    data = [f"epoch 2, previous chain head {old_head}, size 12".encode()] + [
        f"{row.kind}|{stamp}|{row.fingerprint}|consent=1".encode() for row in rows[1:]
    ]
    hashes = [merkle.leaf_hash(item) for item in data]
    assert head == (18, 2, 6, merkle.root(hashes).hex())
    assert rows[-1].tree_root == head.root
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert verified.stdout.splitlines()[0] == f"lama: 6 leaves verified (epoch 2), root {head.root}"
    assert after_tamper.returncode == 1
    assert (
        "lama: NOT VERIFIED: leaf 0: the epoch does not commit to the previous chain's head"
        in after_tamper.stdout
    )
