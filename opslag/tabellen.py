"""De tabellen (SQLAlchemy 2, getypeerd) en de vertaling van rijen naar de domeinwaarden.

Waarom zo lang: het hele schema staat in één bestand, zoals Alembic het vergelijkt
(`--autogenerate`) en zoals een lezer het naast de migraties legt; per tabel een module zou de
verwijzingen tussen de tabellen over bestanden verspreiden."""

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    ForeignKey,
    Index,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from domein.model import (
    BerichtStatus,
    Contact,
    Inschrijving,
    Moment,
    MomentStatus,
    Partner,
    Ronde,
    RondeStatus,
    TimerStatus,
    Traject,
    TrajectStatus,
)


class UtcTijd(TypeDecorator[datetime]):
    """Bewaart in UTC en geeft altijd een tijdstip met zone terug, ook op SQLite."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, waarde: datetime | None, dialect: Any) -> datetime | None:
        if waarde is None:
            return None
        if waarde.tzinfo is None:
            raise ValueError("een tijdstip zonder tijdzone kan niet bewaard worden")
        utc = waarde.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, waarde: datetime | None, dialect: Any) -> datetime | None:
        if waarde is None:
            return None
        return waarde.replace(tzinfo=UTC) if waarde.tzinfo is None else waarde.astimezone(UTC)


class Basis(DeclarativeBase):
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )
    type_annotation_map = {  # noqa: RUF012 (SQLAlchemy leest dit eenmaal bij het opbouwen van de klassen)
        datetime: UtcTijd,
        dict[str, Any]: JSON().with_variant(JSONB(), "postgresql"),
    }


class TrajectRij(Basis):
    __tablename__ = "trajecten"

    id: Mapped[int] = mapped_column(primary_key=True)
    programma: Mapped[str] = mapped_column(String(40))
    naam: Mapped[str] = mapped_column(String(200))
    fase: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20))
    aangemaakt_op: Mapped[datetime]

    partners: Mapped[list["PartnerRij"]] = relationship(order_by="PartnerRij.id", lazy="selectin")
    contacten: Mapped[list["ContactRij"]] = relationship(order_by="ContactRij.id", lazy="selectin")
    momenten: Mapped[list["MomentRij"]] = relationship(order_by="MomentRij.start", lazy="selectin")
    inschrijvingen: Mapped[list["InschrijvingRij"]] = relationship(
        order_by="InschrijvingRij.id", lazy="selectin"
    )
    rondes: Mapped[list["RondeRij"]] = relationship(order_by="RondeRij.id", lazy="selectin")


class PartnerRij(Basis):
    __tablename__ = "partners"
    # De databank bewaakt ook zelf dat een naam maar eens voorkomt in een traject.
    __table_args__ = (UniqueConstraint("traject_id", "naam_sleutel"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    traject_id: Mapped[int] = mapped_column(ForeignKey("trajecten.id"), index=True)
    soort: Mapped[str] = mapped_column(String(40))
    naam: Mapped[str] = mapped_column(String(200))
    naam_sleutel: Mapped[str] = mapped_column(String(200))
    bevestigd_op: Mapped[datetime | None]
    mandaat: Mapped[str | None] = mapped_column(String(40))


class ContactRij(Basis):
    __tablename__ = "contacten"
    __table_args__ = (UniqueConstraint("partner_id", "email", "rol"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    traject_id: Mapped[int] = mapped_column(ForeignKey("trajecten.id"), index=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id"))
    naam: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(320))
    rol: Mapped[str] = mapped_column(String(40))


class MomentRij(Basis):
    __tablename__ = "momenten"

    id: Mapped[int] = mapped_column(primary_key=True)
    traject_id: Mapped[int] = mapped_column(ForeignKey("trajecten.id"), index=True)
    fase: Mapped[str] = mapped_column(String(40))
    soort: Mapped[str] = mapped_column(String(40))
    start: Mapped[datetime]
    duur: Mapped[int]
    status: Mapped[str] = mapped_column(String(20))
    locatie: Mapped[str | None] = mapped_column(String(200))
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partners.id"))
    revisie: Mapped[int] = mapped_column(default=0)


class InschrijvingRij(Basis):
    __tablename__ = "inschrijvingen"
    __table_args__ = (UniqueConstraint("partner_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    traject_id: Mapped[int] = mapped_column(ForeignKey("trajecten.id"), index=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id"))
    naam: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(320))
    betalend: Mapped[bool]
    ingeschreven_op: Mapped[datetime]


class GebeurtenisRij(Basis):
    """Het logboek: alleen toevoegen, nooit wijzigen."""

    __tablename__ = "gebeurtenissen"

    id: Mapped[int] = mapped_column(primary_key=True)
    traject_id: Mapped[int] = mapped_column(ForeignKey("trajecten.id"), index=True)
    soort: Mapped[str] = mapped_column(String(60))
    tijdstip: Mapped[datetime]
    door: Mapped[str] = mapped_column(String(200))
    details: Mapped[dict[str, Any]]


class TimerRij(Basis):
    """Werk voor later, in dezelfde transactie geschreven als de wijziging die het veroorzaakt."""

    __tablename__ = "timers"
    __table_args__ = (Index("ix_timers_status_vervalt_op", "status", "vervalt_op"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    traject_id: Mapped[int] = mapped_column(ForeignKey("trajecten.id"), index=True)
    soort: Mapped[str] = mapped_column(String(40))
    sleutel: Mapped[str] = mapped_column(String(200), unique=True)
    vervalt_op: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(20), default=TimerStatus.WACHTEND)
    details: Mapped[dict[str, Any]]
    aangemaakt_op: Mapped[datetime]
    moment_id: Mapped[int | None] = mapped_column(ForeignKey("momenten.id"), index=True)
    uitgevoerd_op: Mapped[datetime | None]


class BerichtRij(Basis):
    """De outbox: elk bericht één keer, met zijn sleutel; de bytes worden eenmaal gebouwd en bewaard."""

    __tablename__ = "berichten"
    __table_args__ = (Index("ix_berichten_status_volgende_poging", "status", "volgende_poging"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sleutel: Mapped[str] = mapped_column(String(300), unique=True)
    traject_id: Mapped[int | None] = mapped_column(ForeignKey("trajecten.id"), index=True)
    moment_id: Mapped[int | None] = mapped_column(ForeignKey("momenten.id"), index=True)
    soort: Mapped[str] = mapped_column(String(40))
    afzender: Mapped[str] = mapped_column(String(320))
    ontvanger: Mapped[str] = mapped_column(String(320))
    onderwerp: Mapped[str] = mapped_column(String(300))
    inhoud: Mapped[bytes] = mapped_column(LargeBinary)
    # wachtend -> verzonden | mislukt; vervangen als een nieuwere versie voor vertrek klaarstaat;
    # vervallen als het bij vertrek achterhaald bleek (het moment begon al, de ronde sloot, ...)
    status: Mapped[str] = mapped_column(String(20), default=BerichtStatus.WACHTEND)
    pogingen: Mapped[int] = mapped_column(default=0)
    volgende_poging: Mapped[datetime]
    geclaimd_tot: Mapped[datetime | None]
    laatste_fout: Mapped[str | None] = mapped_column(Text)
    aangemaakt_op: Mapped[datetime]
    verzonden_op: Mapped[datetime | None]
    mislukt_op: Mapped[datetime | None]
    vervallen_op: Mapped[datetime | None]
    vervalreden: Mapped[str | None] = mapped_column(Text)  # voor het dagoverzicht en `berichten lijst`


class RondeRij(Basis):
    """Een vragenlijstronde: één per traject en fase."""

    __tablename__ = "rondes"
    __table_args__ = (UniqueConstraint("traject_id", "fase"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    traject_id: Mapped[int] = mapped_column(ForeignKey("trajecten.id"))
    fase: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20))  # open -> gesloten
    geopend_op: Mapped[datetime]
    deadline: Mapped[datetime]
    gesloten_op: Mapped[datetime | None]
    # Wanneer een engine de rapporten als Prefect-artefact publiceerde (compare-and-set: één keer).
    gepubliceerd_op: Mapped[datetime | None]
    doelen: Mapped[dict[str, Any]]  # "partner_id/vragenlijst" -> verwacht aantal antwoorden


class AntwoordsetRij(Basis):
    """De antwoorden van één respondent (of van de werkgroep samen) op één vragenlijst, voor een
    partner van een traject. Geen verwijzing naar een persoon of link: anoniem blijft anoniem."""

    __tablename__ = "antwoordsets"
    __table_args__ = (Index("ix_antwoordsets_traject_partner", "traject_id", "partner_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    traject_id: Mapped[int] = mapped_column(ForeignKey("trajecten.id"))
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id"))
    vragenlijst: Mapped[str] = mapped_column(String(60))
    scores: Mapped[dict[str, Any]]  # itemcode -> 1..5 of null ('weet niet')
    open: Mapped[dict[str, Any]]  # domeincode -> tekst
    bron: Mapped[str] = mapped_column(String(20))  # web of csv
    ingediend_op: Mapped[datetime]
    # Hash van het eenmalige kenmerk van een webformulier (twee keer verzonden is één keer bewaard), of
    # het kenmerk van een rij uit een CSV-import (antwoorden.rijkenmerken: hetzelfde bestand geen tweede keer).
    formulier: Mapped[str | None] = mapped_column(String(64), unique=True)
    ronde_id: Mapped[int | None] = mapped_column(ForeignKey("rondes.id"), index=True)


class ToegangRij(Basis):
    """Een link met een geheim; alleen de hash van het geheim staat hier, het geheim zelf in de link.

    Soorten: `vragenlijst` (persoonlijk en één keer te gebruiken als er een contactpersoon is,
    anders een groepslink die de school doorgeeft), `school` (de responsstand van een school, waar
    ze de doelen zet) en `rapport` (het rapport van een partner, of zonder partner het overzicht
    van het partnerschap)."""

    __tablename__ = "toegangen"
    __table_args__ = (Index("ix_toegangen_ronde_contact", "ronde_id", "contact_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    hash: Mapped[str] = mapped_column(String(64), unique=True)
    soort: Mapped[str] = mapped_column(String(20), server_default="vragenlijst")
    traject_id: Mapped[int] = mapped_column(ForeignKey("trajecten.id"), index=True)
    ronde_id: Mapped[int | None] = mapped_column(ForeignKey("rondes.id"))
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partners.id"))
    vragenlijst: Mapped[str | None] = mapped_column(String(60))
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacten.id"))
    verloopt_op: Mapped[datetime]
    gebruikt_op: Mapped[datetime | None]
    aangemaakt_op: Mapped[datetime]


class ConceptRij(Basis):
    """Tussentijds bewaarde antwoorden, tot ze verstuurd worden of de ronde sluit. Bij een groepslink
    vindt alleen wie het eenmalige kenmerk van zijn formulier heeft (in zijn verder-link) ze terug."""

    __tablename__ = "concepten"

    id: Mapped[int] = mapped_column(primary_key=True)
    toegang_id: Mapped[int] = mapped_column(ForeignKey("toegangen.id"), index=True)
    formulier: Mapped[str] = mapped_column(String(64), unique=True)  # hash van het kenmerk
    waarden: Mapped[dict[str, Any]]
    bewaard_op: Mapped[datetime]


class StandRij(Basis):
    """Hoe ver de engines gekomen zijn (bv. de laatste gebeurtenis in het trajectoverzicht);
    bijgewerkt met compare-and-set, zodat twee engines hetzelfde werk niet allebei doen."""

    __tablename__ = "engine_stand"

    naam: Mapped[str] = mapped_column(String(60), primary_key=True)
    waarde: Mapped[int]


def naar_domein(rij: TrajectRij) -> Traject:
    return Traject(
        id=rij.id,
        programma=rij.programma,
        naam=rij.naam,
        fase=rij.fase,
        status=TrajectStatus(rij.status),
        partners=tuple(
            Partner(p.id, p.soort, p.naam, p.bevestigd_op, p.mandaat) for p in rij.partners
        ),
        contacten=tuple(
            Contact(c.id, c.partner_id, c.naam, c.email, c.rol) for c in rij.contacten
        ),
        momenten=tuple(
            Moment(
                m.id, m.fase, m.soort, m.start, m.duur, MomentStatus(m.status), m.locatie,
                m.partner_id, m.revisie,
            )
            for m in rij.momenten
        ),
        inschrijvingen=tuple(
            Inschrijving(i.id, i.partner_id, i.naam, i.email, i.betalend) for i in rij.inschrijvingen
        ),
        rondes=tuple(
            Ronde(r.id, r.fase, r.geopend_op, r.deadline, RondeStatus(r.status), dict(r.doelen)) for r in rij.rondes
        ),
    )
