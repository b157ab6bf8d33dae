"""transparency log, retention period of events, erasure time of signature records

Revision ID: 0004
Revises: 0005
Create Date: 2026-11-28 01:26:57.337965

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('log_heads',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('chain_hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_log_heads_event_id_events')),
    sa.PrimaryKeyConstraint('event_id', name=op.f('pk_log_heads'))
    )
    op.create_table('log_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('signature_id', sa.Integer(), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('chain_hash', sa.String(length=64), nullable=False),
    sa.CheckConstraint("kind IN ('signature', 'revocation', 'erasure')", name=op.f('ck_log_entries_kind')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_log_entries_event_id_events')),
    sa.ForeignKeyConstraint(['signature_id'], ['signatures.id'], name=op.f('fk_log_entries_signature_id_signatures')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_log_entries')),
    sa.UniqueConstraint('event_id', 'seq', name=op.f('uq_log_entries_event_id_seq'))
    )
    with op.batch_alter_table('log_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_log_entries_signature_id'), ['signature_id'], unique=False)

    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('retention_days', sa.Integer(), server_default='365', nullable=False))
        batch_op.add_column(sa.Column('retention_erases_images', sa.Boolean(), server_default=sa.false(), nullable=False))

def downgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('retention_erases_images')
        batch_op.drop_column('retention_days')

    with op.batch_alter_table('log_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_log_entries_signature_id'))

    op.drop_table('log_entries')
    op.drop_table('log_heads')
