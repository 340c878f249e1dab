"""Benchmark: antwoorden per seconde die het webformulier aanvaardt. `kansrijk web` draait als eigen
proces (uvicorn, één worker) op SQLite; een client in dit proces haalt het formulier op en verstuurt
het, na elkaar en met meerdere tegelijk. Twee links in dezelfde run: een losse groepslink (`kansrijk
vragenlijst link`) en de groepslink uit de uitnodiging van een open ronde, waar elk antwoord ook de
stand telt om te zien of iedereen klaar is.

    .venv/bin/python -m benchmarks.web [--aantal 400] [--tegelijk 8]
"""

import argparse
import asyncio
import email
import email.policy
import os
import re
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from config.vragenlijst import laad_vragenlijsten

KANSRIJK = str(Path(sys.executable).parent / "kansrijk")


def main() -> None:
    parser = argparse.ArgumentParser(description="Antwoorden per seconde via het webformulier.")
    parser.add_argument("--aantal", type=int, default=400, help="antwoorden per meting (standaard 400)")
    parser.add_argument("--tegelijk", type=int, default=8, help="gelijktijdige respondenten (standaard 8)")
    args = parser.parse_args()
    _, lijsten = laad_vragenlijsten()
    velden = {f"i-{i.code}": "4" for i in lijsten["stos-ouders"].items} | {"o-communicatie": "Duidelijker brieven"}
    with tempfile.TemporaryDirectory() as map_:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            poort = s.getsockname()[1]
        omgeving = {**os.environ, "KANSRIJK_DATA_DIR": map_, "KANSRIJK_BASIS_URL": f"http://127.0.0.1:{poort}"}

        def kansrijk(*a: str) -> str:
            return subprocess.run([KANSRIJK, *a], env=omgeving, check=True, capture_output=True, text=True).stdout.strip()

        kansrijk("traject", "nieuw", "--programma", "stos", "--naam", "Benchmark")
        kansrijk("partner", "toevoegen", "1", "--soort", "school", "--naam", "Benchmark")
        links = {"losse groepslink": kansrijk("vragenlijst", "link", "1", "1", "--vragenlijst", "stos-ouders"),
                 "groepslink in een open ronde": _rondelink(kansrijk, Path(map_) / "kansrijk.db")}
        web = subprocess.Popen([KANSRIJK, "web", "--poort", str(poort)], env=omgeving, stdout=subprocess.PIPE, text=True)
        web.stdout.readline()
        try:
            for tegelijk in (1, args.tegelijk):
                for naam, link in links.items():
                    duur = asyncio.run(_meet(link, velden, args.aantal, tegelijk))
                    print(f"{tegelijk:>2} tegelijk, {naam}: {args.aantal} antwoorden in {duur:.1f} s = "
                          f"{args.aantal / duur:.0f} antwoorden/s (formulier ophalen + versturen)")
        finally:
            web.terminate()
            web.wait()


def _rondelink(kansrijk, databank: Path) -> str:
    """Een tweede STOS-traject tot in de schoolfoto; de groepslink voor ouders uit de uitnodiging
    in de outbox (de engine verstuurt hier niets)."""
    kansrijk("traject", "nieuw", "--programma", "stos", "--naam", "Benchmark met ronde")
    kansrijk("partner", "toevoegen", "2", "--soort", "school", "--naam", "Benchmark")
    kansrijk("partner", "bevestigen", "2", "2")
    kansrijk("contact", "toevoegen", "2", "2", "--naam", "Directie", "--email", "directie@benchmark.be",
             "--rol", "directie")
    for _ in range(2):
        kansrijk("fase", "volgende", "2", "--forceer", "--reden", "benchmark")
    with sqlite3.connect(databank) as db:
        (inhoud,) = db.execute("SELECT inhoud FROM berichten WHERE soort = 'vragenlijst_uitnodiging'").fetchone()
    tekst = email.message_from_bytes(inhoud, policy=email.policy.default).get_body(("plain",)).get_content()
    return re.search(r"Vragenlijst voor ouders: (\S+)", tekst).group(1)


async def _meet(link: str, velden: dict, aantal: int, tegelijk: int) -> float:
    async with httpx.AsyncClient(timeout=30) as client:
        await _een(client, link, velden)  # opwarmen
        rij = asyncio.Queue()
        for _ in range(aantal):
            rij.put_nowait(None)

        async def respondent() -> None:
            while not rij.empty():
                rij.get_nowait()
                await _een(client, link, velden)

        begin = time.perf_counter()
        await asyncio.gather(*(respondent() for _ in range(tegelijk)))
        return time.perf_counter() - begin


async def _een(client: httpx.AsyncClient, link: str, velden: dict) -> None:
    pagina = await client.get(link)
    kenmerk = re.search(r'name="formulier" value="([^"]+)"', pagina.text).group(1)
    antwoord = await client.post(link, data=velden | {"formulier": kenmerk})
    if antwoord.status_code != 303:
        raise RuntimeError(f"{antwoord.status_code}: {antwoord.text[:200]}")


if __name__ == "__main__":
    main()
