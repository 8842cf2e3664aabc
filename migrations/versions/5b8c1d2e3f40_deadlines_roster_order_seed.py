"""deadlines (late policy), class lists, per-student draws and order seeds, teacher time zone

Revision ID: 5b8c1d2e3f40
Revises: 3a7e5d1c2f48
Create Date: 2026-12-02 01:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5b8c1d2e3f40'
down_revision = '3a7e5d1c2f48'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('teacher', schema=None) as batch_op:
        batch_op.add_column(sa.Column('time_zone', sa.String(length=64), nullable=True))
    # Existing assignments keep what they did: late attempts refused, one set for the class.
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('late_policy', sa.String(length=10), server_default='refuse', nullable=False)
        )
        batch_op.add_column(
            sa.Column('draws_per_student', sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.add_column(sa.Column('order_seed', sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column('late', sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    op.create_table(
        'roster_entry',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('assignment_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=60), nullable=False),
        sa.Column('browser', sa.String(length=32), nullable=True),
        sa.Column('claimed_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['assignment_id'], ['assignment.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('assignment_id', 'name'),
    )
    with op.batch_alter_table('roster_entry', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_roster_entry_assignment_id'), ['assignment_id'], unique=False
        )


def downgrade():
    with op.batch_alter_table('roster_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_roster_entry_assignment_id'))
    op.drop_table('roster_entry')
    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.drop_column('late')
        batch_op.drop_column('order_seed')
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.drop_column('draws_per_student')
        batch_op.drop_column('late_policy')
    with op.batch_alter_table('teacher', schema=None) as batch_op:
        batch_op.drop_column('time_zone')
