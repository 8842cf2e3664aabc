"""answer hint: the question's hint as asked, and when the student asked for it

Revision ID: a1c4e7b9d203
Revises: 8d1e5f7a2c60
Create Date: 2026-12-02 03:05:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a1c4e7b9d203'
down_revision = '8d1e5f7a2c60'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hint', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('hint_used_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.drop_column('hint_used_at')
        batch_op.drop_column('hint')
