"""Wat de coördinator leest: een traject met zijn partners, momenten, voorwaarden en geschiedenis.

Tijden in ISO 8601 met offset, in de ingestelde tijdzone (standaard Europe/Brussels)."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import lazyload

from config.programma import Programma
from config.vragenlijst import Domeinen, Vragenlijst
from diensten import ronde as rondewerk
from diensten.eenheid import laad_traject
from diensten.lezen.timers import adressen, uitleg, wachtende_timers
from domein import ronde as regels_ronde
from domein import traject as regels
from domein.fouten import NietGevonden, OngeldigeInvoer
from domein.geschiedenis import beschrijf
from domein.model import BerichtStatus
from domein.scoring import Rapport, bereken
from domein.voorwaarden import voorwaarden
from notificaties.verval import vervalredenen
from opslag.databank import Databank
from opslag.tabellen import (
    BerichtRij,
    GebeurtenisRij,
    PartnerRij,
    TimerRij,
    TrajectRij,
    naar_domein,
)

BERICHTSTATUSSEN = tuple(s.value for s in BerichtStatus)


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
                    "einde": iso(m.einde, zone),
                    "duur": m.duur,
                    "status": m.status,
                    "locatie": m.locatie,
                    "partner_id": m.partner_id,
                    "partner": partners[m.partner_id].naam if m.partner_id else None,
                }
                for m in domein.momenten  # het domein kent het einde
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
                    "beschrijving": beschrijf(g.soort, g.details, programma),
                    "details": g.details,
                }
                for g in gebeurtenissen
            ],
        }


# -- agenda en outbox ----------------------------------------------------------------------------


def agenda(
    databank: Databank,
    programmas: dict[str, Programma],
    traject_id: int,
    zone: ZoneInfo,
    coordinator: tuple[str, str],
    nu: datetime,
) -> list[dict[str, Any]]:
    """Wat voor dit traject nog vertrekt, op datum: de wachtende berichten in de outbox en de
    wachtende timers, met voor elke timer wie zijn berichten zal krijgen. `coordinator` is
    (naam, adres), zoals `Instellingen().coordinator_adres`. Een bericht dat de engine niet meer
    zal versturen (het moment is voorbij, de uitnodiging vertrok nooit ...), zegt waarom, zoals een
    timer. Alleen lezen."""
    with databank.transactie() as sessie:
        rij = laad_traject(sessie, traject_id)
        programma = programmas[rij.programma]
        traject = naar_domein(rij)
        berichten = sessie.scalars(
            select(BerichtRij)
            .where(BerichtRij.traject_id == traject_id, BerichtRij.status == BerichtStatus.WACHTEND)
            .order_by(BerichtRij.id)
        ).all()
        timers = sessie.scalars(wachtende_timers([traject_id])).all()
        redenen = vervalredenen(sessie, berichten, nu)
        # de naam bij een adres: de eerste contactpersoon met dat adres, of de coördinator
        namen = {c.email: c.naam for c in reversed(traject.contacten)} | {coordinator[1]: coordinator[0]}
        items = [
            (
                b.volgende_poging,
                0,
                b.id,
                {
                    "tijdstip": iso(b.volgende_poging, zone),
                    "wat": "bericht",
                    "id": b.id,
                    "soort": b.soort,
                    "beschrijving": f"{b.soort} “{b.onderwerp}” → "
                    + adressen([(namen.get(b.ontvanger, ""), b.ontvanger)])
                    + (f" (vervalt: {redenen[b.id]})" if b.id in redenen else ""),
                    "vervalt": redenen.get(b.id),
                    "ontvangers": [b.ontvanger],
                    "onderwerp": b.onderwerp,
                    "moment_id": b.moment_id,
                    "pogingen": b.pogingen,
                    "laatste_fout": b.laatste_fout,
                },
            )
            for b in berichten
        ]
        for t in timers:
            u = uitleg(t, traject, programma, zone, coordinator)
            items.append((t.vervalt_op, 1, t.id, {
                "tijdstip": iso(t.vervalt_op, zone),
                "wat": "timer",
                "id": t.id,
                "soort": t.soort,
                "beschrijving": u.beschrijving,
                "ontvangers": [email for _, email in u.ontvangers],
                "moment_id": t.moment_id,
                "details": t.details,
            }))
    return [item for *_, item in sorted(items, key=lambda x: x[:3])]


def berichten(
    databank: Databank, zone: ZoneInfo, status: str | None = None, traject_id: int | None = None
) -> list[dict[str, Any]]:
    """De outbox, nieuwste eerst; eventueel alleen een status of een traject."""
    if status is not None and status not in BERICHTSTATUSSEN:
        keuze = ", ".join(BERICHTSTATUSSEN)
        raise OngeldigeInvoer(f"Onbekende berichtstatus '{status}'; kies uit {keuze}.")
    vraag = select(BerichtRij).order_by(BerichtRij.aangemaakt_op.desc(), BerichtRij.id.desc())
    if status is not None:
        vraag = vraag.where(BerichtRij.status == status)
    if traject_id is not None:
        vraag = vraag.where(BerichtRij.traject_id == traject_id)
    with databank.transactie() as sessie:
        bestaat = select(TrajectRij.id).where(TrajectRij.id == traject_id)
        if traject_id is not None and sessie.scalar(bestaat) is None:
            raise NietGevonden(f"Traject {traject_id} bestaat niet.")
        return [
            {
                "id": b.id,
                "status": b.status,
                "soort": b.soort,
                "ontvanger": b.ontvanger,
                "onderwerp": b.onderwerp,
                "traject_id": b.traject_id,
                "moment_id": b.moment_id,
                "pogingen": b.pogingen,
                "aangemaakt_op": iso(b.aangemaakt_op, zone),
                "verzonden_op": iso(b.verzonden_op, zone),
                "mislukt_op": iso(b.mislukt_op, zone),
                "vervallen_op": iso(b.vervallen_op, zone),
                "vervalreden": b.vervalreden,
                "volgende_poging": iso(b.volgende_poging, zone),
                "laatste_fout": b.laatste_fout,
            }
            for b in sessie.scalars(vraag)
        ]


def rapport(databank: Databank, programmas: dict[str, Programma], domeinen: Domeinen,
            vragenlijsten: dict[str, Vragenlijst], traject_id: int, partner_id: int) -> tuple[str, Rapport]:
    """De titel en het rapport van een partner uit al zijn antwoorden, met de anonimiteitsdrempel
    van de ronde van het programma."""
    with databank.transactie() as sessie:
        rij = laad_traject(sessie, traject_id)
        partner = regels.partner(naar_domein(rij), partner_id)
        sets = rondewerk.antwoordsets(sessie, traject_id=traject_id, partner_id=partner_id)
        if not sets:
            raise OngeldigeInvoer(f"Er zijn nog geen antwoorden voor '{partner.naam}' in traject {traject_id}.")
        drempel = programmas[rij.programma].drempel
        return rondewerk.rapporttitel(naar_domein(rij), partner), bereken(domeinen, vragenlijsten, sets, drempel=drempel)


def ronde(databank: Databank, programmas: dict[str, Programma], vragenlijsten: dict[str, Vragenlijst],
          traject_id: int, zone: ZoneInfo) -> dict[str, Any]:
    """De laatste vragenlijstronde van een traject: deadline, en per partner en groep de stand."""
    with databank.transactie() as sessie:
        rij = laad_traject(sessie, traject_id)
        t, programma = naar_domein(rij), programmas[rij.programma]
        r = regels_ronde.huidige(t)
        groepen = rondewerk.stand(sessie, t, programma, r, vragenlijsten)
    return {
        "traject": traject_id,
        "fase": programma.fase(r.fase).naam,
        "status": str(r.status),
        "geopend_op": iso(r.geopend_op, zone),
        "deadline": iso(r.deadline, zone),
        "groepen": [
            {"partner_id": g.partner_id, "partner": g.partner, "vragenlijst": g.vragenlijst.code,
             "groep": g.vragenlijst.groep, "anoniem": g.vragenlijst.anoniem, "antwoorden": g.antwoorden,
             "verwacht": g.verwacht, "klaar": g.klaar}
            for g in groepen
        ],
    }
