"""study: new-question cursor on enrollment, presentation index per bank

Revision ID: 62cad6d5945f
Revises: 925f69567a12
Create Date: 2026-11-28 17:34:57.489521

"""
from alembic import op
import sqlalchemy as sa



# revision identifiers, used by Alembic.
revision = '62cad6d5945f'
down_revision = '925f69567a12'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('enrollment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('new_position', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('new_position_at', sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table('presentation', schema=None) as batch_op:
        batch_op.create_index('ix_presentation_user_id_bank_id_created_at', ['user_id', 'bank_id', 'created_at'], unique=False)



def downgrade():
    with op.batch_alter_table('presentation', schema=None) as batch_op:
        batch_op.drop_index('ix_presentation_user_id_bank_id_created_at')

    with op.batch_alter_table('enrollment', schema=None) as batch_op:
        batch_op.drop_column('new_position_at')
        batch_op.drop_column('new_position')

