"""signature counts, candidate pairs

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 01:24:44.026459

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('candidate_pairs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('contest', sa.String(length=120), nullable=False),
    sa.Column('ballot_number', sa.Integer(), nullable=False),
    sa.Column('candidate', sa.String(length=200), nullable=False),
    sa.Column('running_mate', sa.String(length=200), nullable=False),
    sa.Column('campaign_team', sa.String(length=200), nullable=False),
    sa.CheckConstraint('ballot_number > 0', name=op.f('ck_candidate_pairs_ballot_number')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_candidate_pairs_event_id_events')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_candidate_pairs')),
    sa.UniqueConstraint('event_id', 'contest', 'ballot_number', name=op.f('uq_candidate_pairs_event_id_contest_ballot_number'))
    )
    with op.batch_alter_table('candidate_pairs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_candidate_pairs_event_id'), ['event_id'], unique=False)

    op.create_table('signature_counts',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('dimension', sa.String(length=12), nullable=False),
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("dimension IN ('all', 'category', 'kecamatan', 'changes')", name=op.f('ck_signature_counts_dimension')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_signature_counts_event_id_events')),
    sa.PrimaryKeyConstraint('event_id', 'dimension', 'key', name=op.f('pk_signature_counts'))
    )
    with op.batch_alter_table('signatures', schema=None) as batch_op:
        batch_op.create_index('ix_signatures_wall_category', ['event_id', 'state', 'category', 'signed_at', 'id'], unique=False)
        batch_op.create_index('ix_signatures_wall_kecamatan', ['event_id', 'state', 'kecamatan', 'signed_at', 'id'], unique=False)

    # Counters for the signatures stored before this revision.
    groups = (("all", "''", ""), ("category", "category", ", category"), ("kecamatan", "COALESCE(kecamatan, '')", ", COALESCE(kecamatan, '')"))
    for dimension, key, group in groups:
        op.execute(
            "INSERT INTO signature_counts (event_id, dimension, key, n, updated_at) "
            f"SELECT event_id, '{dimension}', {key}, COUNT(*), MAX(signed_at) FROM signatures "
            f"WHERE state = 'valid' GROUP BY event_id{group}"
        )
    op.execute(
        "INSERT INTO signature_counts (event_id, dimension, key, n, updated_at) "
        "SELECT event_id, 'changes', '', COUNT(*), MAX(signed_at) FROM signatures GROUP BY event_id"
    )


def downgrade():
    with op.batch_alter_table('signatures', schema=None) as batch_op:
        batch_op.drop_index('ix_signatures_wall_kecamatan')
        batch_op.drop_index('ix_signatures_wall_category')

    op.drop_table('signature_counts')
    with op.batch_alter_table('candidate_pairs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_candidate_pairs_event_id'))

    op.drop_table('candidate_pairs')
