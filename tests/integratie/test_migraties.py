"""Het schema via Alembic: vanzelf bij, gelijk aan opslag/tabellen.py, en migraties die ook terug
kunnen met gegevens erin, op SQLite en PostgreSQL."""

from datetime import timedelta

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, select, text

from opslag.databank import SCHEMA_VERSIE, alembic_config, open_databank
from opslag.tabellen import Basis, ToegangRij
from tests.integratie.test_commando import az_in_aanloop
from tests.integratie.test_ronde import LIJSTEN, stos_in_intake


def _verschillen(databank) -> list:
    with databank.engine.connect() as verbinding:
        return compare_metadata(MigrationContext.configure(verbinding), Basis.metadata)


def test_schema_komt_vanzelf_en_is_bij(databank):
    assert databank.schema_versie() == SCHEMA_VERSIE
    assert databank.bijwerken() is False
    assert open_databank(databank.url).schema_versie() == SCHEMA_VERSIE


def test_schema_versie_is_alembics_head():
    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == SCHEMA_VERSIE


def test_migraties_passen_bij_de_tabellen(databank):
    """Alembic vindt niets om te genereren: de migraties en opslag/tabellen.py zeggen hetzelfde."""
    assert _verschillen(databank) == []


def test_rondes_terug_naar_0004_en_weer_vooruit(databank, commando, klok):
    """0005 terugdraaien met een gesloten ronde (rapportlinks) en een open ronde (schoolpagina): de
    vragenlijstlinks blijven, de andere links verdwijnen; daarna weer vooruit naar hetzelfde schema."""
    gesloten, _ = stos_in_intake(commando, klok)
    commando.volgende_fase(gesloten)
    ouders = LIJSTEN["stos-ouders"]
    rijen = [",".join(i.code for i in ouders.items)] + [",".join("3" for _ in ouders.items)] * 5
    commando.csv_inlezen(gesloten, 1, ouders, "\n".join(rijen))
    commando.ronde_sluiten(gesloten)
    open_, _ = stos_in_intake(commando, klok)
    commando.volgende_fase(open_)
    with databank.transactie() as sessie:
        soorten = {t.soort for t in sessie.scalars(select(ToegangRij))}
        aantal = len(sessie.scalars(select(ToegangRij.id).where(ToegangRij.soort == "vragenlijst")).all())
    assert soorten == {"vragenlijst", "school", "rapport"} and aantal > 0

    with databank.engine.begin() as verbinding:
        command.downgrade(alembic_config(verbinding), "0004")
    assert databank.schema_versie() == "0004"
    with databank.engine.connect() as verbinding:
        assert not inspect(verbinding).has_table("rondes") and not inspect(verbinding).has_table("concepten")
        assert verbinding.execute(text("SELECT count(*) FROM toegangen")).scalar() == aantal
        assert verbinding.execute(text("SELECT count(*) FROM antwoordsets")).scalar() == 5

    assert databank.bijwerken() is True
    assert databank.schema_versie() == SCHEMA_VERSIE and _verschillen(databank) == []


def test_vervallen_berichten_terug_naar_0005_en_weer_vooruit(databank, commando, klok):
    """0006 terugdraaien: een vervallen bericht wordt 'vervangen' (het mag niet alsnog vertrekken)."""
    t, _, _ = az_in_aanloop(commando)
    m = commando.moment_plannen(t, "kennismaking", klok.nu + timedelta(days=20)).id
    with databank.engine.begin() as verbinding:
        verbinding.execute(text("UPDATE berichten SET status = 'vervallen', vervalreden = 'test' WHERE moment_id = :m"),
                           {"m": m})
    with databank.engine.begin() as verbinding:
        command.downgrade(alembic_config(verbinding), "0005")
    with databank.engine.connect() as verbinding:
        assert set(verbinding.execute(text("SELECT status FROM berichten")).scalars()) == {"vervangen"}
    assert databank.bijwerken() is True
    assert databank.schema_versie() == SCHEMA_VERSIE and _verschillen(databank) == []
