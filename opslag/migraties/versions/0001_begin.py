"""begin: trajecten, partners, contacten, momenten, gebeurtenissen, timers

Revision ID: 0001
Revises: -
Create Date: 2026-11-25 06:15:24.354323
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('trajecten',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programma', sa.String(length=40), nullable=False),
    sa.Column('naam', sa.String(length=200), nullable=False),
    sa.Column('fase', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('aangemaakt_op', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_trajecten'))
    )
    op.create_table('gebeurtenissen',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('traject_id', sa.Integer(), nullable=False),
    sa.Column('soort', sa.String(length=60), nullable=False),
    sa.Column('tijdstip', sa.DateTime(timezone=True), nullable=False),
    sa.Column('door', sa.String(length=200), nullable=False),
    sa.Column('details', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=False),
    sa.ForeignKeyConstraint(['traject_id'], ['trajecten.id'], name=op.f('fk_gebeurtenissen_traject_id_trajecten')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_gebeurtenissen'))
    )
    with op.batch_alter_table('gebeurtenissen', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_gebeurtenissen_traject_id'), ['traject_id'], unique=False)

    op.create_table('partners',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('traject_id', sa.Integer(), nullable=False),
    sa.Column('soort', sa.String(length=40), nullable=False),
    sa.Column('naam', sa.String(length=200), nullable=False),
    sa.Column('naam_sleutel', sa.String(length=200), nullable=False),
    sa.Column('bevestigd_op', sa.DateTime(timezone=True), nullable=True),
    sa.Column('mandaat', sa.String(length=40), nullable=True),
    sa.ForeignKeyConstraint(['traject_id'], ['trajecten.id'], name=op.f('fk_partners_traject_id_trajecten')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_partners')),
    sa.UniqueConstraint('traject_id', 'naam_sleutel', name=op.f('uq_partners_traject_id'))
    )
    with op.batch_alter_table('partners', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partners_traject_id'), ['traject_id'], unique=False)

    op.create_table('timers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('traject_id', sa.Integer(), nullable=False),
    sa.Column('soort', sa.String(length=40), nullable=False),
    sa.Column('sleutel', sa.String(length=200), nullable=False),
    sa.Column('vervalt_op', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('details', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=False),
    sa.Column('aangemaakt_op', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['traject_id'], ['trajecten.id'], name=op.f('fk_timers_traject_id_trajecten')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_timers')),
    sa.UniqueConstraint('sleutel', name=op.f('uq_timers_sleutel'))
    )
    with op.batch_alter_table('timers', schema=None) as batch_op:
        batch_op.create_index('ix_timers_status_vervalt_op', ['status', 'vervalt_op'], unique=False)
        batch_op.create_index(batch_op.f('ix_timers_traject_id'), ['traject_id'], unique=False)

    op.create_table('contacten',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('traject_id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('naam', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('rol', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['partner_id'], ['partners.id'], name=op.f('fk_contacten_partner_id_partners')),
    sa.ForeignKeyConstraint(['traject_id'], ['trajecten.id'], name=op.f('fk_contacten_traject_id_trajecten')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contacten')),
    sa.UniqueConstraint('partner_id', 'email', 'rol', name=op.f('uq_contacten_partner_id'))
    )
    with op.batch_alter_table('contacten', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contacten_traject_id'), ['traject_id'], unique=False)

    op.create_table('inschrijvingen',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('traject_id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('naam', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('betalend', sa.Boolean(), nullable=False),
    sa.Column('ingeschreven_op', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['partner_id'], ['partners.id'], name=op.f('fk_inschrijvingen_partner_id_partners')),
    sa.ForeignKeyConstraint(['traject_id'], ['trajecten.id'], name=op.f('fk_inschrijvingen_traject_id_trajecten')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inschrijvingen')),
    sa.UniqueConstraint('partner_id', 'email', name=op.f('uq_inschrijvingen_partner_id'))
    )
    with op.batch_alter_table('inschrijvingen', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inschrijvingen_traject_id'), ['traject_id'], unique=False)

    op.create_table('momenten',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('traject_id', sa.Integer(), nullable=False),
    sa.Column('fase', sa.String(length=40), nullable=False),
    sa.Column('soort', sa.String(length=40), nullable=False),
    sa.Column('start', sa.DateTime(timezone=True), nullable=False),
    sa.Column('duur', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('locatie', sa.String(length=200), nullable=True),
    sa.Column('partner_id', sa.Integer(), nullable=True),
    sa.Column('revisie', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['partner_id'], ['partners.id'], name=op.f('fk_momenten_partner_id_partners')),
    sa.ForeignKeyConstraint(['traject_id'], ['trajecten.id'], name=op.f('fk_momenten_traject_id_trajecten')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_momenten'))
    )
    with op.batch_alter_table('momenten', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_momenten_traject_id'), ['traject_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('momenten', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_momenten_traject_id'))

    op.drop_table('momenten')
    with op.batch_alter_table('inschrijvingen', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inschrijvingen_traject_id'))

    op.drop_table('inschrijvingen')
    with op.batch_alter_table('contacten', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contacten_traject_id'))

    op.drop_table('contacten')
    with op.batch_alter_table('timers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_timers_traject_id'))
        batch_op.drop_index('ix_timers_status_vervalt_op')

    op.drop_table('timers')
    with op.batch_alter_table('partners', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partners_traject_id'))

    op.drop_table('partners')
    with op.batch_alter_table('gebeurtenissen', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_gebeurtenissen_traject_id'))

    op.drop_table('gebeurtenissen')
    op.drop_table('trajecten')
