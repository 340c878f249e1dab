"""De outbox: berichten als rijen met een unieke sleutel, geschreven in de transactie van het
commando, en daarna verstuurd met een lease zodat geen transactie openstaat tijdens SMTP.

Eén venster blijft: aanvaardt de server een bericht en sterft het proces vóór de uitslag
vastligt, dan gaat het na het verlopen van de lease nog eens. Elke uitslag wordt vastgelegd vóór
de server het volgende bericht op die verbinding aanvaardt (`Uitslagenboek`), dus dat is hoogstens
één bericht per verbinding. Elk ander geval stuurt een sleutel hoogstens één keer."""

import asyncio
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from typing import NamedTuple, Self

from sqlalchemy import case, or_, select, text, update
from sqlalchemy.orm import Session, defer

from domein.model import MomentStatus, RondeStatus
from domein.tijd import BRUSSEL
from notificaties.verzender import Afgehandeld, Uitgaand, Uitslag
from opslag.databank import Databank, voeg_alle_toe_tenzij_er
from opslag.tabellen import AntwoordsetRij, BerichtRij, MomentRij, RondeRij, TrajectRij

# Berichten met een link naar een vragenlijst, schoolpagina of rapport: na vertrek (of als het
# definitief mislukt) wissen we de inhoud, zodat de geheimen alleen in de mailbox van de ontvanger
# staan; de databank kent alleen hun hash.
MET_GEHEIM = ("vragenlijst_uitnodiging", "vragenlijst_herinnering", "rapport", "overzicht")
OPGEVEN_NA = timedelta(days=3)  # een tijdelijke fout die zo lang duurt, wordt definitief
MAX_WACHTTIJD = timedelta(hours=2)
# Berichten die een moment aankondigen: na de start, of als het gehouden of geannuleerd is, zinloos.
VOOR_HET_MOMENT = ("uitnodiging", "wijziging", "herinnering")
RONDEBERICHTEN = ("vragenlijst_uitnodiging", "vragenlijst_herinnering")
# Een rondebericht met alleen persoonlijke links (geen groepslinks voor het contact van de school)
# zegt in zijn sleutel voor welke partner en vragenlijsten op naam het is: zijn die intussen
# ingevuld, dan vervalt het bij vertrek (de link zou 'Al ingevuld' openen).
_OP_NAAM = re.compile(r"^ronde-(\d+)/.*/op-naam/(\d+)/([\w,-]+)$")


def op_naam(partner_id: int, vragenlijsten: Collection[str]) -> str:
    """Het einde van de sleutel van een rondebericht met alleen persoonlijke links (zie `_OP_NAAM`)."""
    return f"/op-naam/{partner_id}/{','.join(vragenlijsten)}"


@dataclass(frozen=True, slots=True)
class Klaar:
    """Een bericht voor de outbox: de bytes zoals ze over de lijn gaan (CRLF), en waarover het gaat."""

    sleutel: str
    soort: str
    afzender: str
    ontvanger: str
    onderwerp: str
    inhoud: bytes
    traject_id: int | None = None
    moment_id: int | None = None


def zet_alle_klaar(sessie: Session, berichten: Sequence[Klaar], nu: datetime) -> set[str]:
    """Zet de berichten klaar in één INSERT (executemany); geeft de sleutels die nieuw zijn. Een
    sleutel die er al is, verandert niets."""
    return voeg_alle_toe_tenzij_er(sessie, BerichtRij, "sleutel", [
        {"sleutel": b.sleutel, "traject_id": b.traject_id, "moment_id": b.moment_id, "soort": b.soort,
         "afzender": b.afzender, "ontvanger": b.ontvanger, "onderwerp": b.onderwerp, "inhoud": b.inhoud,
         "status": "wachtend", "pogingen": 0, "volgende_poging": nu, "aangemaakt_op": nu}
        for b in berichten
    ])


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
    klaar = Klaar(
        sleutel=sleutel,
        soort=soort,
        afzender=bericht["From"].addresses[0].addr_spec,
        ontvanger=bericht["To"].addresses[0].addr_spec,
        onderwerp=str(bericht["Subject"]),
        inhoud=bericht.as_bytes(policy=SMTP),  # CRLF: zo gaat het ongewijzigd over de lijn
        traject_id=traject_id,
        moment_id=moment_id,
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
            BerichtRij.status == "wachtend",
            BerichtRij.sleutel.not_in(behalve),
        )
        .values(status="vervangen")
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
            BerichtRij.status == "wachtend",
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
            rij.status, rij.vervallen_op, rij.vervalreden = "vervallen", nu, redenen[rij.id]
            if rij.soort in MET_GEHEIM:
                rij.inhoud = b""
        else:
            rij.geclaimd_tot = nu + lease
            uitgaand.append(Uitgaand(rij.sleutel, rij.afzender, rij.ontvanger, met_datum(rij.inhoud, nu)))
    return Geclaimd(uitgaand, len(redenen))


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
            BerichtRij.status == "verzonden",
        )
    )} if annuleringen else set()
    op_naam_ = {r.id: m for r in rijen if r.soort in RONDEBERICHTEN and (m := _OP_NAAM.match(r.sleutel))}
    # Eén antwoord per partner volstaat voor een vragenlijst op naam (webformulier of CSV-import).
    ingevuld = {(r, p, v) for r, p, v in sessie.execute(
        select(AntwoordsetRij.ronde_id, AntwoordsetRij.partner_id, AntwoordsetRij.vragenlijst).distinct().where(
            AntwoordsetRij.ronde_id.in_({int(m[1]) for m in op_naam_.values()}))
    )} if op_naam_ else set()

    redenen = {}
    for rij in rijen:
        m = op_naam_.get(rij.id)
        alles_ingevuld = m is not None and all((int(m[1]), int(m[2]), v) in ingevuld for v in m[3].split(","))
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


_DATE = re.compile(rb"(?m)^Date: [^\r\n]*")


def met_datum(inhoud: bytes, nu: datetime) -> bytes:
    """De bytes met `nu` als Date: een bericht dat na een stilstand vertrekt, draagt niet de datum
    waarop het klaargezet werd. Alleen de kop van het bericht zelf (tot de eerste lege regel)."""
    kop, scheiding, romp = inhoud.partition(b"\r\n\r\n")
    return _DATE.sub(b"Date: " + format_datetime(nu).encode(), kop, count=1) + scheiding + romp


def wachttijd(pogingen: int) -> timedelta:
    """1, 2, 4, ... minuten, tot hoogstens twee uur."""
    return min(timedelta(minutes=2 ** (pogingen - 1)), MAX_WACHTTIJD)


def verwerk(sessie: Session, uitslagen: Sequence[Afgehandeld], nu: datetime) -> None:
    verzonden = [u.sleutel for u in uitslagen if u.uitslag == Uitslag.VERZONDEN]
    if verzonden:  # de gewone uitslag: één UPDATE, zonder de rijen (en hun inhoud) te laden
        sessie.execute(
            update(BerichtRij)
            .where(BerichtRij.sleutel.in_(verzonden))
            .values(status="verzonden", verzonden_op=nu, laatste_fout=None, geclaimd_tot=None,
                    pogingen=BerichtRij.pogingen + 1,
                    # vertrokken: de links hoeven hier niet meer te staan
                    inhoud=case((BerichtRij.soort.in_(MET_GEHEIM), b""), else_=BerichtRij.inhoud))
            .execution_options(synchronize_session=False)
        )
    mislukt = {u.sleutel: u for u in uitslagen if u.uitslag != Uitslag.VERZONDEN}
    if not mislukt:
        return
    for rij in sessie.scalars(
        select(BerichtRij).where(BerichtRij.sleutel.in_(mislukt)).options(defer(BerichtRij.inhoud))
    ):
        uitslag = mislukt[rij.sleutel]
        rij.geclaimd_tot = None
        rij.pogingen += 1
        if uitslag.uitslag == Uitslag.PERMANENT:
            rij.status, rij.laatste_fout, rij.mislukt_op = "mislukt", uitslag.reden, nu
        elif nu - rij.aangemaakt_op >= OPGEVEN_NA:
            rij.status, rij.mislukt_op = "mislukt", nu
            rij.laatste_fout = f"Bleef {OPGEVEN_NA.days} dagen tijdelijk mislukken: {uitslag.reden}"
        else:
            rij.laatste_fout = uitslag.reden
            rij.volgende_poging = nu + wachttijd(rij.pogingen)
        if rij.status != "wachtend" and rij.soort in MET_GEHEIM:
            rij.inhoud = b""  # opgegeven: de links hoeven hier niet meer te staan


class Uitslagenboek:
    """Legt elke uitslag vast zodra de server antwoordde, vóór de server het volgende bericht op die
    verbinding aanvaardt: sterft het proces, dan gaat alleen wat per verbinding onderweg was nog eens (hoogstens
    één bericht). Uitslagen die binnenkomen terwijl een transactie loopt, gaan samen in de volgende;
    die lopen in een draad, zodat de verbindingen ondertussen verder versturen."""

    def __init__(self, databank: Databank, nu: datetime) -> None:
        self._databank, self._nu = databank, nu
        self._verbinding = databank.engine.connect()  # één voor de hele batch: een transactie per uitslag
        self._groep: list[Afgehandeld] = []  # wat de volgende transactie vastlegt
        self._volgende: asyncio.Task[None] | None = None  # die transactie, tot ze begint
        self._lopend: asyncio.Task[None] | None = None  # de transactie die nu loopt (of liep)

    async def __call__(self, uitslagen: Sequence[Afgehandeld]) -> None:
        if self._volgende is None:
            self._groep = []
            self._volgende = asyncio.create_task(self._na(self._lopend, self._groep))
        self._groep.extend(uitslagen)
        await self._volgende  # een fout (bv. de databank weg) krijgt elke wachtende verbinding

    async def _na(self, vorige: asyncio.Task[None] | None, groep: list[Afgehandeld]) -> None:
        if vorige is not None:
            await asyncio.wait([vorige])  # haar fout is voor wie op haar wachtte
        self._volgende, self._lopend = None, asyncio.current_task()  # wat nu komt, wacht op ons
        await asyncio.to_thread(self._vastleggen, groep)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_) -> None:
        self._verbinding.close()

    def _vastleggen(self, uitslagen: list[Afgehandeld]) -> None:
        with self._databank.transactie_op(self._verbinding) as sessie:
            if self._verbinding.dialect.name == "postgresql":
                # Niet wachten tot de WAL op schijf staat (een paar ms per bericht): een engine die
                # sterft, verliest daarmee niets; alleen een crash van de PostgreSQL-server zelf kan
                # de laatste uitslagen vergeten, en dan gaan die berichten nog eens (nooit verloren).
                sessie.execute(text("SET LOCAL synchronous_commit TO OFF"))
            verwerk(sessie, uitslagen, self._nu)
