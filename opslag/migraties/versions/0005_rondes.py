"""vragenlijstrondes, concepten, en toegangen voor de school en het rapport

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26 07:30:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "rondes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("traject_id", sa.Integer(), nullable=False),
        sa.Column("fase", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("geopend_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deadline", sa.DateTime(timezone=True), nullable=False),
        sa.Column("gesloten_op", sa.DateTime(timezone=True), nullable=True),
        sa.Column("gepubliceerd_op", sa.DateTime(timezone=True), nullable=True),
        sa.Column("doelen", JSON, nullable=False),
        sa.ForeignKeyConstraint(["traject_id"], ["trajecten.id"], name=op.f("fk_rondes_traject_id_trajecten")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rondes")),
        sa.UniqueConstraint("traject_id", "fase", name=op.f("uq_rondes_traject_id")),
    )
    # batch: SQLite kan kolommen niet ter plaatse wijzigen; alembic bouwt de tabel dan opnieuw.
    with op.batch_alter_table("toegangen") as tabel:
        tabel.add_column(sa.Column("soort", sa.String(length=20), server_default="vragenlijst", nullable=False))
        tabel.add_column(sa.Column("ronde_id", sa.Integer(), nullable=True))
        tabel.alter_column("partner_id", existing_type=sa.Integer(), nullable=True)
        tabel.alter_column("vragenlijst", existing_type=sa.String(length=60), nullable=True)
        tabel.create_foreign_key(op.f("fk_toegangen_ronde_id_rondes"), "rondes", ["ronde_id"], ["id"])
        tabel.create_index("ix_toegangen_ronde_contact", ["ronde_id", "contact_id"])
    with op.batch_alter_table("antwoordsets") as tabel:
        tabel.add_column(sa.Column("ronde_id", sa.Integer(), nullable=True))
        tabel.create_foreign_key(op.f("fk_antwoordsets_ronde_id_rondes"), "rondes", ["ronde_id"], ["id"])
        tabel.create_index(op.f("ix_antwoordsets_ronde_id"), ["ronde_id"])
    op.create_table(
        "concepten",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("toegang_id", sa.Integer(), nullable=False),
        sa.Column("formulier", sa.String(length=64), nullable=False),
        sa.Column("waarden", JSON, nullable=False),
        sa.Column("bewaard_op", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["toegang_id"], ["toegangen.id"], name=op.f("fk_concepten_toegang_id_toegangen")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_concepten")),
        sa.UniqueConstraint("formulier", name=op.f("uq_concepten_formulier")),
    )
    op.create_index(op.f("ix_concepten_toegang_id"), "concepten", ["toegang_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_concepten_toegang_id"), table_name="concepten")
    op.drop_table("concepten")
    with op.batch_alter_table("antwoordsets") as tabel:
        tabel.drop_index(op.f("ix_antwoordsets_ronde_id"))
        tabel.drop_constraint(op.f("fk_antwoordsets_ronde_id_rondes"), type_="foreignkey")
        tabel.drop_column("ronde_id")
    # Links naar schoolpagina's en rapporten bestaan in het oude schema niet (en hebben geen vragenlijst).
    op.execute("DELETE FROM toegangen WHERE soort <> 'vragenlijst'")
    with op.batch_alter_table("toegangen") as tabel:
        tabel.drop_index("ix_toegangen_ronde_contact")
        tabel.drop_constraint(op.f("fk_toegangen_ronde_id_rondes"), type_="foreignkey")
        tabel.alter_column("vragenlijst", existing_type=sa.String(length=60), nullable=False)
        tabel.alter_column("partner_id", existing_type=sa.Integer(), nullable=False)
        tabel.drop_column("ronde_id")
        tabel.drop_column("soort")
    op.drop_table("rondes")
