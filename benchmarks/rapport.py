"""Benchmark: rapporten voor N scholen met elk 50 antwoorden (werkgroep 1, leerkrachten 15,
ouders 25, leerlingen 9): scoren, de HTML en een PNG-grafiek per domein.

Met `--ronde` de hele weg zoals de engine hem gaat: N STOS-trajecten in een SQLite-databank, elk
met een open vragenlijstronde en 50 antwoorden, en dan één pas op de deadline die elke ronde sluit:
rapporten berekenen, de e-mails met hun PNG-grafieken bouwen en in de outbox zetten.

    .venv/bin/python -m benchmarks.rapport [--scholen 3500] [--ronde]
"""

import argparse
import random
import tempfile
import time
from datetime import datetime
from pathlib import Path

from sqlalchemy import delete, func, select

from config.instellingen import Instellingen
from config.programma import laad_programmas
from config.vragenlijst import laad_vragenlijsten
from domein.scoring import Antwoordset, bereken
from domein.tijd import BRUSSEL
from kansrijk.commando import Commando
from notificaties import rapport
from notificaties.post import Post
from opslag.databank import open_databank
from opslag.tabellen import AntwoordsetRij, BerichtRij, RondeRij
from workflows import pas
from workflows.pas import Onderdelen

GROEPEN = {"stos-werkgroep": 1, "stos-leerkrachten": 15, "stos-ouders": 25, "stos-leerlingen": 9}


def main() -> None:
    parser = argparse.ArgumentParser(description="Rapporten genereren voor veel scholen.")
    parser.add_argument("--scholen", type=int, default=3500, help="aantal scholen (standaard 3500)")
    parser.add_argument("--ronde", action="store_true", help="de hele ronde sluiten via de engine, met e-mails")
    args = parser.parse_args()
    if args.ronde:
        rondes_sluiten(args.scholen)
    else:
        rapporten(args.scholen)


def antwoorden_van_een_school(toeval: random.Random, lijsten: dict) -> list[Antwoordset]:
    keuzes = (1, 2, 3, 4, 5, None)
    return [
        Antwoordset(code, {i.code: toeval.choice(keuzes) for i in lijsten[code].items},
                    {"communicatie": "Meer uitleg over de schoolrekening graag."})
        for code, n in GROEPEN.items()
        for _ in range(n)
    ]


def rapporten(aantal: int) -> None:
    domeinen, lijsten = laad_vragenlijsten()
    toeval = random.Random(2026)
    # niet gemeten: de antwoorden komen uit de databank
    scholen = [antwoorden_van_een_school(toeval, lijsten) for _ in range(aantal)]
    tijden = {"scoren": 0.0, "html": 0.0, "grafieken": 0.0}
    bytes_ = 0
    for antwoorden in scholen:
        t0 = time.perf_counter()
        r = bereken(domeinen, lijsten, antwoorden)
        t1 = time.perf_counter()
        pagina = rapport.html(r, "Schoolfoto", lambda code: f"cid:{code}")
        t2 = time.perf_counter()
        bytes_ += len(pagina) + sum(len(rapport.grafiek(d)) for d in r.domeinen)
        t3 = time.perf_counter()
        tijden["scoren"] += t1 - t0
        tijden["html"] += t2 - t1
        tijden["grafieken"] += t3 - t2
    totaal = sum(tijden.values())
    print(f"{aantal} scholen × 50 antwoorden: {totaal:.1f} s ({aantal / totaal:.0f} rapporten/s, "
          f"{totaal / aantal * 1000:.1f} ms per school; {bytes_ / aantal / 1024:.0f} KiB per rapport)")
    for stap, t in tijden.items():
        print(f"  {stap:10s} {t:6.1f} s  ({t / totaal:.0%})")


def rondes_sluiten(aantal: int) -> None:
    _, lijsten = laad_vragenlijsten()
    toeval = random.Random(2026)
    nu = datetime(2027, 4, 12, 9, 0, tzinfo=BRUSSEL)
    with tempfile.TemporaryDirectory() as map_:
        instellingen = Instellingen(data_dir=Path(map_))
        databank = open_databank(instellingen.databank_url)
        onderdelen = Onderdelen(databank, laad_programmas(), Post.uit(instellingen), instellingen)
        commando = Commando(databank, onderdelen.programmas, post=onderdelen.post, door="benchmark", klok=lambda: nu)
        begin = time.perf_counter()
        for i in range(aantal):  # niet gemeten: de trajecten, de rondes en de antwoorden klaarzetten
            t = commando.traject_nieuw("stos", f"School {i}").id
            s = commando.partner_toevoegen(t, "school", f"School {i}").id
            commando.partner_bevestigen(t, s)
            commando.contact_toevoegen(t, s, "Directie", f"directie{i}@school.be", "directie")
            for _ in range(2):
                commando.volgende_fase(t, forceer=True, reden="benchmark")
            with databank.transactie() as sessie:
                ronde_id = sessie.scalar(select(RondeRij.id).where(RondeRij.traject_id == t))
                sessie.add_all(AntwoordsetRij(traject_id=t, partner_id=s, vragenlijst=a.vragenlijst, scores=a.scores,
                                              open=a.open, bron="csv", ingediend_op=nu, ronde_id=ronde_id)
                               for a in antwoorden_van_een_school(toeval, lijsten))
        inrichting = time.perf_counter() - begin
        with databank.transactie() as sessie:
            deadline = sessie.scalar(select(func.max(RondeRij.deadline)))
            sessie.execute(delete(BerichtRij))
        begin = time.perf_counter()
        verslag = pas.alle_timers(onderdelen, deadline)
        duur = time.perf_counter() - begin
        with databank.transactie() as sessie:
            rapportbytes = sessie.scalar(select(func.avg(func.length(BerichtRij.inhoud)))
                                         .where(BerichtRij.soort == "rapport"))
        databank.engine.dispose()
    assert verslag.uitgevoerd["ronde-sluiten"] == aantal, verslag
    print(f"{aantal} STOS-rondes met elk 50 antwoorden (inrichten {inrichting:.0f} s, niet gemeten)")
    print(f"één pas op de deadline: {duur:.1f} s ({aantal / duur:.1f} rondes/s, {duur / aantal * 1000:.0f} ms per "
          f"school): {verslag.berichten} berichten (rapport aan de directie, overzicht aan de coördinator), "
          f"een rapportmail {rapportbytes / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
