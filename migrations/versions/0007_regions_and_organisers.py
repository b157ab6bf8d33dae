"""every region of Indonesia by code; organising institutions, officials and witnesses;
certificates marked revoked; sealed documents kept by hash; recovery codes

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 15:00:00.000000

- `regions` is created and filled from pledge/data/wilayah-kemendagri-2025.csv.
- An event's free-text region becomes a code ("Kabupaten Paser" -> 64.01) and its time
  zone follows the region; its free-text organiser becomes its first organising
  institution. A region that matches no name is left empty for the console to ask.
- Signature records and seats name their kecamatan (or kabupaten/kota) by code, read
  from the old name within the event's region ("Pasir Belengkong", as some sources
  write it, becomes Paser Belengkong, 64.01.03); the counters are rebuilt by code.
- The public content of a record now names its area by code, so its fingerprint
  changes: each record's log gets an "amendment" entry with the new fingerprint (or,
  for a record signed before the log existed, its "signature" entry), chained as usual.
- A record may hold a second certificate per language, marked revoked.
"""
import csv
import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

DATA_FILE = Path(__file__).resolve().parents[2] / "pledge" / "data" / "wilayah-kemendagri-2025.csv"
ALIASES = {"pasir belengkong": "paser belengkong"}
GENESIS = "0" * 64
ZONES = {
    **{code: "Asia/Jayapura" for code in ("81", "82", "91", "92", "93", "94", "95", "96")},
    **{code: "Asia/Makassar" for code in ("51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76")},
}


def _normalise(text):
    text = " ".join((text or "").lower().replace("kab. ", "kabupaten ").split())
    text = text.removeprefix("provinsi ").removeprefix("kecamatan ").removeprefix("kec. ")
    return ALIASES.get(text, text)


def _regions():
    with open(DATA_FILE, encoding="utf-8", newline="") as handle:
        rows = [
            {
                "code": row["code"].strip(),
                "level": row["level"].strip(),
                "name": " ".join(row["name"].split()),
                "parent_code": row["parent"].strip() or None,
            }
            for row in csv.DictReader(handle)
        ]
    return sorted(rows, key=lambda row: (row["code"].count("."), row["code"]))


def _schema():
    regions = op.create_table('regions',
    sa.Column('code', sa.String(length=13), nullable=False),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('parent_code', sa.String(length=13), nullable=True),
    sa.CheckConstraint("level IN ('province', 'regency_or_city', 'district')", name=op.f('ck_regions_level')),
    sa.ForeignKeyConstraint(['parent_code'], ['regions.code'], name=op.f('fk_regions_parent_code_regions')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_regions'))
    )
    with op.batch_alter_table('regions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_regions_parent_code'), ['parent_code'], unique=False)
    op.bulk_insert(regions, _regions())

    op.create_table('event_institutions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('logo', sa.LargeBinary(), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_institutions_event_id_events')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_institutions'))
    )
    with op.batch_alter_table('event_institutions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_institutions_event_id'), ['event_id'], unique=False)

    op.create_table('event_officials',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=10), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('institution', sa.String(length=200), nullable=False),
    sa.Column('id_number', sa.String(length=40), nullable=False),
    sa.CheckConstraint("role IN ('official', 'witness')", name=op.f('ck_event_officials_role')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_officials_event_id_events')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_officials'))
    )
    with op.batch_alter_table('event_officials', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_officials_event_id'), ['event_id'], unique=False)

    op.create_table('issued_documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('issued_at', sa.DateTime(), nullable=False),
    sa.Column('number', sa.String(length=200), nullable=False),
    sa.Column('signatories', sa.Integer(), nullable=True),
    sa.CheckConstraint("kind IN ('record', 'invitation_cards', 'poster')", name=op.f('ck_issued_documents_kind')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_issued_documents_event_id_events')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_issued_documents')),
    sa.UniqueConstraint('sha256', name=op.f('uq_issued_documents_sha256'))
    )
    with op.batch_alter_table('issued_documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_issued_documents_event_id'), ['event_id'], unique=False)

    op.create_table('recovery_codes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('signature_id', sa.Integer(), nullable=False),
    sa.Column('phone_digest', sa.String(length=64), nullable=False),
    sa.Column('code_digest', sa.String(length=64), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('used_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_recovery_codes_event_id_events')),
    sa.ForeignKeyConstraint(['signature_id'], ['signatures.id'], name=op.f('fk_recovery_codes_signature_id_signatures')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recovery_codes'))
    )
    with op.batch_alter_table('recovery_codes', schema=None) as batch_op:
        batch_op.create_index('ix_recovery_codes_lookup', ['event_id', 'phone_digest'], unique=False)
        batch_op.create_index(batch_op.f('ix_recovery_codes_signature_id'), ['signature_id'], unique=False)

    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('region_code', sa.String(length=13), nullable=True))
        batch_op.add_column(sa.Column(
            'record_number_pattern', sa.String(length=160),
            server_default='BA/{tanggal}/{bulan}/{tahun}/{penyelenggara}', nullable=False,
        ))
        batch_op.create_index(batch_op.f('ix_events_region_code'), ['region_code'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_events_region_code_regions'), 'regions', ['region_code'], ['code'])
    for table in ('signatures', 'seats'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('area_code', sa.String(length=13), nullable=True))
            batch_op.create_foreign_key(batch_op.f(f'fk_{table}_area_code_regions'), 'regions', ['area_code'], ['code'])

    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('standing', sa.String(length=10), server_default='valid', nullable=False))
        batch_op.drop_constraint(batch_op.f('uq_certificates_signature_id_language'), type_='unique')
        batch_op.create_unique_constraint(
            batch_op.f('uq_certificates_signature_id_language_standing'), ['signature_id', 'language', 'standing']
        )
        batch_op.create_check_constraint(batch_op.f('ck_certificates_standing'), "standing IN ('valid', 'revoked')")


def _fill(connection):
    regions = connection.execute(sa.text("SELECT code, level, name, parent_code FROM regions")).all()
    by_name = {}
    children = {}
    for code, level, name, parent in regions:
        if level != 'district':
            by_name.setdefault(_normalise(name), code)
            if level == 'province':
                by_name.setdefault(_normalise("provinsi " + name), code)
        children.setdefault(parent, {})[_normalise(name)] = code

    events = connection.execute(sa.text("SELECT id, region, organiser FROM events")).all()
    event_regions = {}
    for event_id, region, organiser in events:
        code = by_name.get(_normalise(region))
        event_regions[event_id] = code
        values = {"id": event_id, "code": code, "zone": ZONES.get(code[:2], "Asia/Jakarta") if code else None}
        if code:
            connection.execute(
                sa.text("UPDATE events SET region_code = :code, timezone = :zone WHERE id = :id"), values
            )
        if (organiser or "").strip():
            connection.execute(
                sa.text("INSERT INTO event_institutions (event_id, position, name) VALUES (:id, 0, :name)"),
                {"id": event_id, "name": organiser.strip()},
            )
    for table in ('signatures', 'seats'):
        rows = connection.execute(
            sa.text(f"SELECT id, event_id, kecamatan FROM {table} WHERE kecamatan IS NOT NULL AND kecamatan <> ''")
        ).all()
        for row_id, event_id, kecamatan in rows:
            area = children.get(event_regions.get(event_id), {}).get(_normalise(kecamatan))
            if area:
                connection.execute(
                    sa.text(f"UPDATE {table} SET area_code = :code WHERE id = :id"), {"code": area, "id": row_id}
                )


def _recount(connection, now):
    connection.execute(
        sa.text(
            "INSERT INTO signature_counts (event_id, dimension, key, n, updated_at)"
            " SELECT event_id, 'area', COALESCE(area_code, ''), COUNT(*), :now FROM signatures"
            " WHERE state = 'valid' GROUP BY event_id, COALESCE(area_code, '')"
        ),
        {"now": now},
    )
    connection.execute(
        sa.text("UPDATE signature_counts SET n = n + 1, updated_at = :now WHERE dimension = 'changes'"),
        {"now": now},
    )


def _fingerprint(connection, record, slug):
    documents = sorted(
        connection.execute(
            sa.text(
                "SELECT v.sha256 FROM document_versions v JOIN signature_agreements a"
                " ON a.document_version_id = v.id WHERE a.signature_id = :id"
            ),
            {"id": record.id},
        ).scalars()
    )
    signed_at = record.signed_at if isinstance(record.signed_at, datetime) else datetime.fromisoformat(record.signed_at)
    content = {
        "certificate_number": record.certificate_number,
        "event": slug,
        "full_name": record.full_name,
        "position": record.position,
        "institution": record.institution,
        "category": record.category,
        "area": record.area_code,
        "signed_at": signed_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "documents": documents,
    }
    text = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _log_amendments(connection, now):
    """Append to each event's log the fingerprint each record has under the new content."""
    stamp = now.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    events = connection.execute(sa.text("SELECT id, slug FROM events ORDER BY id")).all()
    for event_id, slug in events:
        records = connection.execute(
            sa.text(
                "SELECT id, certificate_number, full_name, position, institution, category, area_code,"
                " signed_at, state FROM signatures WHERE event_id = :event ORDER BY id"
            ),
            {"event": event_id},
        ).all()
        if not records:
            continue
        head = connection.execute(
            sa.text("SELECT seq, chain_hash FROM log_heads WHERE event_id = :event"), {"event": event_id}
        ).one_or_none()
        if head is None:
            connection.execute(
                sa.text("INSERT INTO log_heads (event_id, seq, chain_hash) VALUES (:event, 0, :genesis)"),
                {"event": event_id, "genesis": GENESIS},
            )
            seq, previous = 0, GENESIS
        else:
            seq, previous = head
        last = {
            signature_id: fingerprint
            for signature_id, fingerprint in connection.execute(
                sa.text("SELECT signature_id, fingerprint FROM log_entries WHERE event_id = :event ORDER BY seq"),
                {"event": event_id},
            )
        }
        for record in records:
            fingerprint = _fingerprint(connection, record, slug)
            if last.get(record.id) == fingerprint:
                continue
            kinds = ["amendment"] if record.id in last else ["signature"]
            if record.id not in last and record.state == "revoked":
                kinds.append("revocation")  # revoked before the log existed (revision 0004)
            for kind in kinds:
                seq += 1
                line = f"{seq}|{stamp}|{kind}|{fingerprint}"
                previous = hashlib.sha256(f"{previous}\n{line}".encode("utf-8")).hexdigest()
                connection.execute(
                    sa.text(
                        "INSERT INTO log_entries (event_id, seq, at, kind, signature_id, fingerprint, chain_hash)"
                        " VALUES (:event, :seq, :at, :kind, :record, :fingerprint, :chain)"
                    ),
                    {"event": event_id, "seq": seq, "at": now, "kind": kind, "record": record.id,
                     "fingerprint": fingerprint, "chain": previous},
                )
        connection.execute(
            sa.text("UPDATE log_heads SET seq = :seq, chain_hash = :chain WHERE event_id = :event"),
            {"seq": seq, "chain": previous, "event": event_id},
        )


def _drop_old_columns():
    with op.batch_alter_table('log_entries', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_log_entries_kind'), type_='check')
        batch_op.create_check_constraint(
            batch_op.f('ck_log_entries_kind'), "kind IN ('signature', 'revocation', 'erasure', 'amendment')"
        )
    with op.batch_alter_table('signature_counts', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_signature_counts_dimension'), type_='check')
        batch_op.create_check_constraint(
            batch_op.f('ck_signature_counts_dimension'), "dimension IN ('all', 'category', 'area', 'changes')"
        )
    with op.batch_alter_table('signatures', schema=None) as batch_op:
        batch_op.drop_index('ix_signatures_wall_kecamatan')
        batch_op.drop_column('kecamatan')
        batch_op.create_index('ix_signatures_wall_area', ['event_id', 'state', 'area_code', 'signed_at', 'id'], unique=False)
    with op.batch_alter_table('seats', schema=None) as batch_op:
        batch_op.drop_column('kecamatan')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('organiser')
        batch_op.drop_column('region')


def upgrade():
    _schema()
    connection = op.get_bind()
    now = datetime.now(UTC).replace(tzinfo=None)
    _fill(connection)
    # Before the counters' new CHECK, which refuses the old dimension: rebuilt by code below.
    connection.execute(sa.text("DELETE FROM signature_counts WHERE dimension = 'kecamatan'"))
    _drop_old_columns()
    _recount(connection, now)
    _log_amendments(connection, now)


def downgrade():
    raise NotImplementedError("0007 turns free text into region codes; restore a backup to go back")
