"""De timers in een pas: per traject met vervallen timers het traject claimen en zijn timers
uitvoeren in één transactie. Wat een timer doet, staat in `diensten.timers`.

Veilig om te herhalen, ook door twee engines tegelijk: een traject wordt geclaimd met
`FOR UPDATE SKIP LOCKED` (op SQLite wacht een schrijver met BEGIN IMMEDIATE), en wat een timer
doet, wordt vastgelegd in dezelfde transactie als zijn nieuwe status."""

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from diensten import timers as timerwerk
from diensten.eenheid import Wijziging, laad_traject
from diensten.lezen.engine import TrajectMetWerk, trajecten_met_werk
from diensten.timers import Timerverslag
from opslag.tabellen import TrajectRij, naar_domein
from opstart import Onderdelen


def _wijziging(o: Onderdelen, sessie: Session, rij: TrajectRij, nu: datetime) -> Wijziging:
    return Wijziging(sessie, rij, naar_domein(rij), o.programmas[rij.programma], nu, "engine", o.post,
                     *o.vragenlijsten)


def timers_uitvoeren(o: Onderdelen, traject_id: int, nu: datetime) -> Timerverslag:
    """Voert de vervallen timers van één traject uit, in één transactie; slaat het traject over als
    een andere engine of een coördinator het net vasthoudt."""
    with o.databank.transactie() as sessie:
        rij = sessie.scalars(
            select(TrajectRij).where(TrajectRij.id == traject_id).with_for_update(skip_locked=True)
        ).one_or_none()
        if rij is None:
            return Timerverslag(overgeslagen=1)
        timers = sessie.scalars(timerwerk.vervallen(nu, traject_id)).all()
        return timerwerk.uitvoeren(_wijziging(o, sessie, rij, nu), timers, o.instellingen.zone)


def timers_van(o: Onderdelen, traject: TrajectMetWerk, nu: datetime) -> Timerverslag:
    """De stap van een pas zonder Prefect; de flow geeft er een getagde taak voor mee."""
    return timers_uitvoeren(o, traject.id, nu)


def alle_timers(
    o: Onderdelen, nu: datetime,
    uitvoeren: Callable[[Onderdelen, TrajectMetWerk, datetime], Timerverslag] = timers_van,
) -> Timerverslag:
    """De vervallen timers van elk traject, traject per traject, elk met `uitvoeren`."""
    totaal = Timerverslag()
    for traject in trajecten_met_werk(o.databank, nu):
        totaal.tel_op(uitvoeren(o, traject, nu))
    return totaal


def herinneringsronde(o: Onderdelen, traject_id: int, dagen: int, nu: datetime) -> int:
    """Een herinnering nu, voor elk gepland moment in de komende `dagen` dagen; één ronde per dag."""
    with o.databank.transactie() as sessie:
        rij = laad_traject(sessie, traject_id, wijzigen=True)
        return timerwerk.herinneringsronde(_wijziging(o, sessie, rij, nu), dagen, o.instellingen.zone)
