import os
import socket
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import CHROMIUM, ONTBREEKT
from tests.e2e.test_cli import KANSRIJK
from tests.integratie.conftest import pg_url  # noqa: F401  (dezelfde testdatabank op PostgreSQL)

VLAGGEN = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
           "--disable-component-update", "--disable-sync"]

# Voor de browsertests: op een ontwikkelmachine zonder chromium overgeslagen; in CI (dat het installeert) nooit.
ZONDER_CHROMIUM = pytest.mark.skipif(not Path(CHROMIUM).exists() and not os.environ.get("CI"),
                                     reason=f"{ONTBREEKT} (apt-get install chromium; .ci/run doet het)")


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wacht_tot_hij_luistert(poort: int) -> None:
    """Tot de poort een verbinding aanneemt (met een grens): onder last kwam een eerste aanvraag anders te vroeg."""
    einde = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", poort), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > einde:
                raise
            time.sleep(0.05)


@pytest.fixture
def webserver(tmp_path):
    """`kansrijk web` als proces op een vrije poort, met de gegevensmap van de test; geeft de poort."""
    poort = vrije_poort()
    omgeving = {**os.environ, "KANSRIJK_DATA_DIR": str(tmp_path), "KANSRIJK_BASIS_URL": f"http://127.0.0.1:{poort}"}
    proces = subprocess.Popen([KANSRIJK, "web", "--poort", str(poort)], env=omgeving, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    proces.stdout.readline()  # "Het webformulier luistert op ...": die regel komt vóór uvicorn luistert
    wacht_tot_hij_luistert(poort)
    yield poort
    proces.terminate()
    proces.wait(timeout=10)


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=VLAGGEN)
        yield b
        b.close()
