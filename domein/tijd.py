"""Tijd: alles is tijdzonebewust; invoer zonder zone geldt in Brussel, en bestaat dan ook echt."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from domein.fouten import OngeldigeInvoer

BRUSSEL = ZoneInfo("Europe/Brussels")
# Trajecten lopen enkele jaren; daarbuiten is een datum een tikfout, en vlak bij jaar 1 of 9999 lopen
# omrekenen en optellen (een jaar tot het terugkommoment) over de grens van datetime.
JAREN = range(2000, 2200)


def lees_tijdstip(tekst: str, zone: ZoneInfo = BRUSSEL) -> datetime:
    """'2026-12-03T14:00' (of met offset) -> een tijdstip met zone; weigert wat niet bestaat."""
    try:
        tijdstip = datetime.fromisoformat(tekst.strip())
    except ValueError:
        raise OngeldigeInvoer(
            f"Ongeldig tijdstip '{tekst}': gebruik JJJJ-MM-DDTUU:MM, bv. 2026-12-03T14:00."
        ) from None
    _binnen_bereik(tijdstip, tekst)
    if tijdstip.tzinfo is not None:
        return tijdstip
    lokaal = tijdstip.replace(tzinfo=zone)
    # Bij de overgang naar zomertijd bestaat een uur niet; heen en terug via UTC toont dat.
    if lokaal.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != tijdstip:
        raise OngeldigeInvoer(
            f"Het tijdstip {tekst} bestaat niet in {zone.key}: de klok springt dan een uur vooruit."
        )
    return lokaal


def lees_datum(tekst: str) -> date:
    """'2026-12-03' -> een datum."""
    try:
        dag = date.fromisoformat(tekst.strip())
    except ValueError:
        raise OngeldigeInvoer(f"Ongeldige datum '{tekst}': gebruik JJJJ-MM-DD, bv. 2026-12-03.") from None
    _binnen_bereik(dag, tekst)
    return dag


def _binnen_bereik(dag: date, tekst: str) -> None:
    if dag.year not in JAREN:
        raise OngeldigeInvoer(f"'{tekst}' valt buiten de jaren {JAREN[0]} tot {JAREN[-1]}.")
