"""Wie een bericht krijgt over een moment, en wanneer de herinneringen vertrekken."""

from collections.abc import Iterable
from datetime import datetime, time, timedelta

from config.programma import Programma
from domein.model import Contact, Moment, Timer, Traject
from domein.schoolkalender import vorige_schooldag
from domein.tijd import BRUSSEL

HERINNERING_UUR = time(8, 30)  # vroeg op een schooldag, vóór de lessen


def ontvangers(traject: Traject, programma: Programma, moment: Moment) -> tuple[Contact, ...]:
    """De contactpersonen met een rol die dit soort moment bijwoont; bij een moment per school alleen
    die van de school. Eén bericht per adres, ook als iemand twee rollen heeft."""
    soort = programma.fase(moment.fase).momentsoort(moment.soort)
    return _uniek(
        c
        for c in traject.contacten
        if c.rol in soort.deelnemers and not (soort.per_school and c.partner_id != moment.partner_id)
    )


def alle_contacten(traject: Traject) -> tuple[Contact, ...]:
    """Iedereen van het traject: voor een nieuwe fase of het terugkommoment."""
    return _uniek(traject.contacten)


def _uniek(contacten: Iterable[Contact]) -> tuple[Contact, ...]:
    per_adres: dict[str, Contact] = {}
    for c in contacten:
        per_adres.setdefault(c.email, c)
    return tuple(per_adres.values())


def herinneringen(programma: Programma, moment: Moment, nu: datetime) -> tuple[Timer, ...]:
    """Een timer per herinnering die nog in de toekomst valt. Valt de dag in een vakantie of een
    weekend, dan gaat de herinnering de schooldag ervoor: liever vroeger dan te laat."""
    soort = programma.fase(moment.fase).momentsoort(moment.soort)
    timers = []
    for dagen in soort.herinneringen or programma.herinneringen:
        dag = vorige_schooldag(moment.start.astimezone(BRUSSEL).date() - timedelta(days=dagen))
        vervalt = datetime.combine(dag, HERINNERING_UUR, BRUSSEL)
        if nu < vervalt < moment.start:
            timers.append(
                Timer(
                    soort="herinnering",
                    sleutel=f"moment-{moment.id}/r{moment.revisie}/herinnering-{dagen}",
                    vervalt_op=vervalt,
                    details={"moment_id": moment.id, "revisie": moment.revisie, "dagen_voor": dagen},
                )
            )
    return tuple(timers)
