"""De toestand van een traject, zoals het domein hem ziet: onveranderlijke waarden zonder I/O."""

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from domein.tijd import BRUSSEL, na


class TrajectStatus(StrEnum):
    ACTIEF = "actief"
    GEPAUZEERD = "gepauzeerd"
    GESTOPT = "gestopt"
    AFGEROND = "afgerond"


class MomentStatus(StrEnum):
    GEPLAND = "gepland"
    GEHOUDEN = "gehouden"
    GEANNULEERD = "geannuleerd"


class TimerStatus(StrEnum):
    """Een timer wacht tot hij vervalt en wordt dan eenmaal uitgevoerd, of vervalt ongebruikt (zijn
    traject is gestopt of afgerond); een commando kan hem eerder annuleren."""

    WACHTEND = "wachtend"
    UITGEVOERD = "uitgevoerd"
    VERVALLEN = "vervallen"
    GEANNULEERD = "geannuleerd"


class BerichtStatus(StrEnum):
    """Een bericht in de outbox: wachtend tot het vertrekt (of na een mislukte poging opnieuw
    probeert), vervangen door een nieuwer bericht over hetzelfde moment, of vervallen omdat het
    bij vertrek niet meer klopt."""

    WACHTEND = "wachtend"
    VERZONDEN = "verzonden"
    MISLUKT = "mislukt"
    VERVANGEN = "vervangen"
    VERVALLEN = "vervallen"


# enkelvoud, meervoud, met lidwoord
PARTNERSOORT_NAMEN = {
    "school": ("school", "scholen", "de school"),
    "lokaal-bestuur": ("lokaal bestuur", "lokale besturen", "het lokaal bestuur"),
    "welzijnspartner": ("welzijnspartner", "welzijnspartners", "de welzijnspartner"),
}


@dataclass(frozen=True, slots=True)
class Partner:
    id: int | None
    soort: str
    naam: str
    bevestigd_op: datetime | None = None
    mandaat: str | None = None

    @property
    def bevestigd(self) -> bool:
        return self.bevestigd_op is not None


@dataclass(frozen=True, slots=True)
class Contact:
    id: int | None
    partner_id: int
    naam: str
    email: str
    rol: str


@dataclass(frozen=True, slots=True)
class Moment:
    id: int | None
    fase: str
    soort: str
    start: datetime
    duur: int  # minuten
    status: MomentStatus = MomentStatus.GEPLAND
    locatie: str | None = None
    partner_id: int | None = None
    # Stijgt bij elke wijziging: de SEQUENCE van de agenda-uitnodiging.
    revisie: int = 0

    @property
    def einde(self) -> datetime:
        """Start plus duur in echte tijd, in UTC: 120 minuten vanaf 01:30 in de nacht van de
        wintertijd eindigen om de tweede 02:30 (01:30 UTC), hoe de start ook binnenkwam (in UTC uit
        de databank of in Brussel uit een commando)."""
        return na(self.start, timedelta(minutes=self.duur))

    def geannuleerd(self) -> "Moment":
        """Het moment gaat niet door; de agenda-uitnodiging krijgt een nieuwe revisie."""
        return replace(self, status=MomentStatus.GEANNULEERD, revisie=self.revisie + 1)


@dataclass(frozen=True, slots=True)
class Inschrijving:
    """Een inschrijving voor de train-the-trainer: de eerste per partner is gratis."""

    id: int | None
    partner_id: int
    naam: str
    email: str
    betalend: bool


class RondeStatus(StrEnum):
    OPEN = "open"
    GESLOTEN = "gesloten"


@dataclass(frozen=True, slots=True)
class Ronde:
    """Een vragenlijstronde: opent met een fase (Selfie, schoolfoto) en sluit op de deadline, als
    iedereen antwoordde, of als de coördinator ze sluit."""

    id: int | None
    fase: str
    geopend_op: datetime
    deadline: datetime
    status: RondeStatus = RondeStatus.OPEN
    # "partner_id/vragenlijst" -> hoeveel antwoorden de school verwacht van een anonieme groep
    doelen: Mapping[str, int] = field(default_factory=dict)

    @staticmethod
    def doelsleutel(partner_id: int, vragenlijst: str) -> str:
        return f"{partner_id}/{vragenlijst}"

    @property
    def deadline_tekst(self) -> str:
        """'04-01-2027 18:00', in Brussel: voor meldingen, voorwaarden en het trajectoverzicht."""
        return f"{self.deadline.astimezone(BRUSSEL):%d-%m-%Y %H:%M}"

    @property
    def toestand(self) -> str:
        """'open tot 04-01-2027 18:00' of 'gesloten': in de voorwaarden en het trajectoverzicht."""
        return f"open tot {self.deadline_tekst}" if self.status == RondeStatus.OPEN else "gesloten"

    @property
    def stempel(self) -> str:
        """De deadline in sleutels van timers en berichten: wie verlengt, krijgt nieuwe."""
        return f"{self.deadline.astimezone(BRUSSEL):%Y%m%dT%H%M}"


@dataclass(frozen=True, slots=True)
class Traject:
    id: int | None
    programma: str
    naam: str
    fase: str
    status: TrajectStatus = TrajectStatus.ACTIEF
    partners: tuple[Partner, ...] = ()
    contacten: tuple[Contact, ...] = ()
    momenten: tuple[Moment, ...] = ()
    inschrijvingen: tuple[Inschrijving, ...] = ()
    rondes: tuple[Ronde, ...] = ()

    def met(self, *kinderen: "Partner | Contact | Moment | Inschrijving | Ronde") -> "Traject":
        """Dit traject met deze partners, contacten, momenten, inschrijvingen of rondes: een kind met
        een id vervangt het kind met die id, een nieuw kind (zonder id) komt achteraan."""
        uit = self
        for kind in kinderen:
            veld = _KINDEREN[type(kind)]
            oud = getattr(uit, veld)
            nieuw = (*oud, kind) if kind.id is None else tuple(kind if k.id == kind.id else k for k in oud)
            uit = replace(uit, **{veld: nieuw})
        return uit


_KINDEREN = {Partner: "partners", Contact: "contacten", Moment: "momenten", Inschrijving: "inschrijvingen",
             Ronde: "rondes"}


@dataclass(frozen=True, slots=True)
class Gebeurtenis:
    """Wat er gebeurde; tijdstip en auteur voegt de opslag toe bij het vastleggen."""

    soort: str
    details: dict[str, Any] = field(default_factory=dict)

    def met(self, **extra: Any) -> "Gebeurtenis":
        return replace(self, details=self.details | extra)


@dataclass(frozen=True, slots=True)
class Timer:
    """Werk voor later: een rij in de databank die de engine eenmaal uitvoert."""

    soort: str
    sleutel: str  # uniek: dezelfde timer wordt nooit twee keer gepland
    vervalt_op: datetime
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class Besluit:
    """Wat het domein over een commando beslist: de nieuwe toestand van het traject, de gebeurtenis
    voor het logboek en de timers die volgen. De dienstlaag bewaart het zoals het is."""

    traject: Traject
    gebeurtenis: Gebeurtenis
    timers: tuple[Timer, ...] = ()

    # Een besluit leest als zijn gebeurtenis: wat er gebeurde, met welke details.
    @property
    def soort(self) -> str:
        return self.gebeurtenis.soort

    @property
    def details(self) -> dict[str, Any]:
        return self.gebeurtenis.details
