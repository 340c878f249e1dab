"""Wat de coördinator leest: een traject met zijn partners, momenten, voorwaarden en geschiedenis.

Tijden in ISO 8601 met offset, in de ingestelde tijdzone (standaard Europe/Brussels)."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import lazyload

from config.programma import Programma
from domein.geschiedenis import beschrijf
from domein.voorwaarden import voorwaarden
from kansrijk.commando import laad_traject
from opslag.databank import Databank
from opslag.tabellen import GebeurtenisRij, PartnerRij, TimerRij, TrajectRij, naar_domein


def iso(tijdstip: datetime | None, zone: ZoneInfo) -> str | None:
    return tijdstip.astimezone(zone).isoformat(timespec="seconds") if tijdstip else None


def trajecten(databank: Databank, programmas: dict[str, Programma], zone: ZoneInfo) -> list[dict[str, Any]]:
    bevestigd = (
        select(PartnerRij.traject_id, func.count().label("aantal"))
        .where(PartnerRij.bevestigd_op.is_not(None))
        .group_by(PartnerRij.traject_id)
        .subquery()
    )
    vraag = (
        select(TrajectRij, func.coalesce(bevestigd.c.aantal, 0))
        .outerjoin(bevestigd, bevestigd.c.traject_id == TrajectRij.id)
        .order_by(TrajectRij.id)
        .options(lazyload("*"))  # de lijst heeft de partners en momenten zelf niet nodig
    )
    with databank.transactie() as sessie:
        return [
            {
                "id": rij.id,
                "programma": rij.programma,
                "naam": rij.naam,
                "fase": rij.fase,
                "fase_naam": programmas[rij.programma].fase(rij.fase).naam,
                "status": rij.status,
                "bevestigde_partners": aantal,
                "aangemaakt_op": iso(rij.aangemaakt_op, zone),
            }
            for rij, aantal in sessie.execute(vraag)
        ]


def traject(
    databank: Databank, programmas: dict[str, Programma], traject_id: int, zone: ZoneInfo
) -> dict[str, Any]:
    with databank.transactie() as sessie:
        rij = laad_traject(sessie, traject_id)
        programma = programmas[rij.programma]
        domein = naar_domein(rij)
        gebeurtenissen = sessie.scalars(
            select(GebeurtenisRij).where(GebeurtenisRij.traject_id == traject_id).order_by(GebeurtenisRij.id)
        ).all()
        timers = sessie.scalars(
            select(TimerRij).where(TimerRij.traject_id == traject_id).order_by(TimerRij.vervalt_op)
        ).all()
        partners = {p.id: p for p in rij.partners}
        return {
            "id": rij.id,
            "programma": rij.programma,
            "naam": rij.naam,
            "fase": rij.fase,
            "fase_naam": programma.fase(rij.fase).naam,
            "status": rij.status,
            "aangemaakt_op": iso(rij.aangemaakt_op, zone),
            "partners": [
                {
                    "id": p.id,
                    "soort": p.soort,
                    "naam": p.naam,
                    "bevestigd": p.bevestigd_op is not None,
                    "bevestigd_op": iso(p.bevestigd_op, zone),
                    "mandaat": p.mandaat,
                }
                for p in rij.partners
            ],
            "contacten": [
                {"id": c.id, "partner_id": c.partner_id, "partner": partners[c.partner_id].naam,
                 "naam": c.naam, "email": c.email, "rol": c.rol}
                for c in rij.contacten
            ],
            "momenten": [
                {
                    "id": m.id,
                    "fase": m.fase,
                    "soort": m.soort,
                    "naam": programma.fase(m.fase).momentsoort(m.soort).naam,
                    "start": iso(m.start, zone),
                    "duur": m.duur,
                    "status": m.status,
                    "locatie": m.locatie,
                    "partner_id": m.partner_id,
                    "partner": partners[m.partner_id].naam if m.partner_id else None,
                }
                for m in rij.momenten
            ],
            "voorwaarden": [
                {"tekst": u.tekst, "voldaan": u.voldaan, "stand": u.stand}
                for u in voorwaarden(domein, programma)
            ],
            "train_the_trainer": [
                {"id": i.id, "partner_id": i.partner_id, "naam": i.naam, "email": i.email, "betalend": i.betalend}
                for i in rij.inschrijvingen
            ],
            "timers": [
                {"soort": t.soort, "vervalt_op": iso(t.vervalt_op, zone), "status": t.status} for t in timers
            ],
            "geschiedenis": [
                {
                    "id": g.id,
                    "soort": g.soort,
                    "tijdstip": iso(g.tijdstip, zone),
                    "door": g.door,
                    "beschrijving": beschrijf(g.soort, g.details),
                    "details": g.details,
                }
                for g in gebeurtenissen
            ],
        }
