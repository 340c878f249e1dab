"""Gedeelde hulp voor alle tests: de echte programma's en een vast 'nu'."""

from datetime import datetime

import pytest

from config.programma import laad_programmas
from domein.tijd import BRUSSEL
from tests.smtpserver import smtp_server  # noqa: F401

NU = datetime(2026, 11, 25, 10, 0, tzinfo=BRUSSEL)


@pytest.fixture(scope="session")
def programmas():
    return laad_programmas()


@pytest.fixture(scope="session")
def az(programmas):
    return programmas["az"]


@pytest.fixture(scope="session")
def stos(programmas):
    return programmas["stos"]
