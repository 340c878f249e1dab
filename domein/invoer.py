"""Invoer van de coördinator nakijken: tekst, namen, e-mailadressen en de reden bij een
overschrijving. Elke fout is een `OngeldigeInvoer` met een Nederlandse reden."""

import re

from email_validator import EmailNotValidError, validate_email

from domein.fouten import OngeldigeInvoer

MAX_NAAM = 200


def tekst(waarde: str | None, veld: str, *, verplicht: bool = True) -> str | None:
    """Eén regel tekst, zonder witruimte rondom; leeg mag alleen als het niet verplicht is."""
    schoon = " ".join((waarde or "").split())
    if not schoon:
        if verplicht:
            raise OngeldigeInvoer(f"{veld} mag niet leeg zijn.")
        return None
    if len(schoon) > MAX_NAAM:
        raise OngeldigeInvoer(f"{veld} is te lang (meer dan {MAX_NAAM} tekens).")
    return schoon


def naam_sleutel(naam: str) -> str:
    """Twee namen die alleen in hoofdletters of witruimte verschillen, zijn dezelfde partner."""
    return re.sub(r"\s+", " ", naam).casefold()


def email(adres: str) -> str:
    try:
        return validate_email(adres.strip(), check_deliverability=False).normalized
    except EmailNotValidError as fout:
        raise OngeldigeInvoer(f"Ongeldig e-mailadres '{adres}': {_email_reden(fout)}") from None


def _email_reden(fout: EmailNotValidError) -> str:
    # email-validator meldt in het Engels; de gebruiker krijgt een Nederlandse reden.
    bericht = str(fout)
    if "must have an @-sign" in bericht:
        return "er ontbreekt een @."
    if "before the @-sign" in bericht:
        return "het deel vóór de @ is leeg of bevat ongeldige tekens."
    if "after the @-sign" in bericht:
        return "het deel na de @ is geen geldig domein (bv. school.be)."
    return "het adres heeft geen geldige vorm."


def overschrijving(forceer: bool, reden: str | None) -> str | None:
    """De reden van wie een regel overschrijft: verplicht met --forceer, en alleen daarmee."""
    if forceer:
        if not tekst(reden, "De reden", verplicht=False):
            raise OngeldigeInvoer("Wie een regel overschrijft, geeft een reden (--reden).")
        return tekst(reden, "De reden")
    if reden is not None:
        raise OngeldigeInvoer("--reden hoort bij --forceer.")
    return None
