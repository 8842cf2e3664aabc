"""review card: no (learner, due) index, so a practice answer writes one index page fewer

Every practice answer moves its card's due date, so it rewrote an entry of this index too.
The learner's cards are found through the (learner, question_id) unique index instead:
"Due for review: N" reads one learner's cards, at most the size of the question bank.

Revision ID: c2d8e4f6a7b1
Revises: a1c4e7b9d203
Create Date: 2026-12-04 04:40:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'c2d8e4f6a7b1'
down_revision = 'a1c4e7b9d203'
branch_labels = None
depends_on = None


def upgrade():
    op.drop_index('ix_review_card_learner_due', table_name='review_card')


def downgrade():
    op.create_index('ix_review_card_learner_due', 'review_card', ['learner', 'due'])
