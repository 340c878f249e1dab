"""Eén leesbare zin per gebeurtenis, voor de geschiedenis van een traject."""

from datetime import datetime
from typing import Any

from config.programma import Programma
from domein.tijd import BRUSSEL, zomer_of_winter

_ZINNEN = {
    "traject_aangemaakt": "Traject '{naam}' aangemaakt ({programma}).",
    "partner_toegevoegd": "Partner '{naam}' ({soort}) toegevoegd.",
    "partner_bevestigd": "'{naam}' bevestigde de deelname.",
    "mandaat_gegeven": "'{naam}' kreeg het mandaat {mandaat}.",
    "contact_toegevoegd": "Contactpersoon {naam} ({rol}, {email}) toegevoegd bij '{partner}'.",
    "moment_gepland": "Moment '{soort}' gepland op {start} ({duur} min).",
    "moment_verplaatst": "Moment '{soort}' verplaatst van {van} naar {naar}.",
    "moment_gehouden": "Moment '{soort}' gehouden.",
    "moment_geannuleerd": "Moment '{soort}' geannuleerd.",
    "fase_gewijzigd": "Fase {van} → {naar}.",
    "traject_gepauzeerd": "Traject gepauzeerd: {reden}",
    "traject_hervat": "Traject hervat.",
    "traject_stopgezet": "Traject stopgezet in fase {fase}: {reden}",
    "train_the_trainer_ingeschreven": "{naam} ({partner}) ingeschreven voor train-the-trainer.",
    "antwoorden_ingelezen": "{antwoorden} op {vragenlijst} ingelezen voor '{partner}'.",
    "vragenlijstlink_gemaakt": "Link naar {vragenlijst} gemaakt voor '{partner}'.",
    "ronde_geopend": "Vragenlijstronde van fase {fase} geopend, tot {deadline}.",
    "ronde_verlengd": "Vragenlijstronde verlengd van {van} tot {naar}.",
    "ronde_doelen_gezet": "Verwachte aantallen antwoorden voor '{partner}': {doelen}.",
    "ronde_gesloten": "Vragenlijstronde gesloten: {reden}.",
}
_SLUITREDENEN = {
    "deadline": "de deadline is voorbij",
    "iedereen": "alle antwoorden zijn binnen",
    "coordinator": "door de coördinator",
    "stopgezet": "het traject is stopgezet, zonder rapporten",
}
_TIJDSTIPPEN = ("start", "van", "naar", "deadline")


# Dezelfde gebeurtenis als een CSV-import, maar één antwoord uit het formulier: niet "ingelezen".
_WEBANTWOORD = "{antwoorden} op {vragenlijst} ingevuld via het webformulier voor '{partner}'."

def beschrijf(soort: str, details: dict[str, Any], programma: Programma) -> str:
    """De zin bij een gebeurtenis, met de namen van fasen en momenten uit `programma`."""
    leesbaar = {k: _tijd(v) if k in _TIJDSTIPPEN else v for k, v in details.items()}
    if soort == "fase_gewijzigd":
        leesbaar |= {k: _fasenaam(programma, details[k]) for k in ("van", "naar") if k in details}
    if "fase" in details:
        leesbaar["fase"] = _fasenaam(programma, details["fase"])
    if soort.startswith("moment_") and "soort" in details:
        leesbaar["soort"] = _momentnaam(programma, details["soort"], details.get("fase"))
    if soort == "ronde_doelen_gezet" and isinstance(details.get("doelen"), dict):
        # Gesorteerd: PostgreSQL (JSONB) bewaart de volgorde van de sleutels niet.
        leesbaar["doelen"] = ", ".join(f"{vragenlijst} {aantal}" for vragenlijst, aantal in sorted(details["doelen"].items()))
    if soort == "antwoorden_ingelezen" and isinstance(details.get("aantal"), int):
        leesbaar["antwoorden"] = aantal_antwoorden(details["aantal"])
    if soort == "ronde_gesloten" and "reden" in details:
        leesbaar["reden"] = _SLUITREDENEN.get(details["reden"], details["reden"])
    sjabloon = _WEBANTWOORD if soort == "antwoorden_ingelezen" and details.get("bron") == "web" else _ZINNEN.get(soort, soort)
    zin = sjabloon.format_map(_Leeg(leesbaar))
    if details.get("geforceerd"):
        zin += f" Geforceerd: {_zin(details.get('reden'))}"
        if overgeslagen := details.get("niet_voldaan"):
            zin += f" Niet voldaan: {'; '.join(overgeslagen)}."
    if soort == "moment_geannuleerd" and details.get("reden"):
        zin += f" Reden: {_zin(details['reden'])}"
    if soort == "train_the_trainer_ingeschreven":
        zin += " Betalend." if details.get("betalend") else " Gratis (eerste deelnemer)."
    return zin


def aantal_antwoorden(aantal: int) -> str:
    return f"{aantal} antwoord" if aantal == 1 else f"{aantal} antwoorden"


def _zin(tekst: Any) -> str:
    """Een vrije tekst van de gebruiker als zin, zodat wat erop volgt er niet aan vastplakt."""
    tekst = str(tekst or "?")
    return tekst if tekst.endswith((".", "!", "?")) else tekst + "."


# Een code die het programmabestand intussen niet meer kent, blijft als code staan.
def _fasenaam(programma: Programma, code: str) -> str:
    return next((f.naam for f in programma.fasen if f.code == code), code)


def _momentnaam(programma: Programma, soort: str, fase: str | None) -> str:
    fasen = sorted(programma.fasen, key=lambda f: f.code != fase)  # de fase van het moment eerst
    return next((m.naam for f in fasen for m in f.momenten if m.soort == soort), soort)


def _tijd(waarde: Any) -> Any:
    try:
        tijdstip = datetime.fromisoformat(waarde)
        return f"{tijdstip.astimezone(BRUSSEL):%d-%m-%Y %H:%M}{zomer_of_winter(tijdstip)}"
    except (TypeError, ValueError):
        return waarde  # een fasecode, geen tijdstip


class _Leeg(dict):
    """Een ontbrekend detail laat een leeg vakje in plaats van een fout."""

    def __missing__(self, sleutel: str) -> str:
        return "?"
