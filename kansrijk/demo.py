"""`kansrijk demo`: een A-Z-samenwerkingsverband en een STOS-school door hun jaar, met tijdreizen.

Gebruikt dezelfde commando's als de CLI, met een klok die de demo zelf verzet."""

from collections.abc import Callable
from datetime import datetime, timedelta

from domein.tijd import BRUSSEL
from kansrijk.commando import Commando

START = datetime(2026, 9, 14, 9, 0, tzinfo=BRUSSEL)


class Demoklok:
    def __init__(self) -> None:
        self.nu = START

    def __call__(self) -> datetime:
        return self.nu


def _moment(c: Commando, klok: Demoklok, t: int, soort: str, dagen: int, uur: int = 14, **opties) -> int:
    """Plan een moment over `dagen` dagen (op een weekdag), spring erheen en houd het."""
    start = (klok.nu + timedelta(days=dagen)).replace(hour=uur, minute=0)
    while start.weekday() >= 5:
        start += timedelta(days=1)
    m = c.moment_plannen(t, soort, start, **opties).id
    klok.nu = start + timedelta(hours=3)
    c.moment_gehouden(t, m)
    return m


def az_samenwerkingsverband(c: Commando, klok: Demoklok, meld: Callable[[str], None]) -> int:
    t = c.traject_nieuw("az", "Van Aartselaar tot Zelzate: Zelzate").id
    bestuur = c.partner_toevoegen(t, "lokaal-bestuur", "Gemeente Zelzate", "schepencollege").id
    c.partner_bevestigen(t, bestuur)
    c.contact_toevoegen(t, bestuur, "Tine Van Damme", "tine.vandamme@zelzate.be", "trekker")
    c.contact_toevoegen(t, bestuur, "Schepen Ali Yilmaz", "ali.yilmaz@zelzate.be", "schepen")
    ocmw = c.partner_toevoegen(t, "welzijnspartner", "OCMW Zelzate").id
    c.partner_bevestigen(t, ocmw)
    c.contact_toevoegen(t, ocmw, "Sara Claes", "sara.claes@ocmwzelzate.be", "welzijnswerker")
    scholen = []
    for naam, directie in [
        ("Basisschool De Vlinder", "Nathalie Peeters"),
        ("Sint-Jozefsschool", "Koen Janssens"),
        ("GO! Het Kompas", "Inge De Smet"),
        ("Klavertje Vier", "Youssef El Amrani"),
    ]:
        school = c.partner_toevoegen(t, "school", naam).id
        c.partner_bevestigen(t, school)
        adres = naam.lower().replace("!", "").replace(" ", "")
        c.contact_toevoegen(t, school, directie, f"directie@{adres}.be", "directie")
        scholen.append(school)
    _moment(c, klok, t, "infosessie", 2, uur=10)
    _moment(c, klok, t, "kennismaking", 14)
    c.volgende_fase(t)
    _moment(c, klok, t, "vormingsmoment", 21)
    c.volgende_fase(t)
    _moment(c, klok, t, "werkmoment", 30)
    c.volgende_fase(t)
    for school in scholen:
        c.moment_plannen(t, "basisvorming", (klok.nu + timedelta(days=20)).replace(hour=9), partner_id=school)
    for _ in range(3):
        _moment(c, klok, t, "werkmoment", 28)
    c.volgende_fase(t)
    _moment(c, klok, t, "synthese", 21)
    _moment(c, klok, t, "actieplan", 21)
    c.volgende_fase(t)
    meld(f"A-Z-traject {t}: fase 4 afgerond op {klok.nu:%d-%m-%Y}; het terugkommoment staat klaar.")
    return t


def stos_school(c: Commando, klok: Demoklok, meld: Callable[[str], None]) -> int:
    klok.nu = START
    t = c.traject_nieuw("stos", "STOS Sint-Lodewijkscollege").id
    school = c.partner_toevoegen(t, "school", "Sint-Lodewijkscollege").id
    c.partner_bevestigen(t, school)
    c.contact_toevoegen(t, school, "Marleen Wouters", "directie@sintlodewijks.be", "directie")
    c.volgende_fase(t)
    _moment(c, klok, t, "intakegesprek", 7)
    for naam, adres in [("Marleen Wouters", "directie@sintlodewijks.be"), ("Pieter Maes", "pieter.maes@sintlodewijks.be")]:
        c.contact_toevoegen(t, school, naam, adres, "werkgroep")
    c.volgende_fase(t)
    klok.nu += timedelta(days=30)  # de schoolfoto wordt gemaakt
    c.volgende_fase(t)
    _moment(c, klok, t, "werkgroep-1", 14)
    _moment(c, klok, t, "werkgroep-2", 40)
    c.volgende_fase(t)
    _moment(c, klok, t, "lancering", 14)
    _moment(c, klok, t, "studiedag", 60)
    c.volgende_fase(t)
    _moment(c, klok, t, "open-venstermoment", 30)
    c.volgende_fase(t)
    meld(f"STOS-traject {t}: schooljaar afgerond op {klok.nu:%d-%m-%Y}; terugkommoment volgend schooljaar.")
    return t
