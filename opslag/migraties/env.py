"""Alembic: migraties draaien op de verbinding die Kansrijk meegeeft, of op de ingestelde databank."""

from alembic import context

from opslag.tabellen import Basis


def _migreer(verbinding) -> None:
    # render_as_batch: SQLite kan kolommen alleen wijzigen door de tabel opnieuw op te bouwen.
    context.configure(connection=verbinding, target_metadata=Basis.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


verbinding = context.config.attributes.get("connection")
if verbinding is not None:
    _migreer(verbinding)
else:  # `alembic -c opslag/alembic.ini ...` vanuit de shell, voor ontwikkelaars
    from config.instellingen import Instellingen
    from opslag.databank import maak_engine

    with maak_engine(Instellingen().databank_url).begin() as verbinding:
        _migreer(verbinding)
