"""scheduler: guess chance, day start hour, fitted parameters, exam dates

Revision ID: 3367d3ee915b
Revises: a75be085c8e0
Create Date: 2026-12-04 18:41:21.430060

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy import Text  # noqa: F401  (used by rendered JSONB columns)
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = '3367d3ee915b'
down_revision = 'a75be085c8e0'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('exam_date',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('class_id', sa.Integer(), nullable=True),
    sa.Column('bank_id', sa.Integer(), nullable=False),
    sa.Column('exam_on', sa.Date(), nullable=False),
    sa.Column('set_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('(user_id IS NULL) <> (class_id IS NULL)', name=op.f('ck_exam_date_one_owner')),
    sa.ForeignKeyConstraint(['bank_id'], ['bank.id'], name=op.f('fk_exam_date_bank_id_bank'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['class_id'], ['classroom.id'], name=op.f('fk_exam_date_class_id_classroom'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['set_by_id'], ['app_user.id'], name=op.f('fk_exam_date_set_by_id_app_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], name=op.f('fk_exam_date_user_id_app_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exam_date')),
    sa.UniqueConstraint('class_id', 'bank_id', name=op.f('uq_exam_date_class_id_bank_id')),
    sa.UniqueConstraint('user_id', 'bank_id', name=op.f('uq_exam_date_user_id_bank_id'))
    )
    with op.batch_alter_table('exam_date', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exam_date_bank_id'), ['bank_id'], unique=False)

    op.create_table('scheduler_parameters',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('class_id', sa.Integer(), nullable=True),
    sa.Column('parameters', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('review_count', sa.Integer(), nullable=False),
    sa.Column('log_loss', sa.Double(), nullable=True),
    sa.Column('rmse', sa.Double(), nullable=True),
    sa.Column('default_log_loss', sa.Double(), nullable=True),
    sa.Column('default_rmse', sa.Double(), nullable=True),
    sa.Column('fitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('(user_id IS NULL) <> (class_id IS NULL)', name=op.f('ck_scheduler_parameters_one_owner')),
    sa.ForeignKeyConstraint(['class_id'], ['classroom.id'], name=op.f('fk_scheduler_parameters_class_id_classroom'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], name=op.f('fk_scheduler_parameters_user_id_app_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scheduler_parameters')),
    sa.UniqueConstraint('class_id', name=op.f('uq_scheduler_parameters_class_id')),
    sa.UniqueConstraint('user_id', name=op.f('uq_scheduler_parameters_user_id'))
    )
    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('day_start_hour', sa.SmallInteger(), server_default='4', nullable=False))
        batch_op.add_column(sa.Column('fsrs_parameters', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=True))

    with op.batch_alter_table('review_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('guess_chance', sa.Double(), server_default='0', nullable=False))

    # Answers already given to questions one can guess: true/false 1/2, multiple choice
    # 1/number of choices, so that retention figures over old answers are corrected too.
    if op.get_bind().dialect.name == 'postgresql':
        choices = "jsonb_array_length(question.data->'choices')"
    else:
        choices = "json_array_length(question.data, '$.choices')"
    op.execute(
        "UPDATE review_log SET guess_chance = 0.5 WHERE question_id IN "
        "(SELECT id FROM question WHERE type = 'true_false')"
    )
    op.execute(
        f"UPDATE review_log SET guess_chance = (SELECT 1.0 / {choices} FROM question "
        "WHERE question.id = review_log.question_id) WHERE question_id IN "
        "(SELECT id FROM question WHERE type = 'multiple_choice')"
    )


def downgrade():
    with op.batch_alter_table('review_log', schema=None) as batch_op:
        batch_op.drop_column('guess_chance')

    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.drop_column('fsrs_parameters')
        batch_op.drop_column('day_start_hour')

    op.drop_table('scheduler_parameters')
    with op.batch_alter_table('exam_date', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_exam_date_bank_id'))

    op.drop_table('exam_date')
