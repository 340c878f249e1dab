"""antwoordsets en toegangen: antwoorden op de vragenlijsten en de links ernaartoe

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 05:20:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "antwoordsets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("traject_id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("vragenlijst", sa.String(length=60), nullable=False),
        sa.Column("scores", JSON, nullable=False),
        sa.Column("open", JSON, nullable=False),
        sa.Column("bron", sa.String(length=20), nullable=False),
        sa.Column("ingediend_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("formulier", sa.String(length=64), nullable=True),
        sa.UniqueConstraint("formulier", name=op.f("uq_antwoordsets_formulier")),
        sa.ForeignKeyConstraint(["partner_id"], ["partners.id"], name=op.f("fk_antwoordsets_partner_id_partners")),
        sa.ForeignKeyConstraint(["traject_id"], ["trajecten.id"], name=op.f("fk_antwoordsets_traject_id_trajecten")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_antwoordsets")),
    )
    op.create_index("ix_antwoordsets_traject_partner", "antwoordsets", ["traject_id", "partner_id"])
    op.create_table(
        "toegangen",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("traject_id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("vragenlijst", sa.String(length=60), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("verloopt_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("gebruikt_op", sa.DateTime(timezone=True), nullable=True),
        sa.Column("aangemaakt_op", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["contact_id"], ["contacten.id"], name=op.f("fk_toegangen_contact_id_contacten")),
        sa.ForeignKeyConstraint(["partner_id"], ["partners.id"], name=op.f("fk_toegangen_partner_id_partners")),
        sa.ForeignKeyConstraint(["traject_id"], ["trajecten.id"], name=op.f("fk_toegangen_traject_id_trajecten")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_toegangen")),
        sa.UniqueConstraint("hash", name=op.f("uq_toegangen_hash")),
    )
    op.create_index(op.f("ix_toegangen_traject_id"), "toegangen", ["traject_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_toegangen_traject_id"), table_name="toegangen")
    op.drop_table("toegangen")
    op.drop_index("ix_antwoordsets_traject_partner", table_name="antwoordsets")
    op.drop_table("antwoordsets")
