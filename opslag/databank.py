"""De databank: verbinding, één transactie per commando, en het schema via Alembic."""

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Insert, create_engine, event, inspect, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from domein.fouten import KansrijkFout, os_reden

MIGRATIES = Path(__file__).parent / "migraties"
# De jongste migratie; een test houdt dit gelijk aan Alembics 'head', zodat een gewoon commando
# Alembic alleen laadt als er echt iets bij te werken valt.
SCHEMA_VERSIE = "0006"


# Wat geïnstalleerd is en getest wordt; "postgresql" wordt hieronder psycopg (versie 3).
STUURPROGRAMMAS = ("sqlite", "sqlite+pysqlite", "postgresql", "postgresql+psycopg")


class DatabankFout(KansrijkFout):
    """De databank is niet bereikbaar of niet bruikbaar (exitcode 2)."""


def _sqlite_instellen(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _bij_verbinden(dbapi_verbinding, _record) -> None:
        # pysqlite begint zelf geen transacties meer; wij doen het met BEGIN IMMEDIATE hieronder.
        dbapi_verbinding.isolation_level = None
        cursor = dbapi_verbinding.cursor()
        for pragma in ("journal_mode=WAL", "foreign_keys=ON", "busy_timeout=10000", "synchronous=NORMAL"):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _bij_begin(verbinding) -> None:
        # Schrijvers wachten op elkaar in plaats van halverwege te botsen.
        verbinding.exec_driver_sql("BEGIN IMMEDIATE")


def maak_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabankFout(f"Ongeldige databank-URL '{url}'.") from None
    if parsed.drivername not in STUURPROGRAMMAS:
        raise DatabankFout(
            f"Kansrijk werkt alleen met SQLite (sqlite:///pad) of PostgreSQL (postgresql://...), niet met "
            f"'{parsed.drivername}'."
        )
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            map_ = Path(parsed.database).parent
            try:
                map_.mkdir(parents=True, exist_ok=True)
            except OSError as fout:  # bv. een bestand waar een map moet staan, of geen rechten
                raise DatabankFout(f"De gegevensmap {map_} kan niet aangemaakt worden: {os_reden(fout)}.") from None
        engine = create_engine(parsed)
        _sqlite_instellen(engine)
        return engine
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return create_engine(parsed, pool_pre_ping=True, connect_args={"connect_timeout": 5})


def alembic_config(verbinding: Connection | None = None):
    """Alembics configuratie voor onze migraties, op `verbinding` (zonder: de ingestelde databank)."""
    from alembic.config import Config  # alleen laden als het schema bij moet

    config = Config()
    config.set_main_option("script_location", str(MIGRATIES))
    config.attributes["connection"] = verbinding
    return config


class Databank:
    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = maak_engine(url)
        self._sessies = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def transactie(self) -> Iterator[Session]:
        """Eén transactie: alles wordt samen vastgelegd, of niets."""
        try:
            with self._sessies.begin() as sessie:
                yield sessie
        except OperationalError as fout:
            raise self._onbereikbaar(fout) from None

    @contextmanager
    def transactie_op(self, verbinding: Connection) -> Iterator[Session]:
        """Zoals `transactie`, op een verbinding die de beller openhoudt: voor veel korte transacties
        na elkaar (de uitslag van elk bericht) zonder telkens de pool en haar ping."""
        try:
            with verbinding.begin(), Session(bind=verbinding) as sessie:
                yield sessie
                sessie.flush()
        except OperationalError as fout:
            raise self._onbereikbaar(fout) from None

    def _onbereikbaar(self, fout: OperationalError) -> DatabankFout:
        reden = str(fout.orig).strip().splitlines()[0] if fout.orig else str(fout)
        return DatabankFout(f"De databank {self.engine.url.render_as_string()} is niet bruikbaar: {reden}")

    def schema_versie(self) -> str | None:
        with self.engine.connect() as verbinding:
            if not inspect(verbinding).has_table("alembic_version"):
                return None
            return verbinding.execute(text("SELECT version_num FROM alembic_version")).scalar()

    def bijwerken(self) -> bool:
        """Past ontbrekende migraties toe; True als er iets veranderde."""
        try:
            if self.schema_versie() == SCHEMA_VERSIE:
                return False
            from alembic import command

            with self.engine.begin() as verbinding:
                command.upgrade(alembic_config(verbinding), "head")
            return True
        except OperationalError as fout:
            raise self._onbereikbaar(fout) from None


@cache
def _invoegen_tenzij_er(dialect: str, tabel: type, uniek: str) -> tuple[Insert, frozenset[str]]:
    # Eén opdracht per tabel, de waarden als parameters: een nieuwe .values() per rij kost meer dan
    # de INSERT zelf. "raw": een gewone INSERT met deze waarden (None blijft NULL), niet de bulkweg
    # van de ORM; die flusht de sessie wel eerst.
    invoegen = pg_insert if dialect == "postgresql" else sqlite_insert
    opdracht = (invoegen(tabel).on_conflict_do_nothing(index_elements=[uniek])
                .returning(getattr(tabel, uniek))  # rowcount is -1 op PostgreSQL
                .execution_options(dml_strategy="raw"))
    return opdracht, frozenset(inspect(tabel).columns.keys())


def _opdracht(sessie: Session, tabel: type, uniek: str, rijen: list[dict[str, Any]]) -> Insert:
    opdracht, kolommen = _invoegen_tenzij_er(sessie.get_bind().dialect.name, tabel, uniek)
    for waarden in rijen:
        if onbekend := waarden.keys() - kolommen:  # parameters zonder kolom zouden stil wegvallen
            raise TypeError(f"{tabel.__name__} heeft geen kolom {', '.join(sorted(onbekend))}")
    return opdracht


def voeg_toe_tenzij_er(sessie: Session, tabel: type, uniek: str, **waarden: Any) -> bool:
    """INSERT ... ON CONFLICT (uniek) DO NOTHING, op PostgreSQL en SQLite; True als de rij nieuw is.
    Zonder voorafgaande SELECT: ook twee gelijktijdige transacties voegen ze maar één keer toe."""
    return sessie.execute(_opdracht(sessie, tabel, uniek, [waarden]), waarden).scalar() is not None


def voeg_alle_toe_tenzij_er(sessie: Session, tabel: type, uniek: str, rijen: list[dict[str, Any]]) -> set[Any]:
    """Zoals `voeg_toe_tenzij_er`, voor veel rijen in één executemany (met RETURNING); geeft de
    waarden van `uniek` die nieuw zijn. Op de verbinding van de sessie, zonder autoflush: de rijen
    verwijzen alleen naar rijen die al een id hebben, en zo blijft wat de sessie nog moet schrijven
    (bv. de nieuwe status van een reeks timers) samen voor één UPDATE bij de commit."""
    if not rijen:
        return set()
    resultaat = sessie.connection().execute(_opdracht(sessie, tabel, uniek, rijen), rijen)
    return set(resultaat.scalars())


def open_databank(url: str) -> Databank:
    databank = Databank(url)
    databank.bijwerken()
    return databank
