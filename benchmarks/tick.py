"""Eén tick van de engine met 10.000 vervallen herinneringen, op SQLite en op PostgreSQL.

Inrichting (niet gemeten), met een vaste klok (maandag 22 februari 2027, 10:00):
- traject 1 gaat helemaal door `Diensten` (nieuw, school, bevestigen, twee contacten, fase
  werkgroepen, 20 momenten plannen): zijn timers zijn de maatstaf;
- de andere trajecten worden in bulk geschreven (SQLAlchemy core) met dezelfde vorm: een bevestigde
  school, een directeur en een werkgroeplid, 20 geplande momenten, en per moment de herinneringen die
  `domein.uitnodigingen.herinneringen` geeft, zoals `Diensten.moment_plannen` ze schrijft
  (soort "herinnering", status "wachtend", details {"moment_id", "revisie", "dagen_voor"}).
  Het script controleert dat de bulkcode voor traject 1 precies de timers van Diensten oplevert;
- de outbox wordt leeggemaakt (de uitnodigingen van het plannen), zodat de tick de herinneringen meet.

Alle momenten liggen tussen 11 en 19 maart 2027: op het tick-tijdstip (maandag 8 maart 2027, 09:00) is
van elk moment de herinnering 14 dagen vooraf vervallen en die van 2 dagen vooraf nog niet. Elke
herinnering gaat naar de twee contactpersonen: 10.000 timers worden 20.000 berichten.

Gemeten: `workflows.timers.alle_timers` (voor elk traject uit `trajecten_met_werk` `timers_uitvoeren`): de tick,
van vervallen timers tot berichten in de outbox. Daarna `berichten_versturen` naar het postvak (geen
SMTP-host: .eml-bestanden in de tijdelijke gegevensmap), apart getoond.

In dezelfde run de bodem: wat hetzelfde werk kost met de eenvoudigste code. (a) evenveel berichten als
bytes uit een f-string, de twee bodies met `quopri`; (b) één executemany-INSERT van evenveel
outboxrijen (DB-API, één transactie). De verhouding tick / (a + b) zegt wat de engine bovenop kost,
ook op een drukke machine.
Met `--prefect` daarna op SQLite dezelfde tick via de echte Prefect-flow `workflows.flows.engine_pas`
in `prefect_test_harness`, op een kopie van de ingerichte databank (enkele minuten extra).

    .venv/bin/python -m benchmarks.tick [--databank sqlite|postgres|beide] [--prefect]
"""

import argparse
import os
import quopri
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import delete, func, insert, select

from benchmarks.pg import maak_pg_databank, verwijder_pg_databank
from config.instellingen import Instellingen
from config.programma import Programma, laad_programmas
from diensten import timers as timerwerk
from diensten.commandos import Diensten
from domein.invoer import naam_sleutel
from domein.model import Moment, MomentStatus, TrajectStatus
from domein.tijd import BRUSSEL
from domein.uitnodigingen import herinneringen
from notificaties.post import Post
from opslag.databank import Databank, open_databank
from opslag.tabellen import BerichtRij, ContactRij, MomentRij, PartnerRij, TimerRij, TrajectRij
from opstart import Onderdelen
from workflows import timers, verzenden

INRICHTING = datetime(2027, 2, 22, 10, 0, tzinfo=BRUSSEL)  # na de krokusvakantie
TICK = datetime(2027, 3, 8, 9, 0, tzinfo=BRUSSEL)  # ruim voor de paasvakantie (Pasen 2027: 28 maart)
DAGEN = [datetime(2027, 3, d, tzinfo=BRUSSEL) for d in (11, 12, 15, 16, 17, 18, 19)]  # werkdagen
UREN = [(9, 0), (10, 30), (13, 0), (14, 30), (16, 0), (19, 30)]
SLOTS = [dag.replace(hour=u, minute=m) for dag in DAGEN for u, m in UREN]  # 42 tijdstippen
# Momentsoorten die de directie en de werkgroep allebei bijwonen: twee ontvangers per herinnering.
SOORTEN = [("werkgroepen", "werkgroep-1"), ("werkgroepen", "werkgroep-2"), ("vorming", "lancering"),
           ("vorming", "studiedag"), ("open-venster", "open-venstermoment")]
AFZENDER = "vzw Krijt <kansrijk@krijt.test>"
COORDINATOR = "Colette Victor <colette@krijt.test>"
PER_TRANSACTIE = 100  # trajecten per bulktransactie


def instellingen(map_: Path, url: str) -> Instellingen:
    """Zonder SMTP-host: de berichten komen als .eml in <map_>/postvak."""
    return Instellingen(_env_file=None, data_dir=map_, database_url=url, smtp_host=None,
                        mail_afzender=AFZENDER, coordinator=COORDINATOR)


def slot(traject_nr: int, moment_nr: int) -> datetime:
    return SLOTS[(traject_nr * 7 + moment_nr) % len(SLOTS)]


def naam(traject_nr: int) -> str:
    return f"Basisschool De Horizon {traject_nr}"


# -- inrichting --------------------------------------------------------------------------------


def traject_via_commando(commando: Diensten, momenten: int) -> int:
    t = commando.traject_nieuw("stos", naam(1)).id
    school = commando.partner_toevoegen(t, "school", naam(1)).id
    commando.partner_bevestigen(t, school)
    commando.contact_toevoegen(t, school, "Marleen Wouters", "directie@horizon1.be", "directie")
    commando.contact_toevoegen(t, school, "Jonas Peeters", "werkgroep@horizon1.be", "werkgroep")
    commando.volgende_fase(t)  # naar de intake
    commando.volgende_fase(t, forceer=True, reden="Intake viel samen met de aanmelding")  # schoolfoto
    commando.ronde_sluiten(t)  # de schoolfoto-ronde; haar timers vervallen, de bulktrajecten hebben er geen
    commando.volgende_fase(t)  # werkgroepen
    for j in range(momenten):
        fase, soort = SOORTEN[j % len(SOORTEN)]
        commando.moment_plannen(t, soort, slot(1, j), fase=fase, locatie="Refter")
    return t


def timerrijen(programma: Programma, traject_id: int, momenten: list[dict]) -> list[dict]:
    """De timers die `Diensten.moment_plannen` voor deze momenten schrijft."""
    rijen = []
    for m in momenten:
        moment = Moment(m["id"], m["fase"], m["soort"], m["start"], m["duur"], MomentStatus(m["status"]),
                        m["locatie"], m["partner_id"], m["revisie"])
        for t in herinneringen(programma, moment, INRICHTING):
            rijen.append({"traject_id": traject_id, "soort": t.soort, "sleutel": t.sleutel, "vervalt_op": t.vervalt_op,
                          "status": "wachtend", "details": t.details, "moment_id": moment.id,
                          "aangemaakt_op": INRICHTING})
    return rijen


def _met_ids(sessie, tabel, rijen: list[dict]) -> list[int]:
    if not rijen:
        return []
    return list(sessie.scalars(insert(tabel).returning(tabel.id, sort_by_parameter_order=True), rijen))


def trajecten_in_bulk(databank: Databank, programma: Programma, van: int, tot: int, momenten: int) -> None:
    """Trajecten van..tot-1 zoals traject_via_commando ze maakt, zonder gebeurtenissen en uitnodigingen."""
    for blok in range(van, tot, PER_TRANSACTIE):
        nrs = range(blok, min(blok + PER_TRANSACTIE, tot))
        with databank.transactie() as sessie:
            tids = _met_ids(sessie, TrajectRij, [
                {"programma": "stos", "naam": naam(i), "fase": "werkgroepen", "status": TrajectStatus.ACTIEF,
                 "aangemaakt_op": INRICHTING} for i in nrs])
            pids = _met_ids(sessie, PartnerRij, [
                {"traject_id": tid, "soort": "school", "naam": naam(i), "naam_sleutel": naam_sleutel(naam(i)),
                 "bevestigd_op": INRICHTING, "mandaat": None} for i, tid in zip(nrs, tids)])
            sessie.execute(insert(ContactRij), [
                rij for i, tid, pid in zip(nrs, tids, pids) for rij in (
                    {"traject_id": tid, "partner_id": pid, "naam": f"Directie {i}", "email": f"directie@horizon{i}.be",
                     "rol": "directie"},
                    {"traject_id": tid, "partner_id": pid, "naam": f"Werkgroep {i}", "email": f"werkgroep@horizon{i}.be",
                     "rol": "werkgroep"})])
            momentrijen = []
            for i, tid in zip(nrs, tids):
                for j in range(momenten):
                    fase, soort = SOORTEN[j % len(SOORTEN)]
                    momentrijen.append({
                        "traject_id": tid, "fase": fase, "soort": soort, "start": slot(i, j),
                        "duur": programma.fase(fase).momentsoort(soort).duur, "status": MomentStatus.GEPLAND,
                        "locatie": "Refter", "partner_id": None, "revisie": 0})
            for m, mid in zip(momentrijen, _met_ids(sessie, MomentRij, momentrijen)):
                m["id"] = mid
            timers = [t for tid in tids for t in timerrijen(programma, tid, [m for m in momentrijen
                                                                             if m["traject_id"] == tid])]
            sessie.execute(insert(TimerRij), timers)


def controleer_bulk(databank: Databank, programma: Programma, traject_id: int) -> None:
    """De bulkcode geeft voor de momenten van het Diensten-traject precies zijn timers."""
    kolommen = ("id", "fase", "soort", "start", "duur", "status", "locatie", "partner_id", "revisie")
    with databank.transactie() as sessie:
        momenten = [dict(zip(kolommen, r)) for r in sessie.execute(
            select(*(getattr(MomentRij, k) for k in kolommen)).where(MomentRij.traject_id == traject_id))]
        echt = {(t.soort, t.sleutel, t.vervalt_op, tuple(sorted(t.details.items())), t.moment_id, t.status)
                for t in sessie.scalars(select(TimerRij).where(TimerRij.traject_id == traject_id,
                                                          TimerRij.moment_id.is_not(None)))}
    bulk = {(t["soort"], t["sleutel"], t["vervalt_op"], tuple(sorted(t["details"].items())), t["moment_id"],
             t["status"]) for t in timerrijen(programma, traject_id, momenten)}
    assert echt == bulk, f"bulktimers wijken af van Diensten:\n{sorted(echt ^ bulk)}"


def richt_in(databank: Databank, programmas: dict[str, Programma], trajecten: int, momenten: int) -> float:
    begin = time.perf_counter()
    post = Post.uit(instellingen(Path("."), databank.url))
    commando = Diensten(databank, programmas, post=post, door="benchmark", klok=lambda: INRICHTING)
    eerste = traject_via_commando(commando, momenten)
    controleer_bulk(databank, programmas["stos"], eerste)
    trajecten_in_bulk(databank, programmas["stos"], 2, trajecten + 1, momenten)
    with databank.transactie() as sessie:
        sessie.execute(delete(BerichtRij))  # de uitnodigingen en de nieuwe-fase-berichten van traject 1
        vervallen = sessie.scalar(select(func.count()).select_from(timerwerk.vervallen(TICK).subquery()))
        alle = sessie.scalar(select(func.count()).select_from(TimerRij).where(TimerRij.status == "wachtend"))
    verwacht = trajecten * momenten
    assert (vervallen, alle) == (verwacht, 2 * verwacht), (vervallen, alle)
    if databank.engine.dialect.name == "postgresql":  # statistieken zoals autovacuum ze na een tijd heeft
        with databank.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as verbinding:
            verbinding.exec_driver_sql("VACUUM ANALYZE")
    return time.perf_counter() - begin


# -- de tick -----------------------------------------------------------------------------------


@dataclass
class Uitslag:
    databank: str
    inrichting: float
    timers: int
    berichten: int
    afvuren: float
    versturen: float
    verzonden: int
    bodem_bytes: float
    bodem_insert: float

    @property
    def totaal(self) -> float:
        return self.afvuren + self.versturen

    @property
    def bodem(self) -> float:
        return self.bodem_bytes + self.bodem_insert


# -- de bodem: hetzelfde werk met de eenvoudigste code ----------------------------------------

_TEKST = """Beste {naam},

Een korte herinnering: over 3 dagen staat dit contactmoment voor het traject {traject} (STOS) gepland:

  Eerste werkgroep: schoolfoto bespreken en domeinen kiezen
  Wanneer: donderdag 11 maart 2027, 09:00–10:30 (90 minuten)
  Waar:    Refter

Tot dan!

Met vriendelijke groet,
Colette Victor
vzw Krijt – colette@krijt.test
"""


def bodem_bytes(aantal: int) -> float:
    """`aantal` berichten van de grootte van een herinnering, als bytes uit een f-string met quopri."""
    begin = time.perf_counter()
    for i in range(aantal):
        tekst = _TEKST.format(naam=f"Directie {i}", traject=naam(i)).replace("\n", "\r\n")
        html = f"<!DOCTYPE html>\r\n<html><body><div style=\"max-width:560px\"><pre>{tekst}</pre></div></body></html>"
        sleutel = f"moment-{i}/r0/herinnering-14/directie@horizon{i}.be"
        _ = (f"From: {AFZENDER}\r\nTo: Directie {i} <directie@horizon{i}.be>\r\n"
             f"Subject: Herinnering: Eerste werkgroep op donderdag 11 maart 2027 om 09:00\r\n"
             f"Date: Mon, 08 Mar 2027 09:00:00 +0100\r\nMessage-ID: <{i}@krijt.test>\r\n"
             f"X-Kansrijk-Sleutel: {sleutel}\r\nMIME-Version: 1.0\r\n"
             f"Content-Type: multipart/alternative; boundary=\"=_{i}\"\r\n\r\n--=_{i}\r\n"
             f"Content-Type: text/plain; charset=\"utf-8\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
             ).encode() + quopri.encodestring(tekst.encode()) + (
             f"\r\n--=_{i}\r\nContent-Type: text/html; charset=\"utf-8\"\r\n"
             f"Content-Transfer-Encoding: quoted-printable\r\n\r\n").encode() + quopri.encodestring(
            html.encode()) + f"\r\n--=_{i}--\r\n".encode()
    return time.perf_counter() - begin


def bodem_insert(databank: Databank, aantal: int) -> float:
    """Eén executemany-INSERT van `aantal` outboxrijen van 2,5 KiB, met de DB-API zelf, in één
    transactie (met commit); daarna weer weg (niet gemeten)."""
    sqlite = databank.engine.dialect.name == "sqlite"
    p = "?" if sqlite else "%s"
    kolommen = "sleutel, traject_id, moment_id, soort, afzender, ontvanger, onderwerp, inhoud, status, pogingen, " \
               "volgende_poging, aangemaakt_op"
    with databank.transactie() as sessie:
        traject_id, moment_id = sessie.execute(select(MomentRij.traject_id, MomentRij.id).limit(1)).one()
    inhoud = b"x" * 2500
    rijen = [(f"bodem/{i}", traject_id, moment_id, "herinnering", "kansrijk@krijt.test", f"directie@horizon{i}.be",
              "Herinnering: Eerste werkgroep", inhoud, "wachtend", 0, TICK, TICK) for i in range(aantal)]
    verbinding = databank.engine.raw_connection()
    try:
        begin = time.perf_counter()
        cursor = verbinding.cursor()
        if sqlite:
            cursor.execute("BEGIN IMMEDIATE")
        cursor.executemany(f"INSERT INTO berichten ({kolommen}) VALUES ({', '.join([p] * 12)})", rijen)
        verbinding.commit()
        duur = time.perf_counter() - begin
        cursor.execute("DELETE FROM berichten WHERE sleutel LIKE 'bodem/%'")
        verbinding.commit()
    finally:
        verbinding.close()
    return duur


def tick(onderdelen: Onderdelen) -> tuple[int, int, float, float, int]:
    """Wat de flow engine-pas doet, zonder Prefect: `alle_timers` (voor elk traject uit
    `trajecten_met_werk` `timers_uitvoeren`), dan `berichten_versturen`."""
    begin = time.perf_counter()
    totaal = timers.alle_timers(onderdelen, TICK)
    midden = time.perf_counter()
    verzending = verzenden.berichten_versturen(onderdelen, TICK)
    einde = time.perf_counter()
    assert (totaal.vervallen, totaal.overgeslagen) == (0, 0), totaal
    assert verzending.verzonden == totaal.berichten, (totaal, verzending)
    return sum(totaal.uitgevoerd.values()), totaal.berichten, midden - begin, einde - midden, verzending.verzonden


def meet(soort: str, url: str, map_: Path, programmas: dict[str, Programma], args: argparse.Namespace,
         kopie: Path | None) -> Uitslag:
    databank = open_databank(url)
    try:
        inrichting = richt_in(databank, programmas, args.trajecten, args.momenten)
        print(f"{soort}: ingericht in {inrichting:.1f} s; de tick loopt ...")
        if kopie is not None:  # voor de Prefect-flow: dezelfde begintoestand
            databank.engine.dispose()
            with sqlite3.connect(databank.engine.url.database) as bron, sqlite3.connect(kopie) as doel:
                bron.backup(doel)
        inst = instellingen(map_, url)
        timers, berichten, afvuren, versturen, verzonden = tick(Onderdelen(inst, databank=databank, programmas=programmas, post=Post.uit(inst)))
        bestanden = sum(1 for _ in inst.postvak.glob("*.eml"))
        assert timers == args.trajecten * args.momenten and bestanden == berichten, (timers, bestanden)
        return Uitslag(soort, inrichting, timers, berichten, afvuren, versturen, verzonden, bodem_bytes(berichten),
                       bodem_insert(databank, berichten))
    finally:
        databank.engine.dispose()


@contextmanager
def omgeving(waarden: dict[str, str]) -> Iterator[None]:
    """Alleen deze KANSRIJK_-variabelen, zoals de flow ze uit de omgeving leest; daarna weer de oude."""
    oud = dict(os.environ)
    for sleutel in [k for k in os.environ if k.startswith("KANSRIJK_")]:
        del os.environ[sleutel]
    os.environ.update(waarden)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(oud)


def meet_prefect(kopie: Path, map_: Path, args: argparse.Namespace) -> tuple[float, float, float, dict]:
    """(harnas starten, lege pas, pas met de timers, verslag) via de echte flow engine-pas."""
    waarden = {"KANSRIJK_DATA_DIR": str(map_), "KANSRIJK_DATABASE_URL": f"sqlite:///{kopie}",
               "KANSRIJK_MAIL_AFZENDER": AFZENDER, "KANSRIJK_COORDINATOR": COORDINATOR}
    if not args.prefect_logs:
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")  # anders een regel per taak op de console
    # De telemetrie van de tijdelijke server botst op zijn eigen SQLite ("database is locked") en meet niets.
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    from prefect.testing.utilities import prefect_test_harness

    from workflows import flows

    with omgeving(waarden):
        begin = time.perf_counter()
        with prefect_test_harness(server_startup_timeout=120):
            harnas = time.perf_counter() - begin
            # Een pas zonder vervallen timers vóór de meting: Prefect en de client zijn dan opgewarmd,
            # zoals in een engine die elke 30 s een pas doet.
            begin = time.perf_counter()
            leeg = flows.engine_pas(nu=INRICHTING + timedelta(minutes=1), dagoverzicht=False)
            lege_pas = time.perf_counter() - begin
            assert leeg["timers"] == 0, leeg
            begin = time.perf_counter()
            verslag = flows.engine_pas(nu=TICK, dagoverzicht=False)
            pas_met_timers = time.perf_counter() - begin
    return harnas, lege_pas, pas_met_timers, verslag


def argumenten() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.tick",
        description="Meet één tick van de engine met 10.000 vervallen herinneringen (500 STOS-trajecten × 20 "
        "momenten, twee ontvangers per herinnering): timers afvuren en de berichten naar het postvak schrijven, "
        "op SQLite en PostgreSQL; met --prefect op SQLite ook via de Prefect-flow engine-pas.",
    )
    parser.add_argument("--databank", choices=["sqlite", "postgres", "beide"], default="beide",
                        help="waarop de tick loopt (standaard beide)")
    parser.add_argument("--trajecten", type=int, default=500, help="aantal STOS-trajecten (standaard 500)")
    parser.add_argument("--momenten", type=int, default=20,
                        help="geplande momenten per traject, elk met één vervallen herinnering (standaard 20)")
    parser.add_argument("--prefect", action="store_true",
                        help="meet op SQLite ook dezelfde tick via de echte Prefect-flow engine-pas (in "
                        "prefect_test_harness); dat duurt enkele minuten extra")
    parser.add_argument("--prefect-logs", action="store_true",
                        help="de INFO-logregels van Prefect tonen (standaard alleen waarschuwingen)")
    parser.add_argument("--pg-server", default=os.environ.get("KANSRIJK_BENCH_PG", "postgresql://postgres@127.0.0.1:5432"),
                        help="de PostgreSQL-server (standaard postgresql://postgres@127.0.0.1:5432); het script maakt "
                        "er een tijdelijke databank kansrijk_bench_<pid> en verwijdert die op het einde")
    return parser.parse_args()


def main() -> None:
    args = argumenten()
    soorten = ["sqlite", "postgresql"] if args.databank == "beide" else [
        {"sqlite": "sqlite", "postgres": "postgresql"}[args.databank]]
    prefect = "sqlite" in soorten and args.prefect
    print(f"Machine: {os.cpu_count()} kernen, belasting (1/5/15 min) bij de start: "
          + " / ".join(f"{x:.2f}" for x in os.getloadavg()))
    programmas = laad_programmas()
    pg_naam = f"kansrijk_bench_{os.getpid()}"
    uitslagen: list[Uitslag] = []
    flow = None
    with tempfile.TemporaryDirectory(prefix="kansrijk-bench-") as tijdelijk:
        map_ = Path(tijdelijk)
        try:
            for soort in soorten:
                submap = map_ / soort
                submap.mkdir()
                if soort == "sqlite":
                    url = f"sqlite:///{submap / 'kansrijk.db'}"
                else:
                    url = maak_pg_databank(args.pg_server, pg_naam)
                kopie = map_ / "prefect" / "kansrijk.db" if soort == "sqlite" and prefect else None
                if kopie:
                    kopie.parent.mkdir()
                uitslagen.append(meet(soort, url, submap, programmas, args, kopie))
                shutil.rmtree(submap / "postvak", ignore_errors=True)
                if soort == "postgresql":
                    verwijder_pg_databank(args.pg_server, pg_naam)
            if prefect:
                print("Prefect: tijdelijke server starten en de flow engine-pas draaien ...")
                flow = meet_prefect(map_ / "prefect" / "kansrijk.db", map_ / "prefect", args)
                bestanden = sum(1 for _ in (map_ / "prefect" / "postvak").glob("*.eml"))
                assert flow[3]["timers"] == uitslagen[0].timers and flow[3]["verzonden"] == bestanden, flow[3]
        finally:
            if "postgresql" in soorten:
                verwijder_pg_databank(args.pg_server, pg_naam)
    druk_af(uitslagen, flow, args)
    print("Belasting (1/5/15 min) op het einde: " + " / ".join(f"{x:.2f}" for x in os.getloadavg()))


def druk_af(uitslagen: list[Uitslag], flow: tuple | None, args: argparse.Namespace) -> None:
    print()
    print(f"Tick op {TICK:%d-%m-%Y %H:%M}: {args.trajecten} STOS-trajecten × {args.momenten} momenten = "
          f"{args.trajecten * args.momenten} vervallen herinneringen, 2 ontvangers elk; berichten naar het postvak.")
    print()
    breedte = 26
    print(f"{'':<{breedte}}" + "".join(f"{u.databank:>14}" for u in uitslagen))
    regels_ = [
        ("inrichting (s, niet gemeten)", lambda u: f"{u.inrichting:.1f}"),
        ("timers afgevuurd", lambda u: f"{u.timers}"),
        ("berichten gemaakt", lambda u: f"{u.berichten}"),
        ("tick: timers afvuren (s)", lambda u: f"{u.afvuren:.2f}"),
        ("bodem (a) bytes (s)", lambda u: f"{u.bodem_bytes:.2f}"),
        ("bodem (b) INSERT (s)", lambda u: f"{u.bodem_insert:.2f}"),
        ("tick / bodem (a + b)", lambda u: f"{u.afvuren / u.bodem:.2f}"),
        ("berichten wegschrijven (s)", lambda u: f"{u.versturen:.2f}"),
        ("afvuren + wegschrijven (s)", lambda u: f"{u.totaal:.2f}"),
        ("timers/s (afvuren)", lambda u: f"{u.timers / u.afvuren:.0f}"),
        ("timers/s (hele tick)", lambda u: f"{u.timers / u.totaal:.0f}"),
        ("berichten/s (afvuren)", lambda u: f"{u.berichten / u.afvuren:.0f}"),
        ("berichten/s (wegschrijven)", lambda u: f"{u.verzonden / u.versturen:.0f}"),
    ]
    for label, waarde in regels_:
        print(f"{label:<{breedte}}" + "".join(f"{waarde(u):>14}" for u in uitslagen))
    if flow is not None:
        harnas, leeg, met_timers, verslag = flow
        gewoon = next(u for u in uitslagen if u.databank == "sqlite").totaal
        print()
        print(f"Prefect-flow engine-pas op SQLite (prefect_test_harness, één taakrun per traject, "
              f"{'met' if args.prefect_logs else 'zonder'} INFO-logs):")
        print(f"  tijdelijke Prefect-server starten (niet gemeten): {harnas:.1f} s")
        print(f"  pas zonder vervallen timers (opwarmen):          {leeg:.2f} s")
        print(f"  pas met de {verslag['timers']} timers:                  {met_timers:.2f} s "
              f"({verslag['verzonden']} berichten verzonden)")
        print(f"  verhouding flow / gewone tick (SQLite):           {met_timers / gewoon:.2f}")
        print("  (de flow werkt daarbij ook het trajectoverzicht-artefact bij; de gewone tick niet)")


if __name__ == "__main__":
    main()
