"""live sessions: the teacher-paced state phones and the projector follow; extra time

Revision ID: 6c9d2e3f4a51
Revises: 5b8c1d2e3f40
Create Date: 2026-12-02 01:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '6c9d2e3f4a51'
down_revision = '5b8c1d2e3f40'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('extra_seconds', sa.Integer(), server_default='0', nullable=False)
        )
    op.create_table(
        'live_session',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('assignment_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('phase', sa.String(length=10), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('opened_at', sa.DateTime(), nullable=True),
        sa.Column('closes_at', sa.DateTime(), nullable=True),
        sa.Column('timer_seconds', sa.Integer(), nullable=True),
        sa.Column('opened', sa.JSON(), nullable=False),
        sa.Column('speed_points', sa.Boolean(), nullable=False),
        sa.Column('streak_bonus', sa.Boolean(), nullable=False),
        sa.Column('leaderboard', sa.String(length=10), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['assignment_id'], ['assignment.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('assignment_id'),
    )


def downgrade():
    op.drop_table('live_session')
    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.drop_column('extra_seconds')
