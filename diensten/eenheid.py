"""De eenheid van werk: één transactie op één traject (`Wijziging`), met het laden van het traject,
het bewaren van wat het domein besliste (`pas_toe`: de nieuwe toestand, de gebeurtenis en de
timers) en het annuleren van timers. Commando's en timers van de engine werken er allebei mee."""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from config.programma import Programma
from config.vragenlijst import Domeinen, Vragenlijst
from domein.fouten import NietGevonden, OngeldigeInvoer
from domein.model import Besluit, Gebeurtenis, Moment, Timer, TimerStatus, Traject
from domein.uitnodigingen import herinneringen
from notificaties.post import Post
from opslag.bewaren import bewaar_traject
from opslag.databank import voeg_alle_toe_tenzij_er
from opslag.tabellen import (
    ContactRij,
    GebeurtenisRij,
    InschrijvingRij,
    MomentRij,
    PartnerRij,
    RondeRij,
    TimerRij,
    TrajectRij,
)

_R = TypeVar("_R", PartnerRij, MomentRij, RondeRij)


@dataclass(frozen=True, slots=True)
class Resultaat:
    """Wat een commando teruggeeft: de id van wat nieuw is, en wat de gebruiker moet weten."""

    id: int | None = None
    gewijzigd: bool = True
    melding: str | None = None
    waarschuwingen: tuple[str, ...] = ()


def kies_programma(programmas: dict[str, Programma], code: str) -> Programma:
    try:
        return programmas[code]
    except KeyError:
        raise OngeldigeInvoer(f"Onbekend programma '{code}'; kies uit: {', '.join(programmas)}.") from None


@dataclass
class Wijziging:
    """Eén lopende transactie op één traject."""

    sessie: Session
    rij: TrajectRij
    traject: Traject
    programma: Programma
    nu: datetime
    door: str
    post: Post
    domeinen: Domeinen
    vragenlijsten: dict[str, Vragenlijst]

    def leg_vast(self, gebeurtenis: Gebeurtenis) -> None:
        leg_vast(self.sessie, self.rij.id, gebeurtenis, self.nu, self.door)

    def bewaar(self, nieuw: Traject) -> tuple[int, ...]:
        """Schrijft de nieuwe toestand die het domein besliste (status, fase, en de kinderen die
        veranderden of bijkwamen); dat is voortaan `self.traject`. Geeft de ids van de nieuwe kinderen."""
        with _gelijktijdig():
            self.traject, ids = bewaar_traject(self.sessie, self.rij, self.traject, nieuw, self.nu)
        return ids

    def pas_toe(self, besluit: Besluit, id_als: str | None = None) -> int | None:
        """Legt vast wat het domein besliste: de nieuwe toestand, de timers en de gebeurtenis. Kwam er
        een kind bij (een partner, een moment, ...), dan geeft pas_toe zijn id terug, en staat die
        als `id_als` in de gebeurtenis."""
        (nieuw_id,) = self.bewaar(besluit.traject) or (None,)
        self.plan_timers(besluit.timers)
        self.leg_vast(besluit.gebeurtenis.met(**{id_als: nieuw_id}) if id_als else besluit.gebeurtenis)
        return nieuw_id

    def voeg_toe(self, rij: PartnerRij | ContactRij | MomentRij | InschrijvingRij) -> None:
        self.sessie.add(rij)
        with _gelijktijdig():
            self.sessie.flush()

    def rij_van(self, soort: type[_R], id_: int) -> _R:
        rij = self.sessie.get(soort, id_)
        assert rij is not None and rij.traject_id == self.rij.id  # het domein controleerde dit al
        return rij

    def kondig_aan(self, moment: Moment, soort: str) -> None:
        """De uitnodiging (of wijziging) en de herinneringen die bij een gepland moment horen."""
        self.plan_timers(herinneringen(self.programma, moment, self.nu))
        self.post.over_moment(self.sessie, self.traject, self.programma, moment, soort, self.nu)

    def plan_timers(self, timers: Sequence[Timer]) -> set[str]:
        """De enige manier om timers te schrijven: wat er op zijn sleutel al is, blijft staan (dezelfde
        timer wordt nooit twee keer gepland, ook niet door twee transacties tegelijk). Geeft de
        sleutels van de nieuwe."""
        return voeg_alle_toe_tenzij_er(self.sessie, TimerRij, "sleutel", [
            {"traject_id": self.rij.id, "soort": t.soort, "sleutel": t.sleutel, "vervalt_op": t.vervalt_op,
             "status": TimerStatus.WACHTEND, "details": t.details, "moment_id": t.details.get("moment_id"),
             "aangemaakt_op": self.nu}
            for t in timers
        ])

    def annuleer_timers(self, moment_id: int | None = None, *, ronde_id: int | None = None) -> None:
        """Wat nog wacht voor het hele traject, of alleen voor één moment of één vragenlijstronde."""
        vraag = select(TimerRij).where(TimerRij.traject_id == self.rij.id, TimerRij.status == TimerStatus.WACHTEND)
        if moment_id is not None:
            vraag = vraag.where(TimerRij.moment_id == moment_id)
        for timer in self.sessie.scalars(vraag):
            if ronde_id is None or timer.details.get("ronde_id") == ronde_id:
                timer.status = TimerStatus.GEANNULEERD


@contextmanager
def _gelijktijdig() -> Iterator[None]:
    try:
        yield
    except IntegrityError:
        # Een gelijktijdig commando was ons net voor; het domein zag de dubbele nog niet.
        raise OngeldigeInvoer("Dit bestaat al in het traject (gelijktijdig toegevoegd).") from None


def leg_vast(sessie: Session, traject_id: int, g: Gebeurtenis, nu: datetime, door: str) -> None:
    sessie.add(GebeurtenisRij(traject_id=traject_id, soort=g.soort, tijdstip=nu, door=door, details=g.details))


def laad_traject(sessie: Session, traject_id: int, *, wijzigen: bool = False) -> TrajectRij:
    vraag = select(TrajectRij).where(TrajectRij.id == traject_id)
    if wijzigen:
        # PostgreSQL: wie hetzelfde traject wijzigt, wacht; SQLite doet dat al met BEGIN IMMEDIATE.
        vraag = vraag.with_for_update()
    rij = sessie.scalars(vraag).one_or_none()
    if rij is None:
        raise NietGevonden(f"Traject {traject_id} bestaat niet.")
    return rij
