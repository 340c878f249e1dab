"""De outbox: berichten als rijen met een unieke sleutel, geschreven in de transactie van het
commando, en daarna verstuurd met een lease zodat geen transactie openstaat tijdens SMTP.

Eén venster blijft: aanvaardt de server een bericht en sterft het proces vóór de uitslag
vastligt, dan gaat het na het verlopen van de lease nog eens. Elke uitslag wordt vastgelegd vóór
de server het volgende bericht op die verbinding aanvaardt (`notificaties.uitslagen`), dus dat is
hoogstens één bericht per verbinding. Elk ander geval stuurt een sleutel hoogstens één keer."""

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from typing import NamedTuple

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from domein.berichten import MET_GEHEIM, Bericht, Ontvanger
from domein.model import BerichtStatus
from notificaties.verval import vervalredenen
from notificaties.verzender import Uitgaand
from opslag.databank import voeg_alle_toe_tenzij_er
from opslag.tabellen import BerichtRij

# Onderwerp en bytes (CRLF, zoals ze over de lijn gaan) van een bericht voor deze ontvanger en sleutel.
Opmaak = Callable[[Ontvanger, str], tuple[str, bytes]]


@dataclass(frozen=True, slots=True)
class Klaar:
    """Een bericht voor de outbox: waarover het gaat, en hoe het zijn bytes krijgt. Die maakt
    `zet_alle_klaar` alleen voor een sleutel die nieuw is."""

    bericht: Bericht
    afzender: str
    opmaak: Opmaak


def zet_alle_klaar(sessie: Session, berichten: Sequence[Klaar], nu: datetime) -> set[str]:
    """Zet de berichten klaar; geeft de sleutels die nieuw zijn. Eerst welke sleutels er al zijn (één
    SELECT): alleen de andere worden opgemaakt, en gaan samen in één INSERT (executemany). Een sleutel
    die er al is, verandert niets, ook niet als een gelijktijdige transactie hem net zette.

    Op de verbinding, zonder autoflush: zo blijft wat de sessie nog moet schrijven (bv. de nieuwe
    status van een reeks timers) samen voor één UPDATE bij de commit."""
    if not berichten:
        return set()
    bestaand = set(sessie.connection().execute(
        select(BerichtRij.sleutel).where(BerichtRij.sleutel.in_({k.bericht.sleutel for k in berichten}))
    ).scalars())
    nieuw: dict[str, Klaar] = {}
    for k in berichten:
        if k.bericht.sleutel not in bestaand:
            nieuw.setdefault(k.bericht.sleutel, k)  # tweemaal dezelfde sleutel: de eerste telt
    return voeg_alle_toe_tenzij_er(sessie, BerichtRij, "sleutel", [_rij(k, nu) for k in nieuw.values()])


def _rij(klaar: Klaar, nu: datetime) -> dict:
    b = klaar.bericht
    onderwerp, inhoud = klaar.opmaak(b.aan, b.sleutel)
    return {"sleutel": b.sleutel, "traject_id": b.traject_id, "moment_id": b.moment_id, "soort": b.soort,
            "afzender": klaar.afzender, "ontvanger": b.aan.email, "onderwerp": onderwerp, "inhoud": inhoud,
            "status": BerichtStatus.WACHTEND, "pogingen": 0, "volgende_poging": nu, "aangemaakt_op": nu}


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
    """Zet één opgebouwd `EmailMessage` klaar (zo vullen de kill-test en de verzendbenchmark de
    outbox; Kansrijks eigen berichten gaan via `zet_alle_klaar`); False als die sleutel er al is
    (dan verandert er niets)."""
    aan = bericht["To"].addresses[0]
    inhoud = bericht.as_bytes(policy=SMTP)  # CRLF: zo gaat het ongewijzigd over de lijn
    klaar = Klaar(
        Bericht(soort, Ontvanger(aan.display_name, aan.addr_spec), sleutel, traject_id, {}, moment_id),
        afzender=bericht["From"].addresses[0].addr_spec,
        opmaak=lambda _aan, _sleutel: (str(bericht["Subject"]), inhoud),
    )
    return bool(zet_alle_klaar(sessie, [klaar], nu))


def vervang_wachtende(sessie: Session, moment_id: int, ontvangers: Collection[str], behalve: Collection[str]) -> None:
    """Een nieuwere versie over hetzelfde moment maakt wat nog niet vertrok overbodig: geen storm
    van uitnodigingen en herinneringen als een moment drie keer verschuift. `behalve`: de sleutels
    van die nieuwere versie."""
    sessie.execute(
        update(BerichtRij)
        .where(
            BerichtRij.moment_id == moment_id,
            BerichtRij.ontvanger.in_(ontvangers),
            BerichtRij.status == BerichtStatus.WACHTEND,
            BerichtRij.sleutel.not_in(behalve),
        )
        .values(status=BerichtStatus.VERVANGEN)
    )


class Geclaimd(NamedTuple):
    uitgaand: list[Uitgaand]
    vervallen: int  # bij het claimen achterhaald gebleken, niet verstuurd

    @property
    def aantal(self) -> int:
        return len(self.uitgaand) + self.vervallen


def claim(sessie: Session, nu: datetime, aantal: int, lease: timedelta) -> Geclaimd:
    """Neem tot `aantal` berichten die mogen vertrekken; twee engines nemen nooit dezelfde.

    Lag de engine stil, dan kan een bericht intussen achterhaald zijn: dat vervalt hier, met zijn
    reden (voor het dagoverzicht), in plaats van te vertrekken. Wat vertrekt, krijgt als Date het
    tijdstip van vertrek; de Message-ID blijft dezelfde."""
    rijen = sessie.scalars(
        select(BerichtRij)
        .where(
            BerichtRij.status == BerichtStatus.WACHTEND,
            BerichtRij.volgende_poging <= nu,
            or_(BerichtRij.geclaimd_tot.is_(None), BerichtRij.geclaimd_tot < nu),
        )
        .order_by(BerichtRij.volgende_poging, BerichtRij.id)
        .limit(aantal)
        .with_for_update(skip_locked=True)
    ).all()
    redenen = vervalredenen(sessie, rijen, nu)
    uitgaand = []
    for rij in rijen:
        if rij.id in redenen:
            rij.status, rij.vervallen_op, rij.vervalreden = BerichtStatus.VERVALLEN, nu, redenen[rij.id]
            if rij.soort in MET_GEHEIM:
                rij.inhoud = b""
        else:
            rij.geclaimd_tot = nu + lease
            uitgaand.append(Uitgaand(rij.sleutel, rij.afzender, rij.ontvanger, met_datum(rij.inhoud, nu)))
    return Geclaimd(uitgaand, len(redenen))


_DATE = re.compile(rb"(?m)^Date: [^\r\n]*")


def met_datum(inhoud: bytes, nu: datetime) -> bytes:
    """De bytes met `nu` als Date: een bericht dat na een stilstand vertrekt, draagt niet de datum
    waarop het klaargezet werd. Alleen de kop van het bericht zelf (tot de eerste lege regel)."""
    kop, scheiding, romp = inhoud.partition(b"\r\n\r\n")
    return _DATE.sub(b"Date: " + format_datetime(nu).encode(), kop, count=1) + scheiding + romp
