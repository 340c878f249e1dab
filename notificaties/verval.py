"""Waarom een wachtend bericht bij vertrek niet meer klopt: het vervalt dan in plaats van te
vertrekken (de reden staat in het dagoverzicht)."""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from domein.berichten import RONDEBERICHTEN, VOOR_HET_MOMENT, lees_op_naam
from domein.model import BerichtStatus, MomentStatus, RondeStatus
from domein.tijd import BRUSSEL
from opslag.tabellen import AntwoordsetRij, BerichtRij, MomentRij, RondeRij, TrajectRij


def vervalredenen(sessie: Session, rijen: Sequence[BerichtRij], nu: datetime) -> dict[int, str]:
    """Per achterhaald bericht (id) waarom het niet meer vertrekt.

    - uitnodiging, wijziging, herinnering: het moment begon al, werd gehouden of geannuleerd;
    - annulering: wie de uitnodiging nooit kreeg, hoeft geen annulering;
    - vragenlijstronde (uitnodiging, herinnering): de ronde sloot, dus de links werken niet meer;
      of alle vragenlijsten op naam van een bericht zonder groepslinks zijn intussen ingevuld;
    - nieuwe fase: het traject zit intussen in een volgende fase (dat bericht volgt).
    Rapporten, het overzicht, het terugkommoment en het dagoverzicht blijven kloppen en vertrekken."""
    momenten = {m.id: m for m in sessie.scalars(
        select(MomentRij).where(MomentRij.id.in_({r.moment_id for r in rijen if r.moment_id})))}
    trajecten = {t.id: t for t in sessie.scalars(
        select(TrajectRij).where(TrajectRij.id.in_({r.traject_id for r in rijen if r.soort == "nieuwe_fase"})))}
    rondes = {r.traject_id: r for r in sessie.scalars(  # hoogstens één ronde per traject (programmaschema)
        select(RondeRij).where(RondeRij.traject_id.in_({r.traject_id for r in rijen if r.soort in RONDEBERICHTEN})))}
    annuleringen = [r for r in rijen if r.soort == "annulering"]
    uitgenodigd = {(m, o) for m, o in sessie.execute(
        select(BerichtRij.moment_id, BerichtRij.ontvanger).where(
            BerichtRij.moment_id.in_({r.moment_id for r in annuleringen}),
            BerichtRij.soort.in_(("uitnodiging", "wijziging")),
            BerichtRij.status == BerichtStatus.VERZONDEN,
        )
    )} if annuleringen else set()
    op_naam = {r.id: o for r in rijen if r.soort in RONDEBERICHTEN and (o := lees_op_naam(r.sleutel))}
    # Eén antwoord per partner volstaat voor een vragenlijst op naam (webformulier of CSV-import).
    ingevuld = {(r, p, v) for r, p, v in sessie.execute(
        select(AntwoordsetRij.ronde_id, AntwoordsetRij.partner_id, AntwoordsetRij.vragenlijst).distinct().where(
            AntwoordsetRij.ronde_id.in_({ronde for ronde, _, _ in op_naam.values()}))
    )} if op_naam else set()

    redenen = {}
    for rij in rijen:
        o = op_naam.get(rij.id)
        alles_ingevuld = o is not None and all((o[0], o[1], v) in ingevuld for v in o[2])
        reden = _vervalreden(rij, nu, momenten.get(rij.moment_id), uitgenodigd, rondes.get(rij.traject_id),
                             trajecten.get(rij.traject_id), alles_ingevuld)
        if reden:
            redenen[rij.id] = reden
    return redenen


def _vervalreden(rij: BerichtRij, nu: datetime, moment: MomentRij | None, uitgenodigd: set[tuple[int, str]],
                 ronde: RondeRij | None, traject: TrajectRij | None, ingevuld: bool) -> str | None:
    if rij.soort in VOOR_HET_MOMENT and moment is not None:
        if moment.status == MomentStatus.GEANNULEERD:
            return "het moment werd intussen geannuleerd"
        if moment.status == MomentStatus.GEHOUDEN:
            return "het moment werd intussen gehouden"
        if moment.start <= nu:
            return f"het moment begon al op {moment.start.astimezone(BRUSSEL):%d-%m-%Y om %H:%M}"
    if rij.soort == "annulering" and (rij.moment_id, rij.ontvanger) not in uitgenodigd:
        return "de uitnodiging voor dit moment vertrok nooit"
    if rij.soort in RONDEBERICHTEN and ronde is not None and (ronde.status != RondeStatus.OPEN
                                                              or ronde.deadline <= nu):
        return "de vragenlijstronde is gesloten; de links werken niet meer"
    if ingevuld:
        return "de vragenlijst werd intussen ingevuld"
    # De sleutel van een bericht over een nieuwe fase is traject-N/fase-CODE/adres.
    if rij.soort == "nieuwe_fase" and traject is not None and f"/fase-{traject.fase}/" not in rij.sleutel:
        return "het traject zit intussen in een volgende fase"
    return None
