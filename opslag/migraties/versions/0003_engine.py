"""engine: mislukt_op bij berichten; engine_stand

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 04:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "engine_stand",
        sa.Column("naam", sa.String(length=60), nullable=False),
        sa.Column("waarde", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("naam", name=op.f("pk_engine_stand")),
    )
    with op.batch_alter_table("berichten", schema=None) as batch_op:
        batch_op.add_column(sa.Column("mislukt_op", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("berichten", schema=None) as batch_op:
        batch_op.drop_column("mislukt_op")
    op.drop_table("engine_stand")
