"""attempt start token: a start form submitted twice starts one attempt

Revision ID: 7c3f1a2b9d10
Revises: bb5e32c89c86
Create Date: 2026-12-01 23:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7c3f1a2b9d10'
down_revision = 'bb5e32c89c86'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.add_column(sa.Column('start_token', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_attempt_start_token'), ['start_token'])


def downgrade():
    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_attempt_start_token'), type_='unique')
        batch_op.drop_column('start_token')
