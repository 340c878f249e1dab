"""Berichten per seconde van de outbox naar een lokale SMTP-server, naast aiosmtplib zonder Kansrijk
over evenveel verbindingen.

De aiosmtpd-server draait in een eigen proces (`tests.smtp_proces`, 127.0.0.1, vrije poort): in dit
proces deelde hij de GIL met de client, zodat vier verbindingen niets wonnen. Hij antwoordt op elk
bericht "250 OK" en schrijft alleen de sleutel op (zo telt het script). Gemeten, telkens met
dezelfde N berichten, voor k = 1 en k = 4 verbindingen:

  (a) de vloer: aiosmtplib-clients over k verbindingen, `sendmail` van elk een deel van de N
      berichten na elkaar, zonder databank;
  (b) `workflows.verzenden.berichten_versturen` met smtp_verbindingen=k (claim per 500, de uitslag van
      elk bericht vastgelegd zodra de server antwoordde).

De verhouding (b)/(a) in berichten per seconde, per k en per databank, is het cijfer: het doel is
minstens 0,9. Voor (b) wordt de outbox telkens opnieuw gevuld met `zet_klaar` (niet gemeten). Elke
meting drie keer (`--herhalingen`), afwisselend; de mediaan telt.

    .venv/bin/python -m benchmarks.verzenden [--aantal 5000] [--databank sqlite|postgres|beide]
"""

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from pathlib import Path

from aiosmtplib import SMTP
from sqlalchemy import delete, func, select

from benchmarks.pg import maak_pg_databank, verwijder_pg_databank
from config.instellingen import Instellingen
from config.programma import laad_programmas
from domein.berichten import Ontvanger
from domein.tijd import BRUSSEL
from notificaties.bericht import maak_bericht
from notificaties.outbox import zet_klaar
from notificaties.post import Post
from opslag.databank import Databank, open_databank
from opslag.tabellen import BerichtRij
from opstart import Onderdelen
from workflows import verzenden

AFZENDER = "vzw Krijt <kansrijk@krijt.test>"
COORDINATOR = "Colette Victor <colette@krijt.test>"
NU = datetime(2027, 3, 1, 8, 30, tzinfo=BRUSSEL)  # het tijdstip van de pas: alles staat klaar
PER_TRANSACTIE = 500  # berichten per transactie bij het vullen van de outbox


class Server:
    """De SMTP-server in een eigen proces; telt wat hij aanvaardde (een regel per bericht)."""

    def __init__(self, map_: Path) -> None:
        self.pad = map_ / "ontvangen.txt"
        self.proces = subprocess.Popen([sys.executable, "-m", "tests.smtp_proces", str(self.pad)],
                                       stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.port = int(self.proces.stdout.readline())

    @property
    def aantal(self) -> int:
        with open(self.pad, "rb") as bestand:
            return bestand.read().count(b"\n")

    def stop(self) -> None:
        self.proces.stdin.close()
        self.proces.wait(timeout=30)


# -- de berichten --------------------------------------------------------------------------------


def bouw_berichten(aantal: int) -> list[tuple[str, EmailMessage]]:
    """N echte herinneringen (sjablonen, headers, quoted-printable), elk met een eigen ontvanger
    en een sleutel zoals `Post.over_moment` ze maakt. Eén keer gebouwd, voor elke vulbeurt."""
    afzender = Ontvanger("vzw Krijt", "kansrijk@krijt.test")
    coordinator = {"naam": "Colette Victor", "email": "colette@krijt.test"}
    berichten = []
    for i in range(aantal):
        school, moment_id = i // 5, i // 2
        start = datetime(2027, 3, 15, 9 + i % 7, 0, tzinfo=BRUSSEL)
        aan = Ontvanger(f"Contact {i}", f"contact{i}@school{school}.be")
        sleutel = f"moment-{moment_id}/r0/herinnering-14/{aan.email}"
        context = {
            "ontvanger": {"naam": aan.naam},
            "traject": {"naam": f"Basisschool {school}", "programma": "STOS: Samen Tegen Onbetaalde Schoolfacturen"},
            "coordinator": coordinator,
            "moment": {"naam": "Eerste werkgroep: schoolfoto bespreken en domeinen kiezen", "start": start,
                       "einde": start + timedelta(minutes=120), "duur": 120, "locatie": "Refter",
                       "partner": f"Basisschool {school}"},
            "reden": None,
            "dagen_voor": 14,
        }
        bericht = maak_bericht("herinnering", context, aan=aan, afzender=afzender, sleutel=sleutel,
                               verzonden_op=NU)
        berichten.append((sleutel, bericht))
    return berichten


def vul_outbox(databank: Databank, berichten: list[tuple[str, EmailMessage]]) -> None:
    """Een verse outbox: alles weg, dan elk bericht met `zet_klaar`, zoals de commando's dat doen."""
    with databank.transactie() as sessie:
        sessie.execute(delete(BerichtRij))
    for begin in range(0, len(berichten), PER_TRANSACTIE):
        with databank.transactie() as sessie:
            for sleutel, bericht in berichten[begin:begin + PER_TRANSACTIE]:
                zet_klaar(sessie, bericht, sleutel=sleutel, soort="herinnering", nu=NU)
    if databank.engine.dialect.name == "postgresql":  # geen dode rijen van de vorige beurt meten
        with databank.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as verbinding:
            verbinding.exec_driver_sql("VACUUM ANALYZE berichten")


def tel_verzonden(databank: Databank) -> int:
    with databank.transactie() as sessie:
        return sessie.scalar(select(func.count()).where(BerichtRij.status == "verzonden"))


# -- de metingen -----------------------------------------------------------------------------------


async def _rauw(berichten: list[tuple[str, str, bytes]], poort: int, verbindingen: int) -> None:
    async def een_verbinding(deel: list[tuple[str, str, bytes]]) -> None:
        client = SMTP(hostname="127.0.0.1", port=poort, timeout=30)
        await client.connect()
        for afzender, ontvanger, inhoud in deel:
            await client.sendmail(afzender, [ontvanger], inhoud)
        await client.quit()

    await asyncio.gather(*(een_verbinding(berichten[i::verbindingen]) for i in range(verbindingen)))


def meet_basislijn(berichten: list[tuple[str, str, bytes]], teller: Server, verbindingen: int) -> float:
    voor = teller.aantal
    begin = time.perf_counter()
    asyncio.run(_rauw(berichten, teller.port, verbindingen))
    duur = time.perf_counter() - begin
    assert teller.aantal - voor == len(berichten), f"de server ontving {teller.aantal - voor} berichten"
    return duur


def meet_engine(onderdelen: Onderdelen, berichten: list[tuple[str, EmailMessage]], teller: Server) -> float:
    vul_outbox(onderdelen.databank, berichten)
    voor = teller.aantal
    begin = time.perf_counter()
    verslag = verzenden.berichten_versturen(onderdelen, NU)
    duur = time.perf_counter() - begin
    n = len(berichten)
    assert (verslag.verzonden, verslag.later_opnieuw, verslag.mislukt) == (n, 0, 0), verslag
    assert teller.aantal - voor == n and tel_verzonden(onderdelen.databank) == n
    return duur


@dataclass
class Meting:
    naam: str
    databank: str
    verbindingen: int
    meet: Callable[[], float]
    tijden: list[float] = field(default_factory=list)

    @property
    def mediaan(self) -> float:
        return statistics.median(self.tijden)


# -- opbouw en opruimen ----------------------------------------------------------------------------


def onderdelen(databank: Databank, map_: Path, poort: int, verbindingen: int) -> Onderdelen:
    instellingen = Instellingen(
        _env_file=None, data_dir=map_, database_url=databank.url, smtp_host="127.0.0.1", smtp_port=poort,
        smtp_verbindingen=verbindingen, smtp_timeout=30.0, mail_afzender=AFZENDER, coordinator=COORDINATOR,
    )
    return Onderdelen(instellingen, databank=databank, programmas=laad_programmas(), post=Post.uit(instellingen))


def argumenten() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.verzenden",
        description="Meet hoeveel berichten per seconde Kansrijk van de outbox naar een lokale SMTP-server "
        "(aiosmtpd in een eigen proces) stuurt, naast aiosmtplib zonder Kansrijk over evenveel verbindingen.",
    )
    parser.add_argument("--aantal", type=int, default=5000, help="berichten per meting (standaard 5000)")
    parser.add_argument("--herhalingen", type=int, default=3, help="herhalingen per meting; de mediaan telt "
                        "(standaard 3)")
    parser.add_argument("--databank", choices=("sqlite", "postgres", "beide"), default="sqlite",
                        help="de databank van de outbox (standaard sqlite; postgres: een eigen, tijdelijke databank)")
    parser.add_argument("--pg-server", default=os.environ.get("KANSRIJK_BENCH_PG", "postgresql://postgres@127.0.0.1:5432"),
                        help="de PostgreSQL-server (standaard postgresql://postgres@127.0.0.1:5432)")
    return parser.parse_args()


def main() -> None:
    args = argumenten()
    print(f"Machine: {os.cpu_count()} kernen, belasting (1/5/15 min) bij de start: "
          + " / ".join(f"{x:.2f}" for x in os.getloadavg()))
    begin = time.perf_counter()
    berichten = bouw_berichten(args.aantal)
    print(f"{args.aantal} herinneringen gebouwd met maak_bericht in {time.perf_counter() - begin:.1f} s")

    pg_naam = f"kansrijk_bench_{os.getpid()}"
    databanken: list[Databank] = []
    with tempfile.TemporaryDirectory(prefix="kansrijk-bench-") as tijdelijk:
        map_ = Path(tijdelijk)
        server = Server(map_)
        try:
            if args.databank in ("sqlite", "beide"):
                databanken.append(open_databank(f"sqlite:///{map_ / 'kansrijk.db'}"))
            if args.databank in ("postgres", "beide"):
                databanken.append(open_databank(maak_pg_databank(args.pg_server, pg_naam)))

            # De bytes voor de vloer: precies wat zet_klaar in de outbox zet.
            vul_outbox(databanken[0], berichten)
            with databanken[0].transactie() as sessie:
                rauw = list(sessie.execute(
                    select(BerichtRij.afzender, BerichtRij.ontvanger, BerichtRij.inhoud).order_by(BerichtRij.id)))
            grootte = statistics.mean(len(r[2]) for r in rauw)

            metingen = []
            for k in (1, 4):
                metingen.append(Meting(f"(a) aiosmtplib, {k} verb.", "-", k,
                                       lambda k=k: meet_basislijn(rauw, server, k)))
                for db in databanken:
                    o = onderdelen(db, map_, server.port, k)
                    metingen.append(Meting(f"(b) berichten_versturen, {k} verb.", db.engine.dialect.name, k,
                                           lambda o=o: meet_engine(o, berichten, server)))
            for herhaling in range(args.herhalingen):
                for meting in metingen:
                    meting.tijden.append(meting.meet())
                print(f"herhaling {herhaling + 1}/{args.herhalingen} klaar")

            druk_tabel(metingen, args.aantal, grootte, server.port)
        finally:
            for db in databanken:
                db.engine.dispose()
            server.stop()
            if args.databank in ("postgres", "beide"):
                verwijder_pg_databank(args.pg_server, pg_naam)
    print("Belasting (1/5/15 min) op het einde: " + " / ".join(f"{x:.2f}" for x in os.getloadavg()))


def druk_tabel(metingen: list[Meting], aantal: int, grootte: float, poort: int) -> None:
    vloer = {m.verbindingen: m.mediaan for m in metingen if m.databank == "-"}
    print()
    print(f"Verzenden: {aantal} herinneringen van gemiddeld {grootte / 1024:.1f} KiB naar aiosmtpd op "
          f"127.0.0.1:{poort} (eigen proces);")
    print(f"mediaan van {len(metingen[0].tijden)} herhalingen, tussen haakjes elke herhaling.")
    print()
    kop = f"{'meting':<34} {'databank':<11} {'berichten/s':>11} {'tijd (s)':>9} {'t.o.v. (a)':>10}  herhalingen (berichten/s)"
    print(kop)
    print("-" * len(kop))
    for m in metingen:
        verhouding = vloer[m.verbindingen] / m.mediaan  # (b)/(a) in berichten per seconde, zelfde k
        losse = ", ".join(f"{aantal / t:.0f}" for t in m.tijden)
        print(f"{m.naam:<34} {m.databank:<11} {aantal / m.mediaan:>11.0f} {m.mediaan:>9.2f} {verhouding:>10.2f}  ({losse})")
    print()
    print("t.o.v. (a) = berichten/s van die meting gedeeld door die van aiosmtplib over evenveel verbindingen; "
          "doel: minstens 0,90.")


if __name__ == "__main__":
    main()
