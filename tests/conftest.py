"""Gedeelde hulp voor alle tests: de echte programma's en een vast 'nu'."""

import os
from datetime import datetime

import pytest

from config.programma import laad_programmas
from domein.tijd import BRUSSEL
from tests.smtpserver import smtp_server  # noqa: F401

NU = datetime(2026, 11, 25, 10, 0, tzinfo=BRUSSEL)

# De browsertests (tests/e2e) sturen Debians chromium; een andere plek dient om zijn ontbreken te testen.
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ONTBREEKT = f"{CHROMIUM} ontbreekt"


def pytest_terminal_summary(terminalreporter):
    """Zonder chromium vallen de browsertests weg; dat staat onderaan in gewone woorden, niet alleen
    tussen de andere overgeslagen tests. Hier en niet in tests/e2e: met xdist laadt het hoofdproces
    alleen deze conftest."""
    overgeslagen = [r for r in terminalreporter.stats.get("skipped", []) if ONTBREEKT in str(r.longrepr)]
    if overgeslagen:
        terminalreporter.write_sep("=", "browsertests overgeslagen", yellow=True, bold=True)
        terminalreporter.write_line(
            f"{len(overgeslagen)} browsertest(s) zijn NIET gedraaid: Debians chromium ({CHROMIUM}) ontbreekt. "
            "Installeer het met 'sudo apt-get install chromium' (of draai .ci/run, dat het installeert)."
        )


@pytest.fixture(scope="session")
def programmas():
    return laad_programmas()


@pytest.fixture(scope="session")
def az(programmas):
    return programmas["az"]


@pytest.fixture(scope="session")
def stos(programmas):
    return programmas["stos"]
