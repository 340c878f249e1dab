"""De outbox: berichten als rijen met een unieke sleutel, geschreven in de transactie van het
commando, en daarna verstuurd met een lease zodat geen transactie openstaat tijdens SMTP.

Eén venster blijft: aanvaardt de server een bericht en sterft het proces vóór `verwerk` het als
verzonden vastlegt, dan gaat het na het verlopen van de lease nog eens. Elk ander geval stuurt
een sleutel hoogstens één keer."""

from collections.abc import Sequence
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.policy import SMTP

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from notificaties.verzender import Afgehandeld, Uitgaand, Uitslag
from opslag.databank import voeg_toe_tenzij_er
from opslag.tabellen import BerichtRij

# Berichten met een link naar een vragenlijst, schoolpagina of rapport: na vertrek (of als het
# definitief mislukt) wissen we de inhoud, zodat de geheimen alleen in de mailbox van de ontvanger
# staan; de databank kent alleen hun hash.
MET_GEHEIM = ("vragenlijst_uitnodiging", "vragenlijst_herinnering", "rapport", "overzicht")
LEASE = timedelta(minutes=10)  # ruim langer dan een batch kan duren
OPGEVEN_NA = timedelta(days=3)  # een tijdelijke fout die zo lang duurt, wordt definitief
MAX_WACHTTIJD = timedelta(hours=2)


def zet_klaar(
    sessie: Session,
    bericht: EmailMessage,
    *,
    sleutel: str,
    soort: str,
    nu: datetime,
    traject_id: int | None = None,
    moment_id: int | None = None,
) -> bool:
    """Zet een bericht klaar; False als die sleutel er al is (dan verandert er niets)."""
    return voeg_toe_tenzij_er(
        sessie,
        BerichtRij,
        "sleutel",
        sleutel=sleutel,
        traject_id=traject_id,
        moment_id=moment_id,
        soort=soort,
        afzender=bericht["From"].addresses[0].addr_spec,
        ontvanger=bericht["To"].addresses[0].addr_spec,
        onderwerp=str(bericht["Subject"]),
        inhoud=bericht.as_bytes(policy=SMTP),  # CRLF: zo gaat het ongewijzigd over de lijn
        status="wachtend",
        pogingen=0,
        volgende_poging=nu,
        aangemaakt_op=nu,
    )


def vervang_wachtende(sessie: Session, moment_id: int, ontvanger: str, behalve: str) -> None:
    """Een nieuwere versie over hetzelfde moment maakt wat nog niet vertrok overbodig: geen storm
    van uitnodigingen en herinneringen als een moment drie keer verschuift."""
    sessie.execute(
        update(BerichtRij)
        .where(
            BerichtRij.moment_id == moment_id,
            BerichtRij.ontvanger == ontvanger,
            BerichtRij.status == "wachtend",
            BerichtRij.sleutel != behalve,
        )
        .values(status="vervangen")
    )


def claim(sessie: Session, nu: datetime, aantal: int) -> list[Uitgaand]:
    """Neem tot `aantal` berichten die mogen vertrekken; twee engines nemen nooit dezelfde."""
    rijen = sessie.scalars(
        select(BerichtRij)
        .where(
            BerichtRij.status == "wachtend",
            BerichtRij.volgende_poging <= nu,
            or_(BerichtRij.geclaimd_tot.is_(None), BerichtRij.geclaimd_tot < nu),
        )
        .order_by(BerichtRij.volgende_poging, BerichtRij.id)
        .limit(aantal)
        .with_for_update(skip_locked=True)
    ).all()
    for rij in rijen:
        rij.geclaimd_tot = nu + LEASE
    return [Uitgaand(r.sleutel, r.afzender, r.ontvanger, r.inhoud) for r in rijen]


def wachttijd(pogingen: int) -> timedelta:
    """1, 2, 4, ... minuten, tot hoogstens twee uur."""
    return min(timedelta(minutes=2 ** (pogingen - 1)), MAX_WACHTTIJD)


def verwerk(sessie: Session, uitslagen: Sequence[Afgehandeld], nu: datetime) -> None:
    rijen = {
        r.sleutel: r
        for r in sessie.scalars(select(BerichtRij).where(BerichtRij.sleutel.in_([u.sleutel for u in uitslagen])))
    }
    for uitslag in uitslagen:
        rij = rijen[uitslag.sleutel]
        rij.geclaimd_tot = None
        rij.pogingen += 1
        if uitslag.uitslag == Uitslag.VERZONDEN:
            rij.status, rij.verzonden_op, rij.laatste_fout = "verzonden", nu, None
        elif uitslag.uitslag == Uitslag.PERMANENT:
            rij.status, rij.laatste_fout, rij.mislukt_op = "mislukt", uitslag.reden, nu
        elif nu - rij.aangemaakt_op >= OPGEVEN_NA:
            rij.status, rij.mislukt_op = "mislukt", nu
            rij.laatste_fout = f"Bleef {OPGEVEN_NA.days} dagen tijdelijk mislukken: {uitslag.reden}"
        else:
            rij.laatste_fout = uitslag.reden
            rij.volgende_poging = nu + wachttijd(rij.pogingen)
        if rij.status != "wachtend" and rij.soort in MET_GEHEIM:
            rij.inhoud = b""  # vertrokken of opgegeven: de links hoeven hier niet meer te staan
