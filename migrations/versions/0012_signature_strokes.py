"""signature strokes: drawn signatures as the pad's stroke text, typed ones as text

The PNG column stays: records signed before keep their image and render as before.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 18:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('signatures', schema=None) as batch_op:
        batch_op.add_column(sa.Column('signature_strokes', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('signature_text', sa.String(length=80), nullable=True))


def downgrade():
    # Dropping the columns would leave every record signed since without its mark.
    raise NotImplementedError("0012 holds signatures as strokes and typed text; restore a backup to go back")
