"""Wat een link uit een uitnodiging opent: de toegang zelf (`openen`), de responsstand op de pagina
van een school, en de rapporten van een gesloten ronde. De databank kent alleen de hash van het
geheim in de link; een persoonlijke link werkt één keer, een groepslink tot de ronde sluit."""

from dataclasses import dataclass, field
from enum import StrEnum

from sqlalchemy import select

from config.programma import Programma
from config.vragenlijst import Vragenlijst
from diensten import ronde as rondewerk
from diensten.commandos import Diensten
from diensten.eenheid import laad_traject
from diensten.toegang import hash_van
from domein.model import Ronde, RondeStatus, Traject
from domein.ronde import Groepsstand
from opslag.tabellen import PartnerRij, RondeRij, ToegangRij, naar_domein


class Weigering(StrEnum):
    """Waarom een link (nu) niet werkt; het ingangspunt zegt het de bezoeker in zijn eigen woorden."""

    ONBEKEND = "onbekend"
    AL_INGEVULD = "al ingevuld"  # de persoonlijke link, of die van een collega, werd gebruikt
    RONDE_GESLOTEN = "ronde gesloten"  # ook vóór de deadline: gesloten of iedereen klaar
    VERLOPEN = "verlopen"  # de termijn van de link is voorbij
    AL_VERSTUURD = "al verstuurd"  # dit formulier (zijn kenmerk) werd al bewaard


class LinkGeweigerd(Exception):
    def __init__(self, reden: Weigering) -> None:
        super().__init__(reden.value)
        self.reden = reden


@dataclass(frozen=True, slots=True)
class Toegang:
    """Een geopende link: waar hij toegang toe geeft."""

    geheim: str = field(repr=False)  # voor de link naar een nieuw formulier; nooit in een log
    toegang_id: int
    traject_id: int
    ronde_id: int | None
    partner_id: int | None
    partner: str | None
    vragenlijst: Vragenlijst | None
    contact_id: int | None

    @property
    def persoonlijk(self) -> bool:
        return self.contact_id is not None


def openen(d: Diensten, geheim: str, soort: str) -> Toegang:
    """De toegang achter `geheim` (een link van `soort`: vragenlijst, school of rapport), of
    `LinkGeweigerd` als hij onbekend, gebruikt of afgesloten is."""
    with d.databank.transactie() as sessie:
        rij = sessie.execute(
            select(ToegangRij, PartnerRij.naam, RondeRij.status)
            .outerjoin(PartnerRij, PartnerRij.id == ToegangRij.partner_id)
            .outerjoin(RondeRij, RondeRij.id == ToegangRij.ronde_id)
            .where(ToegangRij.hash == hash_van(geheim), ToegangRij.soort == soort)
        ).one_or_none()
    if rij is None:
        raise LinkGeweigerd(Weigering.ONBEKEND)
    toegang, partner, rondestatus = rij
    if toegang.gebruikt_op is not None:
        raise LinkGeweigerd(Weigering.AL_INGEVULD)
    # Een gesloten ronde sluit haar links, ook als de klok van de engine voorliep op deze.
    if soort != "rapport" and rondestatus == RondeStatus.GESLOTEN:
        raise LinkGeweigerd(Weigering.RONDE_GESLOTEN)
    if toegang.verloopt_op <= d.klok():
        raise LinkGeweigerd(Weigering.VERLOPEN)
    return Toegang(geheim, toegang.id, toegang.traject_id, toegang.ronde_id, toegang.partner_id, partner,
                   d.vragenlijsten.get(toegang.vragenlijst), toegang.contact_id)


def schoolstand(d: Diensten, toegang: Toegang) -> tuple[Ronde, list[Groepsstand]]:
    """De ronde van een schoolpagina en de stand van de groepen van die school."""
    with d.databank.transactie() as sessie:
        traject = naar_domein(laad_traject(sessie, toegang.traject_id))
        ronde = next(r for r in traject.rondes if r.id == toegang.ronde_id)
        stand = rondewerk.stand(sessie, traject, d.programma(traject.programma), ronde, d.vragenlijsten)
    return ronde, [g for g in stand if g.partner_id == toegang.partner_id]


@dataclass(frozen=True, slots=True)
class Rapportpagina:
    rapporten: rondewerk.Rapporten
    traject: Traject
    programma: Programma


def rapporten(d: Diensten, traject_id: int, ronde_id: int) -> Rapportpagina:
    """De rapporten van een gesloten ronde (een rapportlink bestaat pas dan)."""
    with d.databank.transactie() as sessie:
        traject = naar_domein(laad_traject(sessie, traject_id))
        ronde = next(r for r in traject.rondes if r.id == ronde_id)
        programma = d.programma(traject.programma)
        return Rapportpagina(rondewerk.rapporten_van(sessie, traject, programma, ronde, d.domeinen, d.vragenlijsten),
                             traject, programma)
