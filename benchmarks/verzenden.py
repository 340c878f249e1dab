"""Berichten per seconde van de outbox naar een lokale SMTP-server, naast aiosmtplib zonder Kansrijk.

Een aiosmtpd-server draait in een thread van dit proces op 127.0.0.1 (vrije poort) en antwoordt
op elk bericht alleen "250 OK" (hij telt, maar bewaart niets). Gemeten, telkens met dezelfde N
berichten:

  (a) de basislijn: een aiosmtplib-client, één verbinding, `sendmail` van de N berichten na elkaar;
  (b) `workflows.pas.berichten_versturen` met smtp_verbindingen=1 (claim per 500, één verbinding
      per batch, uitslag vastleggen);
  (c) hetzelfde met de standaard smtp_verbindingen=4.

Voor (b) en (c) wordt de outbox telkens opnieuw gevuld met `zet_klaar` (niet gemeten). Elke meting
drie keer (`--herhalingen`), afwisselend; de mediaan telt.

    .venv/bin/python -m benchmarks.verzenden [--aantal 5000] [--postgres]
"""

import argparse
import asyncio
import os
import statistics
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
from domein.tijd import BRUSSEL
from notificaties.bericht import Ontvanger, maak_bericht
from notificaties.outbox import zet_klaar
from notificaties.post import Post
from opslag.databank import Databank, open_databank
from opslag.tabellen import BerichtRij
from tests.smtpserver import FreePortController
from workflows import pas
from workflows.pas import Onderdelen

AFZENDER = "vzw Krijt <kansrijk@krijt.test>"
COORDINATOR = "Colette Victor <colette@krijt.test>"
NU = datetime(2027, 3, 1, 8, 30, tzinfo=BRUSSEL)  # het tijdstip van de pas: alles staat klaar
PER_TRANSACTIE = 500  # berichten per transactie bij het vullen van de outbox


class Teller:
    """Een aiosmtpd-handler die elk bericht aanvaardt en alleen telt."""

    def __init__(self) -> None:
        self.aantal = 0

    async def handle_DATA(self, server, session, envelope) -> str:  # de hook van aiosmtpd
        self.aantal += 1
        return "250 OK"


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


async def _rauw(berichten: list[tuple[str, str, bytes]], poort: int) -> None:
    client = SMTP(hostname="127.0.0.1", port=poort, timeout=30)
    await client.connect()
    for afzender, ontvanger, inhoud in berichten:
        await client.sendmail(afzender, [ontvanger], inhoud)
    await client.quit()


def meet_basislijn(berichten: list[tuple[str, str, bytes]], poort: int, teller: Teller) -> float:
    voor = teller.aantal
    begin = time.perf_counter()
    asyncio.run(_rauw(berichten, poort))
    duur = time.perf_counter() - begin
    assert teller.aantal - voor == len(berichten), f"de server ontving {teller.aantal - voor} berichten"
    return duur


def meet_engine(onderdelen: Onderdelen, berichten: list[tuple[str, EmailMessage]], teller: Teller) -> float:
    vul_outbox(onderdelen.databank, berichten)
    voor = teller.aantal
    begin = time.perf_counter()
    verslag = pas.berichten_versturen(onderdelen, NU)
    duur = time.perf_counter() - begin
    n = len(berichten)
    assert (verslag.verzonden, verslag.later_opnieuw, verslag.mislukt) == (n, 0, 0), verslag
    assert teller.aantal - voor == n and tel_verzonden(onderdelen.databank) == n
    return duur


@dataclass
class Meting:
    naam: str
    databank: str
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
    return Onderdelen(databank, laad_programmas(), Post.uit(instellingen), instellingen)


def argumenten() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.verzenden",
        description="Meet hoeveel berichten per seconde Kansrijk van de outbox naar een lokale SMTP-server "
        "(aiosmtpd in dit proces) stuurt, naast aiosmtplib over één verbinding zonder Kansrijk.",
    )
    parser.add_argument("--aantal", type=int, default=5000, help="berichten per meting (standaard 5000)")
    parser.add_argument("--herhalingen", type=int, default=3, help="herhalingen per meting; de mediaan telt "
                        "(standaard 3)")
    parser.add_argument("--postgres", action="store_true",
                        help="meet (b) en (c) ook met de outbox op PostgreSQL (een eigen, tijdelijke databank)")
    parser.add_argument("--pg-server", default=os.environ.get("KANSRIJK_BENCH_PG", "postgresql://postgres@127.0.0.1:5432"),
                        help="de PostgreSQL-server voor --postgres (standaard postgresql://postgres@127.0.0.1:5432)")
    return parser.parse_args()


def main() -> None:
    args = argumenten()
    print(f"Machine: {os.cpu_count()} kernen, belasting (1/5/15 min) bij de start: "
          + " / ".join(f"{x:.2f}" for x in os.getloadavg()))
    begin = time.perf_counter()
    berichten = bouw_berichten(args.aantal)
    print(f"{args.aantal} herinneringen gebouwd met maak_bericht in {time.perf_counter() - begin:.1f} s")

    teller = Teller()
    server = FreePortController(teller, hostname="127.0.0.1", port=0)
    server.start()
    pg_naam = f"kansrijk_bench_{os.getpid()}"
    databanken: list[Databank] = []
    try:
        with tempfile.TemporaryDirectory(prefix="kansrijk-bench-") as tijdelijk:
            map_ = Path(tijdelijk)
            databanken.append(open_databank(f"sqlite:///{map_ / 'kansrijk.db'}"))
            if args.postgres:
                databanken.append(open_databank(maak_pg_databank(args.pg_server, pg_naam)))

            # De bytes voor de basislijn: precies wat zet_klaar in de outbox zette.
            begin = time.perf_counter()
            vul_outbox(databanken[0], berichten)
            print(f"Outbox gevuld met zet_klaar in {time.perf_counter() - begin:.1f} s (niet gemeten)")
            with databanken[0].transactie() as sessie:
                rauw = list(sessie.execute(
                    select(BerichtRij.afzender, BerichtRij.ontvanger, BerichtRij.inhoud).order_by(BerichtRij.id)))
            grootte = statistics.mean(len(r[2]) for r in rauw)

            metingen = [Meting("(a) aiosmtplib, 1 verbinding", "-", lambda: meet_basislijn(rauw, server.port, teller))]
            for db in databanken:
                soort = db.engine.dialect.name
                for k in (1, 4):
                    o = onderdelen(db, map_, server.port, k)
                    metingen.append(Meting(f"({'b' if k == 1 else 'c'}) berichten_versturen, {k} verb.", soort,
                                           lambda o=o: meet_engine(o, berichten, teller)))
            for herhaling in range(args.herhalingen):
                for meting in metingen:
                    meting.tijden.append(meting.meet())
                print(f"herhaling {herhaling + 1}/{args.herhalingen} klaar")

            druk_tabel(metingen, args.aantal, grootte, server.port)
    finally:
        for db in databanken:
            db.engine.dispose()
        server.stop()
        if args.postgres:
            verwijder_pg_databank(args.pg_server, pg_naam)
    print("Belasting (1/5/15 min) op het einde: " + " / ".join(f"{x:.2f}" for x in os.getloadavg()))


def druk_tabel(metingen: list[Meting], aantal: int, grootte: float, poort: int) -> None:
    basis = metingen[0].mediaan
    print()
    print(f"Verzenden: {aantal} herinneringen van gemiddeld {grootte / 1024:.1f} KiB naar aiosmtpd op "
          f"127.0.0.1:{poort} (in dit proces);")
    print(f"mediaan van {len(metingen[0].tijden)} herhalingen, tussen haakjes elke herhaling.")
    print()
    kop = f"{'meting':<36} {'databank':<11} {'berichten/s':>11} {'tijd (s)':>9} {'t.o.v. (a)':>10}  herhalingen (berichten/s)"
    print(kop)
    print("-" * len(kop))
    for m in metingen:
        per_seconde = aantal / m.mediaan
        verhouding = basis / m.mediaan  # (b)/(a) in berichten per seconde
        losse = ", ".join(f"{aantal / t:.0f}" for t in m.tijden)
        print(f"{m.naam:<36} {m.databank:<11} {per_seconde:>11.0f} {m.mediaan:>9.2f} {verhouding:>10.2f}  ({losse})")
    print()
    print("t.o.v. (a) = berichten/s van die meting gedeeld door berichten/s van de basislijn (a).")


if __name__ == "__main__":
    main()
