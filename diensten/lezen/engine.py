"""Wat de engine leest: de trajecten met vervallen timers, de inhoud van het dagoverzicht, het
trajectoverzicht en de rapporten van een gesloten ronde voor het Prefect-dashboard. Alleen lezen;
wat de engine ermee doet (claimen, klaarzetten, publiceren), staat in `workflows`."""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from config.programma import Programma
from config.vragenlijst import Domeinen, Vragenlijst
from diensten import ronde as rondewerk
from diensten.eenheid import laad_traject
from diensten.lezen.timers import uitleg, wachtende_timers
from diensten.timers import vervallen
from domein.model import BerichtStatus, MomentStatus, RondeStatus, TrajectStatus
from domein.ronde import huidige
from domein.scoring import Rapport
from domein.voorwaarden import voorwaarden
from opslag.databank import Databank
from opslag.tabellen import BerichtRij, RondeRij, TimerRij, TrajectRij, naar_domein


@dataclass(frozen=True, slots=True)
class TrajectMetWerk:
    id: int
    naam: str
    programma: str
    fase: str


def trajecten_met_werk(databank: Databank, nu: datetime, limiet: int = 10_000) -> list[TrajectMetWerk]:
    """De trajecten met vervallen timers, zonder ze te claimen."""
    ids = vervallen(nu).with_only_columns(TimerRij.traject_id).distinct().subquery()
    vraag = (
        select(TrajectRij.id, TrajectRij.naam, TrajectRij.programma, TrajectRij.fase)
        .where(TrajectRij.id.in_(select(ids.c.traject_id)))
        .order_by(TrajectRij.id)
        .limit(limiet)
    )
    with databank.transactie() as sessie:
        return [TrajectMetWerk(*rij) for rij in sessie.execute(vraag)]


def traject_met_werk(databank: Databank, traject_id: int) -> TrajectMetWerk:
    with databank.transactie() as sessie:
        rij = laad_traject(sessie, traject_id)
        return TrajectMetWerk(rij.id, rij.naam, rij.programma, rij.fase)


# De trajecten die nog lopen (ook gepauzeerd): voor het dagoverzicht en het trajectoverzicht.
_LOPEND = (
    select(TrajectRij)
    .where(TrajectRij.status.in_([TrajectStatus.ACTIEF, TrajectStatus.GEPAUZEERD]))
    .order_by(TrajectRij.id)
)


def _berichten(sessie: Session, status: BerichtStatus, sinds: datetime, nu: datetime) -> list[dict[str, Any]]:
    """De berichten die in (sinds, nu] mislukten of vervielen, met hun reden."""
    op, reden = {BerichtStatus.MISLUKT: (BerichtRij.mislukt_op, "laatste_fout"),
                 BerichtStatus.VERVALLEN: (BerichtRij.vervallen_op, "vervalreden")}[status]
    return [
        {"aan": b.ontvanger, "onderwerp": b.onderwerp, "reden": getattr(b, reden)}
        for b in sessie.scalars(
            select(BerichtRij).where(BerichtRij.status == status, op > sinds, op <= nu).order_by(BerichtRij.id)
        )
    ]


def dagoverzicht(sessie: Session, programmas: dict[str, Programma], zone: ZoneInfo, coordinator: tuple[str, str],
                 nu: datetime) -> dict[str, Any]:
    """De inhoud van het dagoverzicht: wat vertrok, mislukte en (achterhaald na een stilstand)
    verviel in de laatste 24 uur, wat de komende week klaarstaat en welke voorwaarden open staan."""
    sinds, tot = nu - timedelta(days=1), nu + timedelta(days=7)
    verzonden = sessie.scalar(
        select(func.count()).where(BerichtRij.status == BerichtStatus.VERZONDEN, BerichtRij.verzonden_op > sinds,
                                   BerichtRij.verzonden_op <= nu)
    )
    trajecten = {t.id: (t, naar_domein(t), programmas[t.programma]) for t in sessie.scalars(_LOPEND)}
    wachtend = []
    for t in sessie.scalars(wachtende_timers(list(trajecten), tot)):
        rij, traject, programma = trajecten[t.traject_id]
        wat = uitleg(t, traject, programma, zone, coordinator).kort
        wachtend.append({"traject": rij.naam, "wat": wat, "wanneer": t.vervalt_op})
    return {
        "verzonden": verzonden,
        "mislukt": _berichten(sessie, BerichtStatus.MISLUKT, sinds, nu),
        "vervallen": _berichten(sessie, BerichtStatus.VERVALLEN, sinds, nu),
        "wachtend": wachtend,
        "open_voorwaarden": [
            {"traject": rij.naam, "fase": programma.fase(rij.fase).naam, "tekst": v.tekst}
            for rij, traject, programma in trajecten.values()
            for v in voorwaarden(traject, programma)
            if not v.voldaan
        ],
    }


def trajectoverzicht(databank: Databank, programmas: dict[str, Programma], zone: ZoneInfo,
                     nu: datetime) -> list[dict[str, Any]]:
    """Eén rij per lopend traject: fase, volgend moment, open voorwaarden, berichten."""
    with databank.transactie() as sessie:
        per_status = Counter(
            {
                (tid, status): aantal
                for tid, status, aantal in sessie.execute(
                    select(BerichtRij.traject_id, BerichtRij.status, func.count())
                    .group_by(BerichtRij.traject_id, BerichtRij.status)
                )
            }
        )
        rijen = []
        for rij in sessie.scalars(_LOPEND):
            programma, traject = programmas[rij.programma], naar_domein(rij)
            komend = min(
                (m for m in traject.momenten if m.status == MomentStatus.GEPLAND and m.start > nu),
                key=lambda m: m.start, default=None,
            )
            status = "" if rij.status == TrajectStatus.ACTIEF else f" ({rij.status})"
            rijen.append(
                {
                    "traject": f"{rij.id}: {rij.naam}",
                    "programma": rij.programma.upper(),
                    "fase": programma.fase(rij.fase).naam + status,
                    "volgend moment": _moment_tekst(programma, komend, zone),
                    "vragenlijstronde": huidige(traject).toestand if traject.rondes else "geen",
                    "open voorwaarden": "; ".join(v.tekst for v in voorwaarden(traject, programma) if not v.voldaan)
                    or "geen",
                    "verzonden": per_status[(rij.id, BerichtStatus.VERZONDEN)],
                    "mislukt": per_status[(rij.id, BerichtStatus.MISLUKT)],
                    "wachtend": per_status[(rij.id, BerichtStatus.WACHTEND)],
                }
            )
        return rijen


def _moment_tekst(programma: Programma, moment, zone: ZoneInfo) -> str:
    if moment is None:
        return "geen gepland"
    naam = programma.fase(moment.fase).momentsoort(moment.soort).naam
    return f"{naam}, {moment.start.astimezone(zone):%d-%m-%Y %H:%M}"


# -- de rapporten van gesloten rondes -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Samenvatting:
    sleutel: str  # de sleutel van het artefact: per partner, en het overzicht
    titel: str
    rapport: Rapport


def te_publiceren(databank: Databank) -> list[int]:
    """De gesloten rondes waarvan de rapporten nog niet als artefact gepubliceerd werden."""
    with databank.transactie() as sessie:
        return list(sessie.scalars(
            select(RondeRij.id).where(RondeRij.status == RondeStatus.GESLOTEN, RondeRij.gepubliceerd_op.is_(None))
        ))


def samenvattingen(sessie: Session, programmas: dict[str, Programma],
                   vragenlijsten: tuple[Domeinen, dict[str, Vragenlijst]], ronde_id: int) -> list[Samenvatting]:
    """De rapporten van een gesloten ronde: per partner met antwoorden, en het overzicht."""
    rij = sessie.get(RondeRij, ronde_id)
    traject = naar_domein(laad_traject(sessie, rij.traject_id))
    ronde = next(r for r in traject.rondes if r.id == ronde_id)
    r = rondewerk.rapporten_van(sessie, traject, programmas[traject.programma], ronde, *vragenlijsten)
    return [
        Samenvatting(f"rapport-traject-{traject.id}-partner-{p.partner.id}", p.titel, p.rapport)
        for p in r.met_antwoorden
    ] + [Samenvatting(f"overzicht-traject-{traject.id}-ronde-{ronde_id}", r.titel, r.totaal)]
