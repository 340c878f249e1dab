"""Vlaamse schoolkalender (kleuter-, lager en secundair onderwijs): vakanties en vrije dagen.

Contactmomenten en herinneringen mogen niet op een weekend, schoolvakantie of vrije dag vallen.

Regels (besluit van de Vlaamse Regering van 17 april 1991, basisonderwijs; idem art. 7 van het
besluit van 31 augustus 2001, secundair onderwijs; samengevat op vlaanderen.be, "Schoolvakanties
en vrije dagen op school"):

- schooljaar: 1 september tot en met 31 augustus;
- herfstvakantie: 1 week vanaf de maandag van de week met 1 november (1 november op zondag: 2 nov.);
- kerstvakantie: 2 weken vanaf de maandag van de week met 25 december (25 december in het weekend:
  de maandag erna);
- krokusvakantie: 1 week vanaf de 7de maandag voor Pasen;
- paasvakantie: 2 weken vanaf de 1ste maandag van april; Pasen in maart: vanaf de maandag na
  Pasen; Pasen na 15 april: vanaf de 2de maandag voor Pasen, verlengd met paasmaandag;
- vrije dagen: 11 november, paasmaandag, 1 mei, Hemelvaart en de dag erna, pinkstermaandag;
- zomervakantie: 1 juli tot en met 31 augustus.

De Franse Gemeenschap hervormde haar kalender vanaf 2022-2023 (herfst- en krokusvakantie van twee
weken, start eind augustus); Vlaanderen níét: de gepubliceerde Vlaamse data voor 2022-2023 tot en
met 2025-2026 volgen nog exact deze regels. Ze gelden hier dus voor elk schooljaar. Afwijkingen
die de minister per omzendbrief toestaat (zoals de coronaverlenging van de herfstvakantie 2020)
en de vrije dagen die een school zelf kiest (facultatieve verlofdagen, pedagogische studiedagen)
kent deze module niet.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from dateutil.easter import easter

_DAG = timedelta(days=1)
_WEEK = timedelta(weeks=1)


@dataclass(frozen=True, slots=True)
class Vakantie:
    naam: str
    van: date  # inbegrepen
    tot: date  # inbegrepen

    def __contains__(self, dag: date) -> bool:
        return self.van <= dag <= self.tot


def schooljaar_van(dag: date) -> int:
    """Het beginjaar van het schooljaar met `dag`: het wettelijke schooljaar loopt van
    1 september tot en met 31 augustus, dus 31 augustus 2026 hoort bij 2025 (2025-2026)."""
    return dag.year if dag.month >= 9 else dag.year - 1


def _maandag_van_week(dag: date) -> date:
    return dag - dag.weekday() * _DAG


def _herfstvakantie(jaar: int) -> Vakantie:
    allerheiligen = date(jaar, 11, 1)
    if allerheiligen.weekday() == 6:
        # Op zondag hoort 1 november bij de week ervoor; de regel kiest dan toch de week erna.
        begin = allerheiligen + _DAG
    else:
        begin = _maandag_van_week(allerheiligen)
    return Vakantie("herfstvakantie", begin, begin + _WEEK - _DAG)


def _kerstvakantie(jaar: int) -> Vakantie:
    kerstdag = date(jaar, 12, 25)
    if kerstdag.weekday() >= 5:
        begin = kerstdag + (7 - kerstdag.weekday()) * _DAG
    else:
        begin = _maandag_van_week(kerstdag)
    return Vakantie("kerstvakantie", begin, begin + 2 * _WEEK - _DAG)


def _paasvakantie(pasen: date) -> Vakantie:
    if pasen.month == 3:
        begin = pasen + _DAG
    elif pasen.day > 15:
        begin = pasen - 13 * _DAG  # de 2de maandag voor Pasen
    else:
        eerste_april = date(pasen.year, 4, 1)
        begin = eerste_april + (-eerste_april.weekday() % 7) * _DAG
    # Paasmaandag valt altijd in de twee weken of de dag erna (Pasen na 15 april, of Pasen op
    # 14-15 april als 1-2 april een maandag is); dan verlengt ze de vakantie, zoals de overheid
    # het publiceert ("7 tot en met maandag 21 april 2025").
    return Vakantie("paasvakantie", begin, max(begin + 2 * _WEEK - _DAG, pasen + _DAG))


def _dag(naam: str, dag: date) -> Vakantie:
    return Vakantie(naam, dag, dag)


@cache
def vakanties(schooljaar: int) -> tuple[Vakantie, ...]:
    """Alle vakanties en vrije dagen van schooljaar `schooljaar`-`schooljaar + 1`, gesorteerd.

    Paasmaandag zit altijd in de paasvakantie en staat er dus niet apart in. Enkel wanneer
    twee feestdagen samenvallen (1 mei = Hemelvaart, bv. in 2008) overlappen twee items.
    """
    volgend = schooljaar + 1
    pasen = easter(volgend)
    hemelvaart = pasen + 39 * _DAG
    alle = [
        _herfstvakantie(schooljaar),
        _dag("Wapenstilstand", date(schooljaar, 11, 11)),
        _kerstvakantie(schooljaar),
        Vakantie("krokusvakantie", pasen - 48 * _DAG, pasen - 42 * _DAG),
        _paasvakantie(pasen),
        _dag("Dag van de Arbeid", date(volgend, 5, 1)),
        _dag("Hemelvaart", hemelvaart),
        _dag("brugdag na Hemelvaart", hemelvaart + _DAG),
        _dag("Pinkstermaandag", pasen + 50 * _DAG),
        Vakantie("zomervakantie", date(volgend, 7, 1), date(volgend, 8, 31)),
    ]
    return tuple(sorted(alle, key=lambda v: (v.van, v.tot, v.naam)))


def _vakantie_op(dag: date) -> Vakantie | None:
    return next((v for v in vakanties(schooljaar_van(dag)) if dag in v), None)


def vrij(dag: date) -> str | None:
    """Waarom er op `dag` geen school is: de naam van de vakantie of vrije dag, anders "weekend";
    None op een schooldag. De vakantie gaat voor op het weekend: "kerstvakantie" zegt meer."""
    vakantie = _vakantie_op(dag)
    if vakantie is not None:
        return vakantie.naam
    return "weekend" if dag.weekday() >= 5 else None


def volgende_schooldag(dag: date) -> date:
    """`dag` zelf als dat een schooldag is, anders de eerste schooldag erna."""
    while (vakantie := _vakantie_op(dag)) is not None or dag.weekday() >= 5:
        # Over een hele vakantie springen in één keer, niet dag per dag.
        dag = vakantie.tot + _DAG if vakantie is not None else dag + _DAG
    return dag


def vorige_schooldag(dag: date) -> date:
    """`dag` zelf als dat een schooldag is, anders de laatste schooldag ervoor."""
    while vrij(dag):
        dag -= _DAG
    return dag
