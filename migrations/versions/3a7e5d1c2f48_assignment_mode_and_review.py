"""assignment mode (practice or assessment), attempts allowed, which counts, review release;
the browser an attempt was made in

Revision ID: 3a7e5d1c2f48
Revises: 9e4d2c7a1b33
Create Date: 2026-12-02 00:15:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3a7e5d1c2f48'
down_revision = '9e4d2c7a1b33'
branch_labels = None
depends_on = None


def upgrade():
    # Existing assignments become practice ones: unlimited attempts, feedback as before.
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('mode', sa.String(length=20), server_default='practice', nullable=False)
        )
        batch_op.add_column(sa.Column('attempts_allowed', sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column('counts', sa.String(length=10), server_default='best', nullable=False)
        )
        batch_op.add_column(sa.Column('review_released_at', sa.DateTime(), nullable=True))
    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.add_column(sa.Column('browser', sa.String(length=32), nullable=True))
        batch_op.create_index(batch_op.f('ix_attempt_browser'), ['browser'], unique=False)


def downgrade():
    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attempt_browser'))
        batch_op.drop_column('browser')
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.drop_column('review_released_at')
        batch_op.drop_column('counts')
        batch_op.drop_column('attempts_allowed')
        batch_op.drop_column('mode')
