"""Tijd: alles is tijdzonebewust; invoer zonder zone geldt in Brussel, en bestaat dan ook echt.

Rekenen met een duur gebeurt in echte tijd, in UTC: met een ZoneInfo rekenen `+ timedelta`, `-` en
vergelijken binnen dezelfde zone op de wandklok, en is een tijdstip in het uur dat in de herfst twee
keer voorkomt nooit gelijk aan hetzelfde ogenblik in een andere zone (PEP 495)."""

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from domein.fouten import OngeldigeInvoer

# De tijd van de scholen: schoolkalender, deadlines, herinneringen en de tijden in de mails. Los van
# KANSRIJK_TIJDZONE, die alleen zegt in welke tijd de coördinator tijden leest en intypt (CLI, dashboard).
BRUSSEL = ZoneInfo("Europe/Brussels")
# Trajecten lopen enkele jaren; daarbuiten is een datum een tikfout, en vlak bij jaar 1 of 9999 lopen
# omrekenen en optellen (een jaar tot het terugkommoment) over de grens van datetime.
JAREN = range(2000, 2200)


def lees_tijdstip(tekst: str, zone: ZoneInfo = BRUSSEL) -> datetime:
    """'2026-12-03T14:00' (of met offset) -> een tijdstip met zone; weigert wat niet bestaat.

    Een wandkloktijd in het uur dat in de herfst twee keer voorkomt (02:00-03:00), is de eerste
    keer, nog in zomertijd (+02:00), zoals een agenda hem leest (RFC 5545); de tweede keer geeft
    een offset: 2026-10-25T02:30+01:00. Zo'n tijdstip krijgt een vaste offset, zodat het ogenblik
    vastligt, hoe er ook mee gerekend of vergeleken wordt."""
    try:
        tijdstip = datetime.fromisoformat(tekst.strip())
    except ValueError:
        raise OngeldigeInvoer(
            f"Ongeldig tijdstip '{tekst}': gebruik JJJJ-MM-DDTUU:MM, bv. 2026-12-03T14:00."
        ) from None
    _binnen_bereik(tijdstip, tekst)
    if tijdstip.tzinfo is not None:
        return tijdstip
    lokaal = tijdstip.replace(tzinfo=zone, fold=0)  # fold=0: de eerste keer van een dubbel uur
    # Bij de overgang naar zomertijd bestaat een uur niet; heen en terug via UTC toont dat.
    if lokaal.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != tijdstip:
        raise OngeldigeInvoer(
            f"Het tijdstip {tekst} bestaat niet in {zone.key}: de klok springt dan een uur vooruit."
        )
    if lokaal.utcoffset() != lokaal.replace(fold=1).utcoffset():
        return lokaal.astimezone(timezone(lokaal.utcoffset()))
    return lokaal


def na(tijdstip: datetime, duur: timedelta) -> datetime:
    """Het tijdstip `duur` later in echte tijd, in UTC (toon het met astimezone)."""
    return tijdstip.astimezone(UTC) + duur


def zomer_of_winter(tijdstip: datetime, zone: ZoneInfo = BRUSSEL) -> str:
    """' (zomertijd)' of ' (wintertijd)' voor een tijdstip in het uur dat in de herfst twee keer
    voorkomt, anders ''. Zonder dat leest '01:30–02:30 (120 minuten)' als een vergissing."""
    lokaal = tijdstip.astimezone(zone)
    if lokaal.utcoffset() == lokaal.replace(fold=1 - lokaal.fold).utcoffset():
        return ""
    return " (zomertijd)" if lokaal.dst() else " (wintertijd)"


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
