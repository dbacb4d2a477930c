"""generator: teachers' review decisions on generated questions

Revision ID: b7d41c2e9a05
Revises: 3367d3ee915b
Create Date: 2026-12-04 19:40:00.000000

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy import Text  # noqa: F401  (used by rendered JSONB columns)
from sqlalchemy.dialects import postgresql


# revision identifiers, used by Alembic.
revision = 'b7d41c2e9a05'
down_revision = '3367d3ee915b'
branch_labels = None
depends_on = None


def _json():
    return sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql')


def upgrade():
    op.create_table('generated_question_review',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('bank_id', sa.Integer(), nullable=True),
    sa.Column('question_key', sa.String(length=100), nullable=False),
    sa.Column('engine', sa.String(length=16), nullable=True),
    sa.Column('drafted', _json(), nullable=False),
    sa.Column('edited', _json(), nullable=True),
    sa.Column('features', _json(), nullable=True),
    sa.Column('decision', sa.String(length=16), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("decision IS NULL OR decision IN ('accepted', 'edited', 'deleted')", name=op.f('ck_generated_question_review_decision')),
    sa.ForeignKeyConstraint(['bank_id'], ['bank.id'], name=op.f('fk_generated_question_review_bank_id_bank'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], name=op.f('fk_generated_question_review_user_id_app_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_generated_question_review'))
    )
    with op.batch_alter_table('generated_question_review', schema=None) as batch_op:
        batch_op.create_index('ix_generated_question_review_bank_id_question_key', ['bank_id', 'question_key'], unique=False)
        batch_op.create_index('ix_generated_question_review_decided_at', ['decided_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_generated_question_review_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('generated_question_review', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_generated_question_review_user_id'))
        batch_op.drop_index('ix_generated_question_review_decided_at')
        batch_op.drop_index('ix_generated_question_review_bank_id_question_key')

    op.drop_table('generated_question_review')
