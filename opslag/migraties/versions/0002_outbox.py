"""outbox: berichten; timers per moment

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 06:33:44.174673
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('berichten',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sleutel', sa.String(length=300), nullable=False),
    sa.Column('traject_id', sa.Integer(), nullable=True),
    sa.Column('moment_id', sa.Integer(), nullable=True),
    sa.Column('soort', sa.String(length=40), nullable=False),
    sa.Column('afzender', sa.String(length=320), nullable=False),
    sa.Column('ontvanger', sa.String(length=320), nullable=False),
    sa.Column('onderwerp', sa.String(length=300), nullable=False),
    sa.Column('inhoud', sa.LargeBinary(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('pogingen', sa.Integer(), nullable=False),
    sa.Column('volgende_poging', sa.DateTime(timezone=True), nullable=False),
    sa.Column('geclaimd_tot', sa.DateTime(timezone=True), nullable=True),
    sa.Column('laatste_fout', sa.Text(), nullable=True),
    sa.Column('aangemaakt_op', sa.DateTime(timezone=True), nullable=False),
    sa.Column('verzonden_op', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['moment_id'], ['momenten.id'], name=op.f('fk_berichten_moment_id_momenten')),
    sa.ForeignKeyConstraint(['traject_id'], ['trajecten.id'], name=op.f('fk_berichten_traject_id_trajecten')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_berichten')),
    sa.UniqueConstraint('sleutel', name=op.f('uq_berichten_sleutel'))
    )
    with op.batch_alter_table('berichten', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_berichten_moment_id'), ['moment_id'], unique=False)
        batch_op.create_index('ix_berichten_status_volgende_poging', ['status', 'volgende_poging'], unique=False)
        batch_op.create_index(batch_op.f('ix_berichten_traject_id'), ['traject_id'], unique=False)

    with op.batch_alter_table('timers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('moment_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('uitgevoerd_op', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_timers_moment_id'), ['moment_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_timers_moment_id_momenten'), 'momenten', ['moment_id'], ['id'])



def downgrade() -> None:
    with op.batch_alter_table('timers', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_timers_moment_id_momenten'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_timers_moment_id'))
        batch_op.drop_column('uitgevoerd_op')
        batch_op.drop_column('moment_id')

    with op.batch_alter_table('berichten', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_berichten_traject_id'))
        batch_op.drop_index('ix_berichten_status_volgende_poging')
        batch_op.drop_index(batch_op.f('ix_berichten_moment_id'))

    op.drop_table('berichten')
