"""Welke berichten een beslissing oplevert: per soort de ontvangers, hun sleutel, wat een bericht
vervangt en wat het sjabloon nodig heeft. De sleutel maakt elk bericht uniek: dezelfde beslissing
twee keer levert één bericht. Puur: de bytes maakt notificaties/, pas nadat de outbox zei welke
sleutels nieuw zijn.

Elke functie geeft de berichten van één beslissing; ze delen hun gegevens (en hun afspraak, met hen
allen als genodigden), zodat notificaties/ ze één keer invult voor de hele groep."""

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from config.programma import Programma
from domein.model import Contact, Moment, MomentStatus, Traject
from domein.scoring import Rapport
from domein.tijd import BRUSSEL
from domein.uitnodigingen import alle_contacten, ontvangers

# Berichten met een agenda-uitnodiging: een nieuwere vervangt een oudere die nog niet vertrok.
AGENDABERICHTEN = ("uitnodiging", "wijziging", "annulering")
# Berichten die een moment aankondigen: na de start, of als het gehouden of geannuleerd is, zinloos.
VOOR_HET_MOMENT = ("uitnodiging", "wijziging", "herinnering")
RONDEBERICHTEN = ("vragenlijst_uitnodiging", "vragenlijst_herinnering")
# Berichten met een link naar een vragenlijst, schoolpagina of rapport: na vertrek (of als het
# definitief mislukt) wist de outbox de inhoud, zodat de geheimen alleen in de mailbox van de
# ontvanger staan; de databank kent alleen hun hash.
MET_GEHEIM = (*RONDEBERICHTEN, "rapport", "overzicht")

# Een rondebericht met alleen persoonlijke links (geen groepslinks voor het contact van de school)
# zegt in zijn sleutel voor welke partner en vragenlijsten op naam het is: zijn die intussen
# ingevuld, dan vervalt het bij vertrek (de link zou 'Al ingevuld' openen).
_OP_NAAM = re.compile(r"^ronde-(\d+)/.*/op-naam/(\d+)/([\w,-]+)$")


def op_naam(partner_id: int, vragenlijsten: Collection[str]) -> str:
    """Het einde van de sleutel van een rondebericht met alleen persoonlijke links (zie `_OP_NAAM`)."""
    return f"/op-naam/{partner_id}/{','.join(vragenlijsten)}"


def lees_op_naam(sleutel: str) -> tuple[int, int, list[str]] | None:
    """(ronde, partner, vragenlijsten) uit zo'n sleutel; None voor elke andere sleutel."""
    gevonden = _OP_NAAM.match(sleutel)
    return (int(gevonden[1]), int(gevonden[2]), gevonden[3].split(",")) if gevonden else None


@dataclass(frozen=True, slots=True)
class Ontvanger:
    naam: str
    email: str


@dataclass(frozen=True, slots=True)
class Afspraak:
    """Een contactmoment zoals het in de agenda van de genodigden staat."""

    uid: str
    revisie: int
    titel: str
    start: datetime
    einde: datetime
    locatie: str | None
    geannuleerd: bool
    gewijzigd_op: datetime

    def __post_init__(self) -> None:
        # Zonder zone zou astimezone() de zone van de machine aannemen: stil een uur verschil.
        if any(t.tzinfo is None for t in (self.start, self.einde, self.gewijzigd_op)):
            raise ValueError(f"Afspraak {self.uid}: tijdstippen moeten een tijdzone hebben.")
        # In UTC: binnen één ZoneInfo vergelijkt Python de wandklok, en 02:00 (wintertijd) ligt
        # na 02:30 (zomertijd).
        if self.einde.astimezone(UTC) <= self.start.astimezone(UTC):
            raise ValueError(f"Afspraak {self.uid}: het einde moet na het begin liggen.")


@dataclass(frozen=True, slots=True)
class Link:
    """Een link in een bericht over een vragenlijstronde, met de stand van de groep erbij."""

    naam: str
    url: str
    stand: str | None = None


@dataclass(frozen=True, slots=True)
class Bericht:
    """Eén bericht dat een beslissing oplevert, nog zonder bytes."""

    soort: str
    aan: Ontvanger
    sleutel: str
    traject_id: int | None
    gegevens: Mapping[str, Any]  # voor het sjabloon; de naam van de ontvanger en de coördinator komen erbij
    moment_id: int | None = None
    vervangt: bool = False  # maakt wat over dat moment aan dit adres nog wacht overbodig
    afspraak: Afspraak | None = None  # de agenda-uitnodiging, met de hele groep als genodigden


def moment_gegevens(moment: Moment, naam: str, partner: str | None) -> dict[str, Any]:
    return {"naam": naam, "start": moment.start, "einde": moment.einde, "duur": moment.duur,
            "locatie": moment.locatie, "partner": partner}


def _traject(traject: Traject, programma: Programma, **extra: Any) -> dict[str, Any]:
    return {"traject": {"naam": traject.naam, "programma": programma.naam}, **extra}


def over_moment(traject: Traject, programma: Programma, moment: Moment, soort: str, nu: datetime, *,
                afzender: Ontvanger, dagen_voor: int | None = None, ronde: date | None = None,
                reden: str | None = None) -> list[Bericht]:
    """Uitnodiging, wijziging, annulering of herinnering aan wie het moment bijwoont. Een agendabericht
    draagt de afspraak (UID op het domein van de afzender) en vervangt wat over het moment nog wacht.

    `dagen_voor` is de herinnering uit het programma (en deel van de sleutel); de tekst noemt de echte
    afstand, want een herinnering schuift voor een vakantie of komt wat later. Een `ronde` is een
    herinnering die de coördinator die dag zelf liet vertrekken."""
    naam = programma.fase(moment.fase).momentsoort(moment.soort).naam
    partner = next((p.naam for p in traject.partners if p.id == moment.partner_id), None)
    agenda = soort in AGENDABERICHTEN
    afspraak = Afspraak(
        uid=f"kansrijk-moment-{moment.id}@{afzender.email.rpartition('@')[2]}",
        revisie=moment.revisie,
        titel=f"{naam} – {traject.naam}",
        start=moment.start,
        einde=moment.einde,
        locatie=moment.locatie,
        geannuleerd=moment.status == MomentStatus.GEANNULEERD,
        gewijzigd_op=nu,
    ) if agenda else None
    nog_dagen = (moment.start.astimezone(BRUSSEL).date() - nu.astimezone(BRUSSEL).date()).days
    deel = f"herinnering-ronde-{ronde}" if ronde else f"herinnering-{dagen_voor}" if dagen_voor else soort
    gegevens = _traject(traject, programma, moment=moment_gegevens(moment, naam, partner), reden=reden,
                        dagen_voor=nog_dagen)
    return [Bericht(soort, Ontvanger(c.naam, c.email), f"moment-{moment.id}/r{moment.revisie}/{deel}/{c.email}",
                    traject.id, gegevens, moment.id, agenda, afspraak)
            for c in ontvangers(traject, programma, moment)]


def nieuwe_fase(traject: Traject, programma: Programma, van: str, naar: str, nu: datetime) -> list[Bericht]:
    """Aan iedereen van het traject, met de komende momenten van de nieuwe fase."""
    komend = [
        moment_gegevens(m, programma.fase(m.fase).momentsoort(m.soort).naam, None)
        for m in traject.momenten
        if m.fase == naar and m.status == MomentStatus.GEPLAND and m.start > nu
    ]
    gegevens = _traject(traject, programma, fase={"naam": programma.fase(naar).naam},
                        vorige_fase={"naam": programma.fase(van).naam}, momenten=komend)
    return _aan_iedereen(traject, "nieuwe_fase", f"fase-{naar}", gegevens, alle_contacten(traject))


def terugkommoment(traject: Traject, programma: Programma, datum: date, coordinator: Ontvanger) -> list[Bericht]:
    """Aan iedereen van het traject en aan de coördinator."""
    gegevens = _traject(traject, programma, datum=datum)
    return _aan_iedereen(traject, "terugkommoment", "terugkommoment", gegevens,
                         [*alle_contacten(traject), coordinator])


def _aan_iedereen(traject: Traject, soort: str, deel: str, gegevens: Mapping[str, Any],
                  aan: Sequence[Contact | Ontvanger]) -> list[Bericht]:
    return [Bericht(soort, Ontvanger(c.naam, c.email), f"traject-{traject.id}/{deel}/{c.email}", traject.id, gegevens)
            for c in aan]


def vragenlijstronde(traject: Traject, programma: Programma, soort: str, sleutel: str, contact: Contact,
                     partner: str, deadline: datetime, *, persoonlijk: Sequence[Link], groepen: Sequence[Link],
                     schoolpagina: str | None) -> list[Bericht]:
    """De uitnodiging of herinnering voor een vragenlijstronde: persoonlijke links om zelf in te
    vullen, en voor het contact van de school de groepslinks (met hun stand) en de schoolpagina."""
    gegevens = _traject(traject, programma, partner=partner, deadline=deadline, persoonlijk=persoonlijk,
                        groepen=groepen, schoolpagina=schoolpagina)
    return [Bericht(soort, Ontvanger(contact.naam, contact.email), sleutel, traject.id, gegevens)]


def rapport(traject: Traject, programma: Programma, contact: Contact, titel: str, rapport_: Rapport, url: str,
            vervolg: str, sleutel: str) -> list[Bericht]:
    """Het rapport van een school (of de feedback voor het lokaal bestuur)."""
    gegevens = _traject(traject, programma, titel=titel, rapport=rapport_, url=url, vervolg=vervolg)
    return [Bericht("rapport", Ontvanger(contact.naam, contact.email), sleutel, traject.id, gegevens)]


def overzicht(traject: Traject, programma: Programma, coordinator: Ontvanger, titel: str, rapport_: Rapport,
              per_partner: Sequence[tuple[str, Rapport]], url: str, vervolg: str, sleutel: str) -> list[Bericht]:
    """Het overzicht van het hele partnerschap voor de coördinator, met het rapport per partner."""
    gegevens = _traject(traject, programma, titel=titel, rapport=rapport_, url=url, vervolg=vervolg,
                        per_partner=per_partner)
    return [Bericht("overzicht", coordinator, sleutel, traject.id, gegevens)]


def dagoverzicht(datum: date, coordinator: Ontvanger, inhoud: Mapping[str, Any]) -> list[Bericht]:
    """Het overzicht van de dag voor de coördinator: één per dag."""
    return [Bericht("dagoverzicht", coordinator, f"dagoverzicht/{datum}", None, {"datum": datum, **inhoud})]
