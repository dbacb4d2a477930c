"""students: undo and override, tests, interleaved new questions, daily goal

Revision ID: e6fe35d0dac5
Revises: fc9a948ab3f3
Create Date: 2026-12-04 18:52:07.339099

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e6fe35d0dac5'
down_revision = 'fc9a948ab3f3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('practice_test',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('bank_id', sa.Integer(), nullable=False),
    sa.Column('order', sa.String(length=16), nullable=False),
    sa.Column('time_limit_s', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['bank_id'], ['bank.id'], name=op.f('fk_practice_test_bank_id_bank'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], name=op.f('fk_practice_test_user_id_app_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_practice_test')),
    sa.UniqueConstraint('token', name=op.f('uq_practice_test_token'))
    )
    with op.batch_alter_table('practice_test', schema=None) as batch_op:
        batch_op.create_index('ix_practice_test_user_id_created_at', ['user_id', 'created_at'], unique=False)

    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('daily_goal', sa.Integer(), server_default='0', nullable=False))

    with op.batch_alter_table('bank', schema=None) as batch_op:
        batch_op.add_column(sa.Column('new_order', sa.String(length=16), server_default='interleaved', nullable=False))

    with op.batch_alter_table('presentation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('test_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_presentation_test_id'), ['test_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_presentation_test_id_practice_test'), 'practice_test', ['test_id'], ['id'], ondelete='CASCADE')

    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.add_column(sa.Column('study_order', sa.Integer(), server_default='0', nullable=False))
        batch_op.create_index('ix_question_bank_id_study_order', ['bank_id', 'study_order'], unique=False)

    # Until the next import orders them afresh, new questions keep the file's order.
    op.execute('UPDATE question SET study_order = position')

    with op.batch_alter_table('review_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('overridden_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('graded_correct', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('graded_rating', sa.SmallInteger(), nullable=True))



def downgrade():
    with op.batch_alter_table('review_log', schema=None) as batch_op:
        batch_op.drop_column('graded_rating')
        batch_op.drop_column('graded_correct')
        batch_op.drop_column('overridden_at')

    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.drop_index('ix_question_bank_id_study_order')
        batch_op.drop_column('study_order')

    with op.batch_alter_table('presentation', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_presentation_test_id_practice_test'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_presentation_test_id'))
        batch_op.drop_column('test_id')

    with op.batch_alter_table('bank', schema=None) as batch_op:
        batch_op.drop_column('new_order')

    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.drop_column('daily_goal')

    with op.batch_alter_table('practice_test', schema=None) as batch_op:
        batch_op.drop_index('ix_practice_test_user_id_created_at')

    op.drop_table('practice_test')
