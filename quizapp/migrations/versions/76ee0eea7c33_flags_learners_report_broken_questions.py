"""flags: learners report broken questions

Revision ID: 76ee0eea7c33
Revises: 20f6c534bcf4
Create Date: 2026-12-04 18:39:40.508055

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '76ee0eea7c33'
down_revision = '20f6c534bcf4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('question_flag',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['question_id'], ['question.id'], name=op.f('fk_question_flag_question_id_question'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], name=op.f('fk_question_flag_user_id_app_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_question_flag'))
    )
    with op.batch_alter_table('question_flag', schema=None) as batch_op:
        batch_op.create_index('ix_question_flag_question_id_created_at', ['question_id', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_question_flag_user_id'), ['user_id'], unique=False)



def downgrade():
    with op.batch_alter_table('question_flag', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_question_flag_user_id'))
        batch_op.drop_index('ix_question_flag_question_id_created_at')

    op.drop_table('question_flag')
