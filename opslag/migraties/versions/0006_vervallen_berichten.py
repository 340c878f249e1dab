"""berichten: vervallen_op en vervalreden (achterhaald bij vertrek)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("berichten", schema=None) as batch_op:
        batch_op.add_column(sa.Column("vervallen_op", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("vervalreden", sa.Text(), nullable=True))


def downgrade() -> None:
    # Een vervallen bericht mag na het terugdraaien niet alsnog vertrekken: het blijft 'vervangen'.
    op.execute("UPDATE berichten SET status = 'vervangen' WHERE status = 'vervallen'")
    with op.batch_alter_table("berichten", schema=None) as batch_op:
        batch_op.drop_column("vervalreden")
        batch_op.drop_column("vervallen_op")
