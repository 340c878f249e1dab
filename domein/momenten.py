"""De contactmomenten van een traject: plannen, verplaatsen, als gehouden noteren en annuleren.
Elk commando geeft een `Besluit` met het traject zoals het erna is; of weigert met een reden."""

from dataclasses import dataclass, replace
from datetime import datetime

from config.programma import Programma
from domein.fouten import Geweigerd, NietGevonden, OngeldigeInvoer
from domein.invoer import overschrijving, tekst
from domein.levensloop import controleer_actief, controleer_open
from domein.model import Besluit, Gebeurtenis, Moment, MomentStatus, Traject
from domein.schoolkalender import vrij
from domein.tijd import BRUSSEL
from domein.traject import partner


def moment(traject: Traject, moment_id: int) -> Moment:
    for m in traject.momenten:
        if m.id == moment_id:
            return m
    raise NietGevonden(f"Moment {moment_id} bestaat niet in traject {traject.id}.")


@dataclass(frozen=True, slots=True, kw_only=True)
class Planning(Besluit):
    """Een gepland of verplaatst moment, met een waarschuwing als het in een vrije periode valt."""

    moment: Moment
    waarschuwingen: tuple[str, ...] = ()


def _waarschuwingen(start: datetime) -> tuple[str, ...]:
    reden = vrij(start.astimezone(BRUSSEL).date())
    return (f"Let op: {start.astimezone(BRUSSEL):%d-%m-%Y} valt in een vrije periode ({reden}).",) if reden else ()


def _toekomst(start: datetime, nu: datetime) -> None:
    if start <= nu:
        raise OngeldigeInvoer(
            f"Het tijdstip {start.astimezone(BRUSSEL):%d-%m-%Y %H:%M} ligt in het verleden."
        )


def _duur(minuten: int) -> int:
    if not 1 <= minuten <= 24 * 60:
        raise OngeldigeInvoer(f"Een duur van {minuten} minuten kan niet: kies 1 tot 1440 minuten.")
    return minuten


def moment_plannen(
    traject: Traject,
    programma: Programma,
    soort: str,
    start: datetime,
    nu: datetime,
    *,
    duur: int | None = None,
    locatie: str | None = None,
    partner_id: int | None = None,
    fase: str | None = None,
) -> Planning:
    controleer_actief(traject)
    fase = fase or traject.fase
    if fase not in [f.code for f in programma.fasen]:
        raise OngeldigeInvoer(f"Het programma {programma.code} kent geen fase '{fase}'.")
    if programma.fase_index(fase) < programma.fase_index(traject.fase):
        raise OngeldigeInvoer(f"Fase '{fase}' is al voorbij; traject {traject.id} is in '{traject.fase}'.")
    definitie = programma.fase(fase).momentsoort(soort)
    if definitie is None:
        bekend = ", ".join(m.soort for m in programma.fase(fase).momenten) or "geen"
        raise OngeldigeInvoer(f"Fase '{fase}' kent geen momentsoort '{soort}'; bekend: {bekend}.")
    _toekomst(start, nu)
    duur = _duur(definitie.duur if duur is None else duur)
    if definitie.per_school:
        if partner_id is None:
            raise OngeldigeInvoer(f"Een '{definitie.naam}' is per school: geef de school (--partner).")
        if partner(traject, partner_id).soort != "school":
            raise OngeldigeInvoer(f"Een '{definitie.naam}' is voor een school; partner {partner_id} is geen school.")
    elif partner_id is not None:
        partner(traject, partner_id)
    nieuw = Moment(
        id=None,
        fase=fase,
        soort=soort,
        start=start,
        duur=duur,
        locatie=tekst(locatie, "De locatie", verplicht=False),
        partner_id=partner_id,
    )
    details = {"fase": fase, "soort": soort, "start": start.isoformat(), "duur": duur, "partner_id": partner_id}
    return Planning(traject=traject.met(nieuw), gebeurtenis=Gebeurtenis("moment_gepland", details), moment=nieuw,
                    waarschuwingen=_waarschuwingen(start))


def moment_verplaatsen(
    traject: Traject, moment_id: int, start: datetime, nu: datetime, *, duur: int | None = None
) -> Planning:
    controleer_actief(traject)
    m = moment(traject, moment_id)
    if m.status != MomentStatus.GEPLAND:
        raise Geweigerd(f"Moment {moment_id} is {m.status}; alleen een gepland moment kan verschuiven.")
    _toekomst(start, nu)
    verplaatst = replace(m, start=start, duur=_duur(m.duur if duur is None else duur), revisie=m.revisie + 1)
    details = {"moment_id": m.id, "soort": m.soort, "van": m.start.isoformat(), "naar": start.isoformat()}
    return Planning(traject=traject.met(verplaatst), gebeurtenis=Gebeurtenis("moment_verplaatst", details),
                    moment=verplaatst, waarschuwingen=_waarschuwingen(start))


def moment_gehouden(
    traject: Traject, moment_id: int, nu: datetime, *, forceer: bool = False, reden: str | None = None
) -> Besluit | None:
    """None: het moment stond al als gehouden. Een moment dat nog niet begon, kan niet gehouden zijn
    (het zou de voorwaarde van de fase vervullen); alleen met een reden, en dat staat in de geschiedenis."""
    controleer_open(traject)
    reden = overschrijving(forceer, reden)
    m = moment(traject, moment_id)
    if m.status == MomentStatus.GEHOUDEN:
        return None
    if m.status == MomentStatus.GEANNULEERD:
        raise Geweigerd(f"Moment {moment_id} is geannuleerd en kan niet gehouden zijn.")
    if m.start > nu and not forceer:
        raise Geweigerd(
            f"Moment {moment_id} begint pas op {m.start.astimezone(BRUSSEL):%d-%m-%Y %H:%M} en kan nog niet "
            "gehouden zijn. Vond het toch al plaats: --forceer --reden TEKST."
        )
    details: dict = {"moment_id": m.id, "fase": m.fase, "soort": m.soort}
    if forceer:
        details |= {"geforceerd": True, "reden": reden}
    return Besluit(traject=traject.met(replace(m, status=MomentStatus.GEHOUDEN)),
                   gebeurtenis=Gebeurtenis("moment_gehouden", details))


def moment_annuleren(traject: Traject, moment_id: int, reden: str | None) -> tuple[Moment, Besluit]:
    controleer_open(traject)
    m = moment(traject, moment_id)
    if m.status != MomentStatus.GEPLAND:
        raise Geweigerd(f"Moment {moment_id} is {m.status}; alleen een gepland moment kan geannuleerd worden.")
    reden = tekst(reden, "De reden", verplicht=False)
    weg = m.geannuleerd()
    gebeurtenis = Gebeurtenis("moment_geannuleerd", {"moment_id": m.id, "soort": m.soort, "reden": reden})
    return weg, Besluit(traject=traject.met(weg), gebeurtenis=gebeurtenis)
