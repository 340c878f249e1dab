"""Voorwaarden om een fase te verlaten, beoordeeld op de toestand van een traject."""

from dataclasses import dataclass

from config.programma import (
    ContactMetRol,
    MandaatGegeven,
    MomentGehouden,
    MomentPerSchool,
    PartnersBevestigd,
    Programma,
    RondeGesloten,
    Voorwaarde,
)
from domein.model import PARTNERSOORT_NAMEN, MomentStatus, RondeStatus, Traject


@dataclass(frozen=True, slots=True)
class Uitkomst:
    tekst: str  # wat er moet gelden
    voldaan: bool
    stand: str  # hoe het er nu voor staat


def _aantal(n: int, enkelvoud: str, meervoud: str) -> str:
    return f"{'één' if n == 1 else n} {enkelvoud if n == 1 else meervoud}"


def beoordeel(v: Voorwaarde, traject: Traject, programma: Programma) -> Uitkomst:
    fase = programma.fase(traject.fase)
    match v:
        case PartnersBevestigd(partnersoort=soort, minimum=n):
            enkel, meer, _ = PARTNERSOORT_NAMEN[soort]
            aantal = sum(1 for p in traject.partners if p.soort == soort and p.bevestigd)
            werkwoord = "heeft zijn" if n == 1 else "hebben hun"
            return Uitkomst(
                f"Minstens {_aantal(n, enkel, meer)} {werkwoord} deelname bevestigd",
                aantal >= n,
                f"{aantal} van {n} bevestigd",
            )
        case MandaatGegeven():
            besturen = [p for p in traject.partners if p.soort == "lokaal-bestuur"]
            zonder = [p.naam for p in besturen if p.mandaat is None]
            if not besturen:
                stand = "nog geen lokaal bestuur"
            elif zonder:
                stand = "geen mandaat: " + ", ".join(zonder)
            else:
                stand = ", ".join(f"{p.naam}: {p.mandaat}" for p in besturen)
            return Uitkomst(
                "Het lokaal bestuur heeft een mandaat (diensthoofd of schepencollege)",
                bool(besturen) and not zonder,
                stand,
            )
        case ContactMetRol(rol=rol, partnersoort=soort, minimum=n):
            partners = {p.id for p in traject.partners if soort is None or p.soort == soort}
            aantal = sum(1 for c in traject.contacten if c.rol == rol and c.partner_id in partners)
            bij = f" bij {PARTNERSOORT_NAMEN[soort][2]}" if soort else ""
            return Uitkomst(
                f"Minstens {_aantal(n, 'contactpersoon', 'contactpersonen')} met de rol {rol}{bij}",
                aantal >= n,
                f"{aantal} van {n}",
            )
        case MomentGehouden(moment=soort, minimum=n):
            naam = fase.momentsoort(soort).naam
            aantal = sum(
                1
                for m in traject.momenten
                if m.fase == traject.fase and m.soort == soort and m.status == MomentStatus.GEHOUDEN
            )
            tekst = f"'{naam}' is gehouden" if n == 1 else f"Minstens {n} keer '{naam}' gehouden"
            return Uitkomst(tekst, aantal >= n, f"{aantal} van {n} gehouden")
        case MomentPerSchool(moment=soort):
            naam = fase.momentsoort(soort).naam
            gepland = {
                m.partner_id
                for m in traject.momenten
                if m.fase == traject.fase and m.soort == soort and m.status != MomentStatus.GEANNULEERD
            }
            scholen = [p for p in traject.partners if p.soort == "school" and p.bevestigd]
            zonder = [p.naam for p in scholen if p.id not in gepland]
            stand = "ontbreekt voor " + ", ".join(zonder) if zonder else f"{len(scholen)} van {len(scholen)}"
            return Uitkomst(f"Voor elke bevestigde school is een '{naam}' gepland", not zonder, stand)
        case RondeGesloten():
            ronde = next((r for r in traject.rondes if r.fase == traject.fase), None)
            stand = ronde.toestand if ronde else "nog niet geopend"
            return Uitkomst("De vragenlijstronde is gesloten en de rapporten zijn verstuurd",
                            ronde is not None and ronde.status == RondeStatus.GESLOTEN, stand)
    raise AssertionError(f"onbekende voorwaarde {v!r}")  # het schema laat geen andere toe


def voorwaarden(traject: Traject, programma: Programma) -> list[Uitkomst]:
    """De voorwaarden om de huidige fase te verlaten."""
    return [beoordeel(v, traject, programma) for v in programma.fase(traject.fase).voorwaarden]
