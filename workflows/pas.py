"""Het werk van de engine, zonder Prefect: vervallen timers uitvoeren, berichten versturen, het
dagoverzicht en het trajectoverzicht opmaken. De flows in `workflows.flows` roepen dit aan.

Elke stap is veilig om te herhalen, ook door twee engines tegelijk: een traject wordt geclaimd
met `FOR UPDATE SKIP LOCKED` (op SQLite wacht een schrijver met BEGIN IMMEDIATE), en wat een
timer doet, wordt vastgelegd in dezelfde transactie als zijn nieuwe status."""

import asyncio
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update

from config.programma import Programma
from diensten import ronde as rondewerk
from diensten.eenheid import Wijziging, laad_traject
from domein.model import MomentStatus, Ronde, RondeStatus, TrajectStatus
from domein.ronde import huidige, iedereen_klaar
from domein.ronde import timertekst as rondetimer
from domein.traject import controleer_open
from domein.voorwaarden import voorwaarden
from notificaties.outbox import Klaar, claim, zet_alle_klaar
from notificaties.uitslagen import Uitslagenboek, verwerk
from notificaties.verzender import SmtpInstellingen, Uitslag, schrijf_naar_postvak, verstuur
from opslag.databank import voeg_toe_tenzij_er
from opslag.tabellen import (
    BerichtRij,
    GebeurtenisRij,
    RondeRij,
    StandRij,
    TimerRij,
    TrajectRij,
    naar_domein,
)
from opstart import Onderdelen

BATCH = 500  # berichten per claim: één SMTP-verbinding (per parallelle verbinding) per batch


@dataclass(frozen=True, slots=True)
class TrajectMetWerk:
    id: int
    naam: str
    programma: str
    fase: str

    @property
    def tags(self) -> list[str]:
        """Voor Prefect-taken: een begrensd aantal (programma, fase). Prefect 3 houdt per verschillende
        tagset een draad en vraagt per taakrun concurrency-slots aan (PrefectHQ/prefect#18615, #19367):
        een tag per traject kostte hier 0,5-2 s per taakrun en een draad per traject."""
        return [f"programma-{self.programma}", f"fase-{self.fase}"]

    @property
    def flow_tags(self) -> list[str]:
        """Voor een flow run over één traject (fase-volgende, herinneringsronde): ook het traject."""
        return [f"traject-{self.id}", *self.tags]


@dataclass(slots=True)
class Timerverslag:
    uitgevoerd: Counter = field(default_factory=Counter)  # per soort
    vervallen: int = 0  # het moment verschoof, werd geannuleerd of is voorbij
    berichten: int = 0
    overgeslagen: int = 0  # trajecten die een andere engine of een coördinator net vasthad

    def tel_op(self, ander: "Timerverslag") -> None:
        self.uitgevoerd += ander.uitgevoerd
        self.vervallen += ander.vervallen
        self.berichten += ander.berichten
        self.overgeslagen += ander.overgeslagen


# -- timers ------------------------------------------------------------------------------------


def _herinnering(e: Onderdelen, w: Wijziging, timer: TimerRij) -> list[Klaar] | None:
    """De berichten voor een herinnering (klaargezet met die van de andere timers van het traject),
    of None als het moment verschoof, weg is of voorbij."""
    d = timer.details
    moment = next((m for m in w.traject.momenten if m.id == d["moment_id"]), None)
    if moment is None or moment.status != MomentStatus.GEPLAND or moment.revisie != d["revisie"] or moment.start <= w.nu:
        return None
    return e.post.berichten_over_moment(w.traject, w.programma, moment, "herinnering", w.nu, dagen_voor=d["dagen_voor"])


def _terugkommoment(e: Onderdelen, w: Wijziging, timer: TimerRij) -> int | None:
    if w.traject.status in (TrajectStatus.GESTOPT, TrajectStatus.AFGEROND):
        return None
    datum = timer.vervalt_op.astimezone(e.instellingen.zone).date()
    return e.post.terugkommoment(w.sessie, w.traject, w.programma, datum, w.nu)


def _open_ronde(w: Wijziging, timer: TimerRij) -> Ronde | None:
    """De ronde van de timer, als ze nog open is en (voor een timer op de deadline) niet verlengd werd."""
    ronde = next((r for r in w.traject.rondes if r.id == timer.details["ronde_id"]), None)
    if ronde is None or ronde.status != RondeStatus.OPEN:  # ook stopzetten sluit de ronde
        return None
    if "deadline" in timer.details and datetime.fromisoformat(timer.details["deadline"]) != ronde.deadline:
        return None
    return ronde


def _rondeherinnering(e: Onderdelen, w: Wijziging, timer: TimerRij) -> int | None:
    ronde = _open_ronde(w, timer)
    if ronde is None or ronde.deadline <= w.nu:  # te laat (de engine lag stil): de ronde sluit nu
        return None
    return rondewerk.herinneren(w, ronde, timer.details["dagen_voor"])


def _ronde_sluiten(e: Onderdelen, w: Wijziging, timer: TimerRij) -> int | None:
    ronde = _open_ronde(w, timer)
    if ronde is None:
        return None
    reden = timer.details.get("reden", "deadline")
    # Iedereen klaar bij het laatste antwoord, maar intussen kan een school haar doel verhoogd hebben.
    if reden == "iedereen" and not iedereen_klaar(rondewerk.stand(w.sessie, w.traject, w.programma, ronde,
                                                                  w.vragenlijsten)):
        return None
    return rondewerk.sluiten(w, reden)


# Wat elke soort timer doet: None (de timer vervalt), het aantal berichten dat hij klaarzette, of de
# berichten die hij oplevert; die gaan voor het hele traject samen in één INSERT. Een soort die hier
# niet staat, laat de engine liggen.
UITVOERDERS: dict[str, Callable[[Onderdelen, Wijziging, TimerRij], int | list[Klaar] | None]] = {
    "herinnering": _herinnering,
    "terugkommoment": _terugkommoment,
    "ronde-herinnering": _rondeherinnering,
    "ronde-sluiten": _ronde_sluiten,
}


def _vervallen_timers(nu: datetime):
    return select(TimerRij).where(
        TimerRij.status == "wachtend", TimerRij.vervalt_op <= nu, TimerRij.soort.in_(UITVOERDERS)
    )


def _vervallen_timers_van(traject_id: int, nu: datetime):
    """De vervallen timers van één traject. `status || ''` houdt SQLite (dat zonder statistieken
    plant) weg van de index op (status, vervalt_op): daarmee las het per traject de vervallen timers
    van álle trajecten, kwadratisch in een pas met veel trajecten; via traject_id zijn het er een paar."""
    return (
        select(TimerRij)
        .where(TimerRij.traject_id == traject_id, TimerRij.status + "" == "wachtend", TimerRij.vervalt_op <= nu,
               TimerRij.soort.in_(UITVOERDERS))
        .order_by(TimerRij.vervalt_op)
    )


def trajecten_met_werk(e: Onderdelen, nu: datetime, limiet: int = 10_000) -> list[TrajectMetWerk]:
    """De trajecten met vervallen timers, zonder ze te claimen (dat doet `timers_uitvoeren`)."""
    ids = _vervallen_timers(nu).with_only_columns(TimerRij.traject_id).distinct().subquery()
    vraag = (
        select(TrajectRij.id, TrajectRij.naam, TrajectRij.programma, TrajectRij.fase)
        .where(TrajectRij.id.in_(select(ids.c.traject_id)))
        .order_by(TrajectRij.id)
        .limit(limiet)
    )
    with e.databank.transactie() as sessie:
        return [TrajectMetWerk(*rij) for rij in sessie.execute(vraag)]


def traject_met_werk(e: Onderdelen, traject_id: int) -> TrajectMetWerk:
    with e.databank.transactie() as sessie:
        rij = laad_traject(sessie, traject_id)
        return TrajectMetWerk(rij.id, rij.naam, rij.programma, rij.fase)


def timers_uitvoeren(e: Onderdelen, traject_id: int, nu: datetime) -> Timerverslag:
    """Voert de vervallen timers van één traject uit, in één transactie."""
    verslag = Timerverslag()
    with e.databank.transactie() as sessie:
        rij = sessie.scalars(
            select(TrajectRij).where(TrajectRij.id == traject_id).with_for_update(skip_locked=True)
        ).one_or_none()
        if rij is None:
            verslag.overgeslagen = 1
            return verslag
        timers = sessie.scalars(_vervallen_timers_van(traject_id, nu)).all()
        w = Wijziging(sessie, rij, naar_domein(rij), e.programmas[rij.programma], nu, "engine", e.post,
                      *e.vragenlijsten)
        ingehaald = _ingehaald(timers)
        klaar: list[Klaar] = []
        for timer in timers:
            if timer.status != "wachtend":
                continue  # een eerdere timer van deze pas annuleerde hem (de ronde sloot al)
            berichten = None if timer in ingehaald else UITVOERDERS[timer.soort](e, w, timer)
            timer.uitgevoerd_op = nu
            if berichten is None:
                timer.status = "vervallen"
                verslag.vervallen += 1
            else:
                timer.status = "uitgevoerd"
                verslag.uitgevoerd[timer.soort] += 1
                if isinstance(berichten, list):
                    klaar += berichten
                else:
                    verslag.berichten += berichten
        # Zonder autoflush (zet_alle_klaar schrijft op de verbinding): de nieuwe status van alle
        # timers gaat bij de commit samen in één executemany-UPDATE.
        verslag.berichten += len(zet_alle_klaar(sessie, klaar, nu))
    return verslag


def alle_timers(
    e: Onderdelen, nu: datetime, uitvoeren: Callable[[TrajectMetWerk], Timerverslag] | None = None
) -> Timerverslag:
    """De vervallen timers van elk traject, traject per traject; de flow geeft met `uitvoeren` een
    getagde Prefect-taak mee."""
    totaal = Timerverslag()
    for traject in trajecten_met_werk(e, nu):
        totaal.tel_op(uitvoeren(traject) if uitvoeren else timers_uitvoeren(e, traject.id, nu))
    return totaal


# Herinneringen, en wat ze tot één reeks maakt: hetzelfde moment (en revisie), dezelfde ronde (en deadline).
_REEKS = {"herinnering": ("moment_id", "revisie"), "ronde-herinnering": ("ronde_id", "deadline")}


def _ingehaald(timers: list[TimerRij]) -> list[TimerRij]:
    """Herinneringen die te laat komen omdat ook een kortere uit dezelfde reeks vervallen is (de
    engine lag stil): alleen de laatste gaat, geen storm van herinneringen."""
    kortste: dict[tuple, TimerRij] = {}
    for t in timers:
        if t.soort in _REEKS:
            sleutel = (t.soort, *(t.details[veld] for veld in _REEKS[t.soort]))
            if sleutel not in kortste or t.details["dagen_voor"] < kortste[sleutel].details["dagen_voor"]:
                kortste[sleutel] = t
    return [t for t in timers if t.soort in _REEKS and t not in kortste.values()]


def herinneringsronde(e: Onderdelen, traject_id: int, dagen: int, nu: datetime) -> int:
    """Een herinnering nu, voor elk gepland moment in de komende `dagen` dagen; één ronde per dag."""
    with e.databank.transactie() as sessie:
        rij = laad_traject(sessie, traject_id, wijzigen=True)
        traject, programma = naar_domein(rij), e.programmas[rij.programma]
        controleer_open(traject)
        ronde = nu.astimezone(e.instellingen.zone).date()
        return sum(
            e.post.over_moment(sessie, traject, programma, m, "herinnering", nu, ronde=ronde)
            for m in traject.momenten
            if m.status == MomentStatus.GEPLAND and nu < m.start <= nu + timedelta(days=dagen)
        )


# -- berichten versturen -----------------------------------------------------------------------


@dataclass(slots=True)
class Verzendverslag:
    verzonden: int = 0
    later_opnieuw: int = 0
    mislukt: int = 0
    vervallen: int = 0  # achterhaald bij vertrek (de engine lag stil): niet verstuurd
    fouten: list[str] = field(default_factory=list)  # de redenen, elk één keer

    def tel(self, uitslag: Uitslag, reden: str | None) -> None:
        if uitslag == Uitslag.VERZONDEN:
            self.verzonden += 1
            return
        if uitslag == Uitslag.PERMANENT:
            self.mislukt += 1
        else:
            self.later_opnieuw += 1
        if reden and reden not in self.fouten:
            self.fouten.append(reden)

    def tel_op(self, ander: "Verzendverslag") -> None:
        self.verzonden += ander.verzonden
        self.later_opnieuw += ander.later_opnieuw
        self.mislukt += ander.mislukt
        self.vervallen += ander.vervallen
        self.fouten += [f for f in ander.fouten if f not in self.fouten]


def berichten_versturen(e: Onderdelen, nu: datetime) -> Verzendverslag:
    """Verstuurt alles wat klaarstaat, in batches: claimen (commit), dan versturen, met de uitslag
    van elk bericht vastgelegd (commit) zodra de server antwoordde. Er staat geen transactie open
    terwijl de mailserver antwoordt."""
    i = e.instellingen
    smtp = (
        SmtpInstellingen(i.smtp_host, i.smtp_port, i.smtp_gebruiker, i.smtp_wachtwoord, i.smtp_starttls, i.smtp_tls,
                         i.smtp_timeout)
        if i.smtp_host
        else None
    )
    lease = timedelta(seconds=i.outbox_lease_seconden)
    nu = nu.astimezone(UTC)  # in echte tijd: een lease of wachttijd over de herfstnacht duurt niet een uur langer
    verslag = Verzendverslag()
    while True:
        with e.databank.transactie() as sessie:
            geclaimd = claim(sessie, nu, BATCH, lease)
        if not geclaimd.aantal:
            return verslag
        verslag.vervallen += geclaimd.vervallen
        uitgaand = geclaimd.uitgaand
        if smtp:
            with Uitslagenboek(e.databank, nu) as boek:
                uitslagen = asyncio.run(verstuur(uitgaand, smtp, verbindingen=i.smtp_verbindingen, vastleggen=boek))
        else:  # een bestand dat er al staat, wordt niet opnieuw geschreven: per batch vastleggen volstaat
            uitslagen = schrijf_naar_postvak(uitgaand, i.postvak)
            with e.databank.transactie() as sessie:
                verwerk(sessie, uitslagen, nu)
        for u in uitslagen:
            verslag.tel(u.uitslag, u.reden)


def pasverslag(t: Timerverslag, v: Verzendverslag, dagoverzicht: bool) -> dict[str, int]:
    """Wat een pas deed, in getallen: voor de CLI, het logboek en de uitkomst van de flow run."""
    return {"timers": sum(t.uitgevoerd.values()), "vervallen": t.vervallen, "overgeslagen": t.overgeslagen,
            "dagoverzicht": int(dagoverzicht), "verzonden": v.verzonden, "later_opnieuw": v.later_opnieuw,
            "mislukt": v.mislukt, "berichten_vervallen": v.vervallen}


def iets_veranderd(verslag: dict[str, int]) -> bool:
    return any(verslag[k] for k in ("timers", "vervallen", "verzonden", "mislukt", "berichten_vervallen"))


def pas_zonder_prefect(e: Onderdelen, nu: datetime, met_dagoverzicht: bool) -> dict[str, int]:
    """Dezelfde pas als de flow `engine-pas`, zonder Prefect-API: de databank is de waarheid, Prefect
    alleen het venster. De rapporten van een gesloten ronde en het trajectoverzicht zijn
    Prefect-artefacten: die volgen bij de eerste pas met Prefect."""
    t = alle_timers(e, nu)
    v = berichten_versturen(e, nu)
    dag = met_dagoverzicht and dagoverzicht(e, nu)  # na het versturen: het telt ook wat deze pas verstuurde
    if dag:
        v.tel_op(berichten_versturen(e, nu))
    return pasverslag(t, v, dag)


# De trajecten die nog lopen (ook gepauzeerd): voor het dagoverzicht en het trajectoverzicht.
_LOPEND = (
    select(TrajectRij)
    .where(TrajectRij.status.in_([TrajectStatus.ACTIEF, TrajectStatus.GEPAUZEERD]))
    .order_by(TrajectRij.id)
)


# -- het dagoverzicht van de coördinator --------------------------------------------------------


def dagoverzicht(e: Onderdelen, nu: datetime) -> bool:
    """Zet het overzicht van vandaag klaar voor de coördinator: wat vertrok, mislukte en (achterhaald
    na een stilstand) verviel in de laatste 24 uur, wat de komende week klaarstaat en welke voorwaarden open staan. Eén per dag
    (de sleutel), ook met twee engines. False als het er al was."""
    zone = e.instellingen.zone
    sinds, tot = nu - timedelta(days=1), nu + timedelta(days=7)
    with e.databank.transactie() as sessie:
        verzonden = sessie.scalar(
            select(func.count()).where(BerichtRij.status == "verzonden", BerichtRij.verzonden_op > sinds,
                                       BerichtRij.verzonden_op <= nu)
        )
        mislukt = [
            {"aan": b.ontvanger, "onderwerp": b.onderwerp, "reden": b.laatste_fout}
            for b in sessie.scalars(
                select(BerichtRij).where(BerichtRij.status == "mislukt", BerichtRij.mislukt_op > sinds,
                                         BerichtRij.mislukt_op <= nu).order_by(BerichtRij.id)
            )
        ]
        vervallen = [
            {"aan": b.ontvanger, "onderwerp": b.onderwerp, "reden": b.vervalreden}
            for b in sessie.scalars(
                select(BerichtRij).where(BerichtRij.status == "vervallen", BerichtRij.vervallen_op > sinds,
                                         BerichtRij.vervallen_op <= nu).order_by(BerichtRij.id)
            )
        ]
        trajecten = sessie.scalars(_LOPEND).all()
        namen = {t.id: t.naam for t in trajecten}
        wachtend = [
            {"traject": namen[t.traject_id], "wat": _timer_omschrijving(t), "wanneer": t.vervalt_op}
            for t in sessie.scalars(
                select(TimerRij).where(TimerRij.status == "wachtend", TimerRij.vervalt_op <= tot,
                                       TimerRij.traject_id.in_(namen)).order_by(TimerRij.vervalt_op)
            )
        ]
        open_voorwaarden = [
            {"traject": t.naam, "fase": e.programmas[t.programma].fase(t.fase).naam, "tekst": v.tekst}
            for t in trajecten
            for v in voorwaarden(naar_domein(t), e.programmas[t.programma])
            if not v.voldaan
        ]
        return e.post.dagoverzicht(
            sessie, nu.astimezone(zone).date(), nu,
            verzonden=verzonden, mislukt=mislukt, vervallen=vervallen, wachtend=wachtend,
            open_voorwaarden=open_voorwaarden,
        )


def _timer_omschrijving(timer: TimerRij) -> str:
    if timer.soort == "herinnering":
        return f"herinnering {timer.details['dagen_voor']} dagen vóór een moment"
    return rondetimer(timer.soort, timer.details) or timer.soort.replace("-", " ")


# -- de rapporten van gesloten rondes (Prefect-artefacten) --------------------------------------


@dataclass(frozen=True, slots=True)
class Samenvatting:
    sleutel: str  # de sleutel van het artefact: per partner, en het overzicht
    titel: str
    markdown: str


def te_publiceren(e: Onderdelen) -> list[int]:
    """De gesloten rondes waarvan de rapporten nog niet als artefact gepubliceerd werden."""
    with e.databank.transactie() as sessie:
        return list(sessie.scalars(
            select(RondeRij.id).where(RondeRij.status == RondeStatus.GESLOTEN, RondeRij.gepubliceerd_op.is_(None))
        ))


def samenvattingen(e: Onderdelen, ronde_id: int, nu: datetime) -> list[Samenvatting]:
    """De rapporten van een gesloten ronde in markdown, en de ronde als gepubliceerd gemerkt; leeg
    als een andere engine ze net nam (compare-and-set)."""
    from notificaties.rapport import markdown

    with e.databank.transactie() as sessie:
        genomen = sessie.execute(
            update(RondeRij).where(RondeRij.id == ronde_id, RondeRij.gepubliceerd_op.is_(None))
            .values(gepubliceerd_op=nu).execution_options(synchronize_session=False)
        ).rowcount
        if not genomen:
            return []
        rij = sessie.get(RondeRij, ronde_id)
        traject = naar_domein(laad_traject(sessie, rij.traject_id))
        ronde = next(r for r in traject.rondes if r.id == ronde_id)
        r = rondewerk.rapporten_van(sessie, traject, e.programmas[traject.programma], ronde, *e.vragenlijsten)
        return [
            Samenvatting(f"rapport-traject-{traject.id}-partner-{p.partner.id}", p.titel, markdown(p.rapport, p.titel))
            for p in r.met_antwoorden
        ] + [Samenvatting(f"overzicht-traject-{traject.id}-ronde-{ronde_id}", r.titel, markdown(r.totaal, r.titel))]


# -- het trajectoverzicht (Prefect-artefact) ----------------------------------------------------


def trajectoverzicht_nodig(e: Onderdelen, *, gewijzigd: bool) -> bool:
    """Moet het overzicht opnieuw? Ja als deze pas iets veranderde (`gewijzigd`), of als er nieuwe
    gebeurtenissen zijn; die zet de engine die ze het eerst opmerkt op haar naam (compare-and-set)."""
    with e.databank.transactie() as sessie:
        laatste = sessie.scalar(select(func.coalesce(func.max(GebeurtenisRij.id), 0)))
        vorige = sessie.scalar(select(StandRij.waarde).where(StandRij.naam == "trajectoverzicht"))
        if vorige is None:
            return voeg_toe_tenzij_er(sessie, StandRij, "naam", naam="trajectoverzicht", waarde=laatste) or gewijzigd
        gezet = vorige != laatste and sessie.execute(
            update(StandRij)
            .where(StandRij.naam == "trajectoverzicht", StandRij.waarde == vorige)
            .values(waarde=laatste)
            .execution_options(synchronize_session=False)
        ).rowcount == 1
        return gezet or gewijzigd


def trajectoverzicht(e: Onderdelen, nu: datetime) -> list[dict[str, Any]]:
    """Eén rij per lopend traject: fase, volgend moment, open voorwaarden, berichten."""
    zone = e.instellingen.zone
    with e.databank.transactie() as sessie:
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
            programma, traject = e.programmas[rij.programma], naar_domein(rij)
            komend = min(
                (m for m in traject.momenten if m.status == MomentStatus.GEPLAND and m.start > nu),
                key=lambda m: m.start, default=None,
            )
            rijen.append(
                {
                    "traject": f"{rij.id}: {rij.naam}",
                    "programma": rij.programma.upper(),
                    "fase": programma.fase(rij.fase).naam + ("" if rij.status == "actief" else f" ({rij.status})"),
                    "volgend moment": _moment_tekst(programma, komend, zone),
                    "vragenlijstronde": huidige(traject).toestand if traject.rondes else "geen",
                    "open voorwaarden": "; ".join(v.tekst for v in voorwaarden(traject, programma) if not v.voldaan)
                    or "geen",
                    "verzonden": per_status[(rij.id, "verzonden")],
                    "mislukt": per_status[(rij.id, "mislukt")],
                    "wachtend": per_status[(rij.id, "wachtend")],
                }
            )
        return rijen


def _moment_tekst(programma: Programma, moment, zone: ZoneInfo) -> str:
    if moment is None:
        return "geen gepland"
    naam = programma.fase(moment.fase).momentsoort(moment.soort).naam
    return f"{naam}, {moment.start.astimezone(zone):%d-%m-%Y %H:%M}"
