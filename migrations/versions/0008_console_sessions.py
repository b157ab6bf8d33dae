"""console sessions: a logout or a new password ends a copied session cookie for good

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 16:00:00.000000

Sessions opened before this revision named the account alone; they no longer load, so
every organiser logs in once more.
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('console_sessions',
    sa.Column('token_digest', sa.String(length=64), nullable=False),
    sa.Column('organiser_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['organiser_id'], ['organisers.id'], name=op.f('fk_console_sessions_organiser_id_organisers')),
    sa.PrimaryKeyConstraint('token_digest', name=op.f('pk_console_sessions'))
    )
    with op.batch_alter_table('console_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_console_sessions_organiser_id'), ['organiser_id'], unique=False)


def downgrade():
    with op.batch_alter_table('console_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_console_sessions_organiser_id'))
    op.drop_table('console_sessions')
