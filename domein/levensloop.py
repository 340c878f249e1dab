"""De levensloop van een traject: welke statusovergangen kunnen (één tabel), en in welke status een
commando nog iets mag wijzigen. Een onmogelijke overgang wordt geweigerd, nooit geschreven."""

from dataclasses import replace

from domein.fouten import Geweigerd
from domein.model import Traject, TrajectStatus

# van -> naar: pauzeren, hervatten, stopzetten, en afronden met de laatste fase.
OVERGANGEN: dict[TrajectStatus, frozenset[TrajectStatus]] = {
    TrajectStatus.ACTIEF: frozenset({TrajectStatus.GEPAUZEERD, TrajectStatus.GESTOPT, TrajectStatus.AFGEROND}),
    TrajectStatus.GEPAUZEERD: frozenset({TrajectStatus.ACTIEF, TrajectStatus.GESTOPT}),
    TrajectStatus.GESTOPT: frozenset(),
    TrajectStatus.AFGEROND: frozenset(),
}

# Waarom een traject in deze status iets weigert: na "Traject <id> ".
_WEIGERING = {
    TrajectStatus.ACTIEF: "is niet gepauzeerd.",
    TrajectStatus.GEPAUZEERD: "is gepauzeerd; hervat het eerst.",
    TrajectStatus.GESTOPT: "is stopgezet; er verandert niets meer.",
    TrajectStatus.AFGEROND: "is afgerond; er verandert niets meer.",
}


def _weiger(traject: Traject) -> Geweigerd:
    return Geweigerd(f"Traject {traject.id} {_WEIGERING[traject.status]}")


def overgang(traject: Traject, naar: TrajectStatus) -> Traject:
    """Het traject in status `naar`, als de tabel die overgang kent."""
    if naar not in OVERGANGEN[traject.status]:
        raise _weiger(traject)
    return replace(traject, status=naar)


def controleer_open(traject: Traject) -> None:
    """Een stopgezet of afgerond traject (zonder overgangen meer) verandert niet meer."""
    if not OVERGANGEN[traject.status]:
        raise _weiger(traject)


def controleer_actief(traject: Traject) -> None:
    """Plannen en van fase wisselen kan alleen in een actief traject."""
    if traject.status != TrajectStatus.ACTIEF:
        raise _weiger(traject)
