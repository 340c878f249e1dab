"""Benchmark: rapporten voor N scholen met elk 50 antwoorden (werkgroep 1, leerkrachten 15,
ouders 25, leerlingen 9): scoren, de HTML en een PNG-grafiek per domein.

    .venv/bin/python -m benchmarks.rapport [--scholen 3500]
"""

import argparse
import random
import time

from config.vragenlijst import laad_vragenlijsten
from domein.scoring import Antwoordset, bereken
from notificaties import rapport

GROEPEN = {"stos-werkgroep": 1, "stos-leerkrachten": 15, "stos-ouders": 25, "stos-leerlingen": 9}


def main() -> None:
    parser = argparse.ArgumentParser(description="Rapporten genereren voor veel scholen.")
    parser.add_argument("--scholen", type=int, default=3500, help="aantal scholen (standaard 3500)")
    aantal = parser.parse_args().scholen
    domeinen, lijsten = laad_vragenlijsten()
    toeval = random.Random(2026)
    keuzes = (1, 2, 3, 4, 5, None)

    def school() -> list[Antwoordset]:
        return [
            Antwoordset(code, {i.code: toeval.choice(keuzes) for i in lijsten[code].items},
                        {"communicatie": "Meer uitleg over de schoolrekening graag."})
            for code, n in GROEPEN.items()
            for _ in range(n)
        ]

    scholen = [school() for _ in range(aantal)]  # niet gemeten: de antwoorden komen uit de databank
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


if __name__ == "__main__":
    main()
