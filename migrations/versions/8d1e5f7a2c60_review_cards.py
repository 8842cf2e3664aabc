"""review cards: each question a learner answered, scheduled for spaced review by FSRS

Revision ID: 8d1e5f7a2c60
Revises: 6c9d2e3f4a51
Create Date: 2026-12-02 02:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8d1e5f7a2c60'
down_revision = '6c9d2e3f4a51'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'review_card',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('learner', sa.String(length=32), nullable=False),
        sa.Column('question_id', sa.String(length=200), nullable=False),
        sa.Column('state', sa.JSON(), nullable=False),
        sa.Column('due', sa.DateTime(), nullable=False),
        sa.Column('reviews', sa.Integer(), nullable=False),
        sa.Column('lapses', sa.Integer(), nullable=False),
        sa.Column('retired_at', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('learner', 'question_id'),
    )
    op.create_index('ix_review_card_learner_due', 'review_card', ['learner', 'due'])


def downgrade():
    op.drop_index('ix_review_card_learner_due', table_name='review_card')
    op.drop_table('review_card')
