"""Benchmark: rapporten voor N scholen met elk 50 antwoorden (werkgroep 1, leerkrachten 15,
ouders 25, leerlingen 9), met de vloer in dezelfde run.

Zonder `--ronde`, in het geheugen, per school:
  (vloer)  `bereken` en de HTML zonder grafiek (een lege <img>): wat een rapport minstens kost;
  (mail)   `bereken` en de HTML van de mail, met de grafieken als HTML-tabel: wat de engine doet;
  (mail, N processen) hetzelfde over een procespool zo groot als het aantal kernen;
  (PNG)    `bereken`, de HTML en zes PNG-grafieken, zoals de mail tot issue 13 deed (op een
           steekproef van `--png` scholen, omgerekend naar N).

Met `--ronde` de hele weg zoals de engine hem gaat: N STOS-trajecten, elk met een open
vragenlijstronde (via `Diensten`, niet gemeten) en 50 antwoorden, en dan één pas op de deadline die
elke ronde sluit: rapporten berekenen, de mails bouwen en in de outbox zetten. Daarnaast de vloer
voor dezelfde antwoorden in het geheugen.

    .venv/bin/python -m benchmarks.rapport [--scholen 3500] [--ronde] [--databank sqlite|postgres|beide]
"""

import argparse
import multiprocessing
import os
import random
import tempfile
import time
from datetime import datetime
from pathlib import Path

from sqlalchemy import delete, func, select

from benchmarks.pg import maak_pg_databank, verwijder_pg_databank
from config.instellingen import Instellingen
from config.programma import laad_programmas
from config.vragenlijst import laad_vragenlijsten
from diensten.commandos import Diensten
from domein.scoring import Antwoordset, bereken
from domein.tijd import BRUSSEL
from notificaties import rapport
from notificaties.post import Post
from opslag.databank import open_databank
from opslag.tabellen import AntwoordsetRij, BerichtRij, RondeRij
from opstart import Onderdelen
from workflows import timers

GROEPEN = {"stos-werkgroep": 1, "stos-leerkrachten": 15, "stos-ouders": 25, "stos-leerlingen": 9}
SCHOLEN: list[list[Antwoordset]] = []  # de werkers van de pool erven ze (fork): niets te picklen


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.rapport",
                                     description="Rapporten maken voor veel scholen, naast de vloer in dezelfde run.")
    parser.add_argument("--scholen", type=int, default=3500, help="aantal scholen (standaard 3500)")
    parser.add_argument("--png", type=int, default=300, help="steekproef voor de meting met PNG's (standaard 300)")
    parser.add_argument("--ronde", action="store_true", help="de rondes sluiten via de engine, met e-mails")
    parser.add_argument("--databank", choices=("sqlite", "postgres", "beide"), default="sqlite",
                        help="met --ronde: de databank (standaard sqlite)")
    parser.add_argument("--pg-server", default=os.environ.get("KANSRIJK_BENCH_PG", "postgresql://postgres@127.0.0.1:5432"))
    args = parser.parse_args()
    print(f"Machine: {os.cpu_count()} kernen, belasting (1/5/15 min) bij de start: "
          + " / ".join(f"{x:.2f}" for x in os.getloadavg()))
    if args.ronde:
        for soort in (("sqlite", "postgres") if args.databank == "beide" else (args.databank,)):
            rondes_sluiten(args.scholen, soort, args.pg_server)
    else:
        rapporten(args.scholen, args.png)
    print("Belasting (1/5/15 min) op het einde: " + " / ".join(f"{x:.2f}" for x in os.getloadavg()))


def antwoorden_van_een_school(toeval: random.Random, lijsten: dict) -> list[Antwoordset]:
    keuzes = (1, 2, 3, 4, 5, None)
    return [
        Antwoordset(code, {i.code: toeval.choice(keuzes) for i in lijsten[code].items},
                    {"communicatie": "Meer uitleg over de schoolrekening graag."})
        for code, n in GROEPEN.items()
        for _ in range(n)
    ]


def scholen(aantal: int) -> list[list[Antwoordset]]:
    _, lijsten = laad_vragenlijsten()
    toeval = random.Random(2026)
    return [antwoorden_van_een_school(toeval, lijsten) for _ in range(aantal)]


def _mail(van: int, tot: int) -> int:
    domeinen, lijsten = laad_vragenlijsten()
    return sum(len(rapport.html(bereken(domeinen, lijsten, a), "Schoolfoto", None)) for a in SCHOLEN[van:tot])


def _vloer(van: int, tot: int) -> int:
    domeinen, lijsten = laad_vragenlijsten()
    return sum(len(rapport.html(bereken(domeinen, lijsten, a), "Schoolfoto", lambda _: "")) for a in SCHOLEN[van:tot])


def _met_png(van: int, tot: int) -> int:
    domeinen, lijsten = laad_vragenlijsten()
    bytes_ = 0
    for a in SCHOLEN[van:tot]:
        r = bereken(domeinen, lijsten, a)
        bytes_ += len(rapport.html(r, "Schoolfoto", lambda code: f"cid:{code}"))
        bytes_ += sum(len(rapport.grafiek(d)) for d in r.domeinen)
    return bytes_


def _parallel(aantal: int, processen: int) -> int:
    # Stukken van 50 scholen: de werkers krijgen alleen twee getallen en geven een getal terug.
    stukken = [(van, min(van + 50, aantal)) for van in range(0, aantal, 50)]
    with multiprocessing.get_context("fork").Pool(processen) as pool:
        return sum(pool.starmap(_mail, stukken))


def _meet(werk, *args) -> tuple[float, int]:
    begin = time.perf_counter()
    uit = werk(*args)
    return time.perf_counter() - begin, uit


def rapporten(aantal: int, steekproef: int) -> None:
    SCHOLEN[:] = scholen(aantal)  # niet gemeten: de antwoorden komen uit de databank
    laad_vragenlijsten()
    _mail(0, 1)  # opwarmen: sjablonen compileren
    processen = os.cpu_count() or 1
    vloer, _ = _meet(_vloer, 0, aantal)
    mail, grootte = _meet(_mail, 0, aantal)
    parallel, grootte_p = _meet(_parallel, aantal, processen)
    assert grootte_p == grootte
    steekproef = min(steekproef, aantal)
    png, _ = _meet(_met_png, 0, steekproef)
    png *= aantal / steekproef
    print(f"\n{aantal} scholen × 50 antwoorden; een rapportmail (HTML) {grootte / aantal / 1024:.0f} KiB")
    print(f"{'meting':<44} {'tijd (s)':>9} {'ms/school':>10} {'t.o.v. vloer':>13}")
    for naam, t in (("(vloer) scoren + HTML zonder grafiek", vloer),
                    ("(mail) scoren + HTML met HTML-grafieken", mail),
                    (f"(mail) hetzelfde over {processen} processen", parallel),
                    (f"(PNG) scoren + HTML + 6 PNG's ({steekproef} → {aantal})", png)):
        print(f"{naam:<44} {t:>9.1f} {t / aantal * 1000:>10.1f} {t / vloer:>13.2f}")


def rondes_sluiten(aantal: int, soort: str, pg_server: str) -> None:
    _, lijsten = laad_vragenlijsten()
    toeval = random.Random(2026)
    nu = datetime(2027, 4, 12, 9, 0, tzinfo=BRUSSEL)
    pg_naam = f"kansrijk_bench_{os.getpid()}"
    with tempfile.TemporaryDirectory() as map_:
        url = maak_pg_databank(pg_server, pg_naam) if soort == "postgres" else None
        instellingen = Instellingen(_env_file=None, data_dir=Path(map_), database_url=url)
        databank = open_databank(instellingen.databank_url)
        try:
            onderdelen = Onderdelen(instellingen, databank=databank, programmas=laad_programmas(), post=Post.uit(instellingen))
            commando = Diensten(databank, onderdelen.programmas, post=onderdelen.post, door="benchmark",
                                klok=lambda: nu)
            begin = time.perf_counter()
            SCHOLEN.clear()
            for i in range(aantal):  # niet gemeten: de trajecten, de rondes en de antwoorden klaarzetten
                t = commando.traject_nieuw("stos", f"School {i}").id
                s = commando.partner_toevoegen(t, "school", f"School {i}").id
                commando.partner_bevestigen(t, s)
                commando.contact_toevoegen(t, s, "Directie", f"directie{i}@school.be", "directie")
                for _ in range(2):
                    commando.volgende_fase(t, forceer=True, reden="benchmark")
                SCHOLEN.append(antwoorden_van_een_school(toeval, lijsten))
                with databank.transactie() as sessie:
                    ronde_id = sessie.scalar(select(RondeRij.id).where(RondeRij.traject_id == t))
                    sessie.add_all(AntwoordsetRij(traject_id=t, partner_id=s, vragenlijst=a.vragenlijst,
                                                  scores=a.scores, open=a.open, bron="csv", ingediend_op=nu,
                                                  ronde_id=ronde_id)
                                   for a in SCHOLEN[-1])
            inrichting = time.perf_counter() - begin
            with databank.transactie() as sessie:
                deadline = sessie.scalar(select(func.max(RondeRij.deadline)))
                sessie.execute(delete(BerichtRij))
            vloer, _ = _meet(_vloer, 0, aantal)
            duur, verslag = _meet(timers.alle_timers, onderdelen, deadline)
            with databank.transactie() as sessie:
                rapportbytes = sessie.scalar(select(func.avg(func.length(BerichtRij.inhoud)))
                                             .where(BerichtRij.soort == "rapport"))
        finally:
            databank.engine.dispose()
            if url:
                verwijder_pg_databank(pg_server, pg_naam)
    assert verslag.uitgevoerd["ronde-sluiten"] == aantal, verslag
    print(f"\n{soort}: {aantal} STOS-rondes met elk 50 antwoorden (inrichten {inrichting:.0f} s, niet gemeten)")
    print(f"één pas op de deadline: {duur:.1f} s ({duur / aantal * 1000:.1f} ms per school): {verslag.berichten} "
          f"berichten (rapport aan de directie, overzicht aan de coördinator), een rapportmail "
          f"{rapportbytes / 1024:.0f} KiB")
    print(f"vloer (scoren + HTML zonder grafiek, in het geheugen): {vloer:.1f} s; verhouding {duur / vloer:.2f}")


if __name__ == "__main__":
    main()
