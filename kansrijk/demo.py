"""`kansrijk demo`: een A-Z-samenwerkingsverband en een STOS-school door hun jaar, met tijdreizen.

Gebruikt dezelfde commando's als de CLI, met een klok die de demo zelf verzet; op elk tijdstip
waarop een timer vervalt, doet de engine een pas (de flow engine-pas), zodat de uitnodigingen,
herinneringen en terugkommomenten vertrekken zoals ze in het echt zouden doen."""

import random
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import func, select

from diensten.commandos import Diensten
from diensten.eenheid import laad_traject
from domein.antwoorden import kolommen
from domein.ronde import huidige
from domein.tijd import BRUSSEL
from opslag.databank import Databank
from opslag.tabellen import TimerRij, naar_domein

START = datetime(2026, 9, 14, 9, 0, tzinfo=BRUSSEL)


class Demoklok:
    def __init__(self) -> None:
        self.nu = START

    def __call__(self) -> datetime:
        return self.nu


class Tijdreis:
    """Laat de engine een pas doen nu, op elk tijdstip tot `tot` waarop een timer vervalt, en op
    `tot` zelf: zo draagt elk bericht (Date) het tijdstip waarop een echte engine het verstuurde."""

    def __init__(self, klok: Demoklok, databank: Databank, pas: Callable[[datetime], object]) -> None:
        self.klok, self.databank, self.pas = klok, databank, pas

    def __call__(self, tot: datetime) -> None:
        self.pas(self.klok.nu)  # eerst nu: wat het laatste commando klaarzette, vertrekt meteen (zoals de engine om de 30 s)
        while (volgende := self._eerste_timer(tot)) is not None:
            self.klok.nu = max(self.klok.nu, volgende)
            self.pas(self.klok.nu)
        self.klok.nu = max(self.klok.nu, tot)
        self.pas(self.klok.nu)

    def tot_de_laatste_timer(self) -> None:
        """Naar het laatste wat klaarstaat: de terugkommomenten, een jaar verder."""
        with self.databank.transactie() as sessie:
            laatste = sessie.scalar(select(func.max(TimerRij.vervalt_op)).where(TimerRij.status == "wachtend"))
        if laatste is not None:
            self(laatste)

    def _eerste_timer(self, tot: datetime) -> datetime | None:
        with self.databank.transactie() as sessie:
            return sessie.scalar(
                select(func.min(TimerRij.vervalt_op)).where(TimerRij.status == "wachtend", TimerRij.vervalt_op <= tot)
            )


def _moment(c: Diensten, reis: Tijdreis, t: int, soort: str, dagen: int, uur: int = 14, **opties) -> int:
    """Plan een moment over `dagen` dagen (op een weekdag), reis erheen en houd het."""
    start = (reis.klok.nu + timedelta(days=dagen)).replace(hour=uur, minute=0)
    while start.weekday() >= 5:
        start += timedelta(days=1)
    m = c.moment_plannen(t, soort, start, **opties).id
    reis(start + timedelta(hours=3))
    c.moment_gehouden(t, m)
    return m


def _antwoorden(c: Diensten, t: int, partner: int, vragenlijst: str, aantal: int) -> None:
    """Antwoorden zoals een school ze uit een ander programma als CSV aanlevert (vaste toevalsbron)."""
    lijst = c.vragenlijsten[vragenlijst]
    kans = random.Random(f"{t}/{partner}/{vragenlijst}")
    rijen = [",".join(kolommen(lijst))] + [
        ",".join([str(kans.choice((1, 2, 3, 3, 4, 4, 4, 5))) for _ in lijst.items] + [""] * len(lijst.domeinen))
        for _ in range(aantal)
    ]
    c.csv_inlezen(t, partner, lijst, "\n".join(rijen))


def _tot_de_ronde_sluit(c: Diensten, reis: Tijdreis, t: int) -> None:
    """De engine sluit de ronde op de deadline en stuurt de rapporten."""
    with c.databank.transactie() as sessie:
        deadline = huidige(naar_domein(laad_traject(sessie, t))).deadline
    reis(max(reis.klok.nu, deadline))


def az_samenwerkingsverband(c: Diensten, reis: Tijdreis, meld: Callable[[str], None]) -> int:
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
    _moment(c, reis, t, "infosessie", 2, uur=10)
    _moment(c, reis, t, "kennismaking", 14)
    c.volgende_fase(t)  # fase 1: de Selfie-vragenlijsten gaan uit
    reis(reis.klok.nu + timedelta(days=3))  # de antwoorden komen een paar dagen later binnen
    for school in scholen:
        _antwoorden(c, t, school, "az-school", 2)
    _antwoorden(c, t, bestuur, "az-lokaal-bestuur", 1)
    _moment(c, reis, t, "vormingsmoment", 21)
    _tot_de_ronde_sluit(c, reis, t)
    c.volgende_fase(t)
    _moment(c, reis, t, "werkmoment", 30)
    c.volgende_fase(t)
    for school in scholen:
        c.moment_plannen(t, "basisvorming", (reis.klok.nu + timedelta(days=20)).replace(hour=9), partner_id=school)
    for _ in range(3):
        _moment(c, reis, t, "werkmoment", 28)
    c.volgende_fase(t)
    _moment(c, reis, t, "synthese", 21)
    _moment(c, reis, t, "actieplan", 21)
    c.volgende_fase(t)
    meld(f"A-Z-traject {t}: fase 4 afgerond op {reis.klok.nu:%d-%m-%Y}; het terugkommoment staat klaar.")
    return t


def stos_school(c: Diensten, reis: Tijdreis, meld: Callable[[str], None]) -> int:
    reis.klok.nu = START  # hetzelfde schooljaar als het A-Z-traject
    t = c.traject_nieuw("stos", "STOS Sint-Lodewijkscollege").id
    school = c.partner_toevoegen(t, "school", "Sint-Lodewijkscollege").id
    c.partner_bevestigen(t, school)
    c.contact_toevoegen(t, school, "Marleen Wouters", "directie@sintlodewijks.be", "directie")
    c.volgende_fase(t)
    _moment(c, reis, t, "intakegesprek", 7)
    for naam, adres in [("Marleen Wouters", "directie@sintlodewijks.be"), ("Pieter Maes", "pieter.maes@sintlodewijks.be")]:
        c.contact_toevoegen(t, school, naam, adres, "werkgroep")
    c.volgende_fase(t)  # de schoolfoto: vragenlijsten voor werkgroep, leerkrachten, ouders en leerlingen
    c.ronde_doelen(t, school, {"stos-leerkrachten": 30, "stos-ouders": 200, "stos-leerlingen": 150})
    reis(reis.klok.nu + timedelta(days=3))
    for lijst, aantal in [("stos-werkgroep", 1), ("stos-leerkrachten", 22), ("stos-ouders", 64), ("stos-leerlingen", 90)]:
        _antwoorden(c, t, school, lijst, aantal)
    _tot_de_ronde_sluit(c, reis, t)
    c.volgende_fase(t)
    _moment(c, reis, t, "werkgroep-1", 14)
    _moment(c, reis, t, "werkgroep-2", 40)
    c.volgende_fase(t)
    _moment(c, reis, t, "lancering", 14)
    _moment(c, reis, t, "studiedag", 60)
    c.volgende_fase(t)
    _moment(c, reis, t, "open-venstermoment", 30)
    c.volgende_fase(t)
    meld(f"STOS-traject {t}: schooljaar afgerond op {reis.klok.nu:%d-%m-%Y}; terugkommoment volgend schooljaar.")
    return t
