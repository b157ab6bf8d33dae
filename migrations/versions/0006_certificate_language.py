"""certificates in a language each: Indonesian (the official one) and English on request

Revision ID: 0006
Revises: 0004
Create Date: 2026-11-28 05:00:00.000000

A record may now hold one certificate per language, each sealed and stored once, so
UNIQUE(signature_id) becomes UNIQUE(signature_id, language). Every certificate issued
before this revision is Indonesian: the server default says so.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=5), server_default='id', nullable=False))
        batch_op.drop_constraint(batch_op.f('uq_certificates_signature_id'), type_='unique')
        batch_op.create_unique_constraint(
            batch_op.f('uq_certificates_signature_id_language'), ['signature_id', 'language']
        )


def downgrade():
    # The old schema holds one certificate per record: the Indonesian one stays, the
    # others go (their hashes with them, so those copies no longer verify).
    op.execute("DELETE FROM certificates WHERE language <> 'id'")
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_certificates_signature_id_language'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_certificates_signature_id'), ['signature_id'])
        batch_op.drop_column('language')
