"""Eén pas van de engine, in één volgorde: vervallen timers, (de rapporten van gesloten rondes,)
versturen, (het dagoverzicht en wat het zelf klaarzette,) en (het trajectoverzicht). De flow
`engine-pas` geeft er Prefect-taken aan mee, `pas_zonder_prefect` de gewone functies; zonder
Prefect zijn er geen artefacten: de rapporten van een gesloten ronde en het trajectoverzicht volgen
bij de eerste pas met Prefect (de databank is de waarheid, Prefect alleen het venster)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from diensten.lezen.engine import TrajectMetWerk
from diensten.timers import Timerverslag
from opstart import Onderdelen
from workflows import artefacten, timers, verzenden
from workflows.verzenden import Verzendverslag


@dataclass(frozen=True, slots=True)
class Stappen:
    """Wat een pas doet, stap per stap; elke stap krijgt de onderdelen en `nu` mee."""

    timers: Callable[[Onderdelen, TrajectMetWerk, datetime], Timerverslag]  # van één traject
    versturen: Callable[[Onderdelen, datetime], Verzendverslag]
    dagoverzicht: Callable[[Onderdelen, datetime], bool]
    publiceren: Callable[[Onderdelen, int, datetime], object] | None = None  # de rapporten van één ronde
    overzicht: Callable[[Onderdelen, datetime], object] | None = None  # het trajectoverzicht bijwerken


def draai(o: Onderdelen, nu: datetime, met_dagoverzicht: bool, stappen: Stappen) -> dict[str, int]:
    """Eén pas alsof het `nu` is, met deze stappen; wat ze deed, in getallen (`pasverslag`)."""
    t = timers.alle_timers(o, nu, stappen.timers)
    if stappen.publiceren:
        for ronde_id in artefacten.te_publiceren(o):
            stappen.publiceren(o, ronde_id, nu)
    v = stappen.versturen(o, nu)
    dag = met_dagoverzicht and stappen.dagoverzicht(o, nu)  # na het versturen: het telt ook wat deze pas verstuurde
    if dag:
        v.tel_op(stappen.versturen(o, nu))
    verslag = pasverslag(t, v, dag)
    if stappen.overzicht and artefacten.trajectoverzicht_nodig(o, gewijzigd=iets_veranderd(verslag)):
        stappen.overzicht(o, nu)
    return verslag


def pasverslag(t: Timerverslag, v: Verzendverslag, dagoverzicht: bool) -> dict[str, int]:
    """Wat een pas deed, in getallen: voor de CLI, het logboek en de uitkomst van de flow run."""
    return {"timers": sum(t.uitgevoerd.values()), "vervallen": t.vervallen, "overgeslagen": t.overgeslagen,
            "dagoverzicht": int(dagoverzicht), "verzonden": v.verzonden, "later_opnieuw": v.later_opnieuw,
            "mislukt": v.mislukt, "berichten_vervallen": v.vervallen}


def iets_veranderd(verslag: dict[str, int]) -> bool:
    return any(verslag[k] for k in ("timers", "vervallen", "verzonden", "mislukt", "berichten_vervallen"))


ZONDER_PREFECT = Stappen(
    timers=timers.timers_van,
    versturen=verzenden.berichten_versturen,
    dagoverzicht=verzenden.dagoverzicht,
)


def pas_zonder_prefect(o: Onderdelen, nu: datetime, met_dagoverzicht: bool) -> dict[str, int]:
    """Dezelfde pas als de flow `engine-pas`, zonder Prefect-API."""
    return draai(o, nu, met_dagoverzicht, ZONDER_PREFECT)
