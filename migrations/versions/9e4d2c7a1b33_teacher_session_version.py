"""teacher session version: logout and a new password end every session

Revision ID: 9e4d2c7a1b33
Revises: 7c3f1a2b9d10
Create Date: 2026-12-01 23:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9e4d2c7a1b33'
down_revision = '7c3f1a2b9d10'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('teacher', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('session_version', sa.Integer(), server_default='1', nullable=False)
        )


def downgrade():
    with op.batch_alter_table('teacher', schema=None) as batch_op:
        batch_op.drop_column('session_version')
