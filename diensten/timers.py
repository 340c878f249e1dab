"""Wat een vervallen timer doet, binnen de `Wijziging` van zijn traject: een herinnering, het
terugkommoment, een herinnering of het sluiten van een vragenlijstronde. Wat een timer nog zinvol
maakt, staat in `diensten.lezen.timers` (de agenda leest het ook); de engine claimt het traject en
roept `uitvoeren` aan (`workflows.timers`)."""

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Select, select

from diensten import ronde as rondewerk
from diensten.eenheid import Wijziging
from diensten.lezen.timers import moment_van, vervalreden
from domein.levensloop import controleer_open
from domein.model import MomentStatus, Ronde, RondeStatus, TimerStatus
from domein.ronde import iedereen_klaar
from notificaties.outbox import Klaar, zet_alle_klaar
from opslag.tabellen import TimerRij


@dataclass(slots=True)
class Timerverslag:
    uitgevoerd: Counter = field(default_factory=Counter)  # per soort
    vervallen: int = 0  # het moment verschoof, werd geannuleerd of is voorbij
    berichten: int = 0
    overgeslagen: int = 0  # trajecten die een andere engine of een coördinator net vasthad

    def tel_op(self, ander: "Timerverslag") -> None:
        self.uitgevoerd += ander.uitgevoerd
        self.vervallen += ander.vervallen
        self.berichten += ander.berichten
        self.overgeslagen += ander.overgeslagen


def _herinnering(w: Wijziging, timer: TimerRij, zone: ZoneInfo) -> list[Klaar] | None:
    """De berichten voor een herinnering (klaargezet met die van de andere timers van het traject),
    of None als het moment verschoof, weg is of voorbij."""
    moment = moment_van(timer.details, w.traject)
    if vervalreden(timer.soort, timer.details, w.traject) or moment.start <= w.nu:
        return None
    return w.post.berichten_over_moment(w.traject, w.programma, moment, "herinnering", w.nu,
                                        dagen_voor=timer.details["dagen_voor"])


def _terugkommoment(w: Wijziging, timer: TimerRij, zone: ZoneInfo) -> int | None:
    if vervalreden(timer.soort, timer.details, w.traject):
        return None
    return w.post.terugkommoment(w.sessie, w.traject, w.programma, timer.vervalt_op.astimezone(zone).date(), w.nu)


def _open_ronde(w: Wijziging, timer: TimerRij) -> Ronde | None:
    """De ronde van de timer, als ze nog open is en (voor een timer op de deadline) niet verlengd werd."""
    ronde = next((r for r in w.traject.rondes if r.id == timer.details["ronde_id"]), None)
    if ronde is None or ronde.status != RondeStatus.OPEN:  # ook stopzetten sluit de ronde
        return None
    if "deadline" in timer.details and datetime.fromisoformat(timer.details["deadline"]) != ronde.deadline:
        return None
    return ronde


def _rondeherinnering(w: Wijziging, timer: TimerRij, zone: ZoneInfo) -> int | None:
    ronde = _open_ronde(w, timer)
    if ronde is None or ronde.deadline <= w.nu:  # te laat (de engine lag stil): de ronde sluit nu
        return None
    return rondewerk.herinneren(w, ronde, timer.details["dagen_voor"])


def _ronde_sluiten(w: Wijziging, timer: TimerRij, zone: ZoneInfo) -> int | None:
    ronde = _open_ronde(w, timer)
    if ronde is None:
        return None
    reden = timer.details.get("reden", "deadline")
    # Iedereen klaar bij het laatste antwoord, maar intussen kan een school haar doel verhoogd hebben.
    if reden == "iedereen" and not iedereen_klaar(rondewerk.stand(w.sessie, w.traject, w.programma, ronde,
                                                                  w.vragenlijsten)):
        return None
    return rondewerk.sluiten(w, reden)


# Wat elke soort timer doet: None (de timer vervalt), het aantal berichten dat hij klaarzette, of de
# berichten die hij oplevert; die gaan voor het hele traject samen in één INSERT. Een soort die hier
# niet staat, laat de engine liggen.
UITVOERDERS: dict[str, Callable[[Wijziging, TimerRij, ZoneInfo], int | list[Klaar] | None]] = {
    "herinnering": _herinnering,
    "terugkommoment": _terugkommoment,
    "ronde-herinnering": _rondeherinnering,
    "ronde-sluiten": _ronde_sluiten,
}


def vervallen(nu: datetime, traject_id: int | None = None) -> Select:
    """De vervallen timers die de engine kan uitvoeren, van alle trajecten of van één. Voor één
    traject houdt `status || ''` SQLite (dat zonder statistieken plant) weg van de index op (status,
    vervalt_op): daarmee las het per traject de vervallen timers van álle trajecten, kwadratisch in
    een pas met veel trajecten; via traject_id zijn het er een paar."""
    waar = (TimerRij.vervalt_op <= nu, TimerRij.soort.in_(UITVOERDERS))
    if traject_id is None:
        return select(TimerRij).where(TimerRij.status == TimerStatus.WACHTEND, *waar)
    return (
        select(TimerRij)
        .where(TimerRij.traject_id == traject_id, TimerRij.status + "" == TimerStatus.WACHTEND, *waar)
        .order_by(TimerRij.vervalt_op)
    )


def uitvoeren(w: Wijziging, timers: Sequence[TimerRij], zone: ZoneInfo) -> Timerverslag:
    """Voert de vervallen timers van het traject van `w` uit en legt hun nieuwe status vast."""
    verslag = Timerverslag()
    ingehaald = _ingehaald(timers)
    klaar: list[Klaar] = []
    for timer in timers:
        if timer.status != TimerStatus.WACHTEND:
            continue  # een eerdere timer van deze pas annuleerde hem (de ronde sloot al)
        berichten = None if timer in ingehaald else UITVOERDERS[timer.soort](w, timer, zone)
        timer.uitgevoerd_op = w.nu
        if berichten is None:
            timer.status = TimerStatus.VERVALLEN
            verslag.vervallen += 1
        else:
            timer.status = TimerStatus.UITGEVOERD
            verslag.uitgevoerd[timer.soort] += 1
            if isinstance(berichten, list):
                klaar += berichten
            else:
                verslag.berichten += berichten
    # Zonder autoflush (zet_alle_klaar schrijft op de verbinding): de nieuwe status van alle timers
    # gaat bij de commit samen in één executemany-UPDATE.
    verslag.berichten += len(zet_alle_klaar(w.sessie, klaar, w.nu))
    return verslag


# Herinneringen, en wat ze tot één reeks maakt: hetzelfde moment (en revisie), dezelfde ronde (en deadline).
_REEKS = {"herinnering": ("moment_id", "revisie"), "ronde-herinnering": ("ronde_id", "deadline")}


def _ingehaald(timers: Sequence[TimerRij]) -> list[TimerRij]:
    """Herinneringen die te laat komen omdat ook een kortere uit dezelfde reeks vervallen is (de
    engine lag stil): alleen de laatste gaat, geen storm van herinneringen."""
    kortste: dict[tuple, TimerRij] = {}
    for t in timers:
        if t.soort in _REEKS:
            sleutel = (t.soort, *(t.details[veld] for veld in _REEKS[t.soort]))
            if sleutel not in kortste or t.details["dagen_voor"] < kortste[sleutel].details["dagen_voor"]:
                kortste[sleutel] = t
    return [t for t in timers if t.soort in _REEKS and t not in kortste.values()]


def herinneringsronde(w: Wijziging, dagen: int, zone: ZoneInfo) -> int:
    """Een herinnering nu, voor elk gepland moment in de komende `dagen` dagen; één ronde per dag."""
    controleer_open(w.traject)
    ronde = w.nu.astimezone(zone).date()
    return sum(
        w.post.over_moment(w.sessie, w.traject, w.programma, m, "herinnering", w.nu, ronde=ronde)
        for m in w.traject.momenten
        if m.status == MomentStatus.GEPLAND and w.nu < m.start <= w.nu + timedelta(days=dagen)
    )
