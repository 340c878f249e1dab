"""Wat een wachtende timer betekent: wat hij zal doen, voor wie, en of hij nog gaat. De agenda, het
dagoverzicht en de engine (die een achterhaalde timer laat vervallen) lezen het hier, zodat niemand
de controles van een ander herhaalt."""

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Select, select

from config.programma import Programma
from domein.model import Moment, MomentStatus, TimerStatus, Traject, TrajectStatus
from domein.ronde import timertekst
from domein.tijd import zomer_of_winter
from domein.uitnodigingen import alle_contacten, ontvangers
from opslag.tabellen import TimerRij


def wachtende_timers(traject_ids: Collection[int], tot: datetime | None = None) -> Select:
    """De timers die nog wachten (tot `tot`), van deze trajecten, op tijd."""
    vraag = select(TimerRij).where(TimerRij.status == TimerStatus.WACHTEND, TimerRij.traject_id.in_(traject_ids))
    if tot is not None:
        vraag = vraag.where(TimerRij.vervalt_op <= tot)
    return vraag.order_by(TimerRij.vervalt_op, TimerRij.id)


def moment_van(details: dict, traject: Traject) -> Moment | None:
    return next((m for m in traject.momenten if m.id == details.get("moment_id")), None)


def vervalreden(soort: str, details: dict, traject: Traject) -> str | None:
    """Waarom een timer niets meer zal doen, of None. Een herinnering hoort bij één versie van een
    gepland moment (de commando's annuleren zulke timers al; een achtergeblevene vervalt), een
    terugkommoment niet bij een traject dat stopte of afrondde. Of het moment intussen begon en of
    de ronde nog open is, beslist de engine pas op het moment zelf."""
    if soort == "herinnering":
        moment = moment_van(details, traject)
        if moment is None:
            return f"moment {details.get('moment_id')} bestaat niet"
        if moment.status != MomentStatus.GEPLAND:
            return f"het moment is {moment.status}"
        if moment.revisie != details.get("revisie"):
            return "het moment is intussen gewijzigd"
    elif soort == "terugkommoment" and traject.status in (TrajectStatus.GESTOPT, TrajectStatus.AFGEROND):
        return f"het traject is {traject.status}"
    return None


def kort(tijdstip: datetime, zone: ZoneInfo) -> str:
    return f"{tijdstip.astimezone(zone):%d-%m-%Y %H:%M}{zomer_of_winter(tijdstip, zone)}"


def adressen(personen: list[tuple[str, str]]) -> str:
    return ", ".join(f"{naam} <{email}>" if naam else email for naam, email in personen)


@dataclass(frozen=True, slots=True)
class Timeruitleg:
    soort: str
    wat: str  # wat de timer doet, met het moment en wanneer dat is
    vervalt: str | None = None  # waarom hij niets meer zal doen
    ontvangers: list[tuple[str, str]] = field(default_factory=list)  # (naam, adres), zoals de engine ze zou kiezen

    @property
    def kort(self) -> str:
        """Voor het dagoverzicht: wat, en of hij vervalt."""
        return f"{self.wat} (vervalt: {self.vervalt})" if self.vervalt else self.wat

    @property
    def beschrijving(self) -> str:
        """Voor de agenda: ook wie de berichten krijgt."""
        if self.vervalt:
            return self.kort
        if self.ontvangers:
            return f"{self.wat} → {adressen(self.ontvangers)}"
        if self.soort in ("herinnering", "terugkommoment"):
            return f"{self.wat} (nog geen ontvangers)"
        return self.wat


def uitleg(t: TimerRij, traject: Traject, programma: Programma, zone: ZoneInfo,
           coordinator: tuple[str, str]) -> Timeruitleg:
    """Een wachtende timer en wie zijn berichten krijgt. `coordinator` is (naam, adres). Een soort
    die hier niet staat, heeft alleen haar naam, zonder ontvangers."""
    vervalt = vervalreden(t.soort, t.details, traject)
    personen: list[tuple[str, str]] = []
    if t.soort == "herinnering":
        dagen = t.details.get("dagen_voor")
        wat = f"herinnering ({dagen} {'dag' if dagen == 1 else 'dagen'} vóór)"
        if (moment := moment_van(t.details, traject)) is not None:
            soort = programma.fase(moment.fase).momentsoort(moment.soort)
            school = next((f" – {p.naam}" for p in traject.partners if p.id == moment.partner_id), "")
            wat += f" {soort.naam}{school} op {kort(moment.start, zone)}"
            if not vervalt:
                personen = [(c.naam, c.email) for c in ontvangers(traject, programma, moment)]
    elif (rondetekst := timertekst(t.soort, t.details)) is not None:
        wat = rondetekst
    elif t.soort == "terugkommoment":
        wat = "terugkommoment: vraag om het terugkommoment in te plannen"
        if not vervalt:
            personen = [(c.naam, c.email) for c in alle_contacten(traject)]
            if coordinator[1] not in {email for _, email in personen}:
                personen.append(coordinator)
    else:
        wat = t.soort
    return Timeruitleg(t.soort, wat, vervalt, personen)
