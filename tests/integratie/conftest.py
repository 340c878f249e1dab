"""Echte databanken: een SQLite-bestand per test, en een eigen PostgreSQL-databank per testsessie."""

import os
from datetime import datetime

import psycopg
import pytest
from sqlalchemy import text

from diensten.commandos import Diensten
from domein.berichten import Ontvanger
from notificaties.post import Post
from opslag.databank import open_databank
from opslag.tabellen import Basis
from tests.conftest import NU

PG_SERVER = os.environ.get("KANSRIJK_TEST_PG", "postgresql://postgres@127.0.0.1:5432")


class Klok:
    """Een klok die de test zelf verzet: geen slapen, geen echte tijd."""

    def __init__(self, nu: datetime = NU) -> None:
        self.nu = nu

    def __call__(self) -> datetime:
        return self.nu


@pytest.fixture(scope="session")
def pg_url():
    naam = f"kansrijk_test_{os.getpid()}"
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as verbinding:
        verbinding.execute(f'DROP DATABASE IF EXISTS "{naam}"')
        verbinding.execute(f'CREATE DATABASE "{naam}"')
    yield f"{PG_SERVER}/{naam}"
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as verbinding:
        verbinding.execute(f'DROP DATABASE IF EXISTS "{naam}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def databank(request, tmp_path):
    if request.param == "sqlite":
        db = open_databank(f"sqlite:///{tmp_path / 'kansrijk.db'}")
    else:
        db = open_databank(request.getfixturevalue("pg_url"))
        tabellen = ", ".join(t.name for t in Basis.metadata.sorted_tables)
        with db.engine.begin() as verbinding:
            verbinding.execute(text(f"TRUNCATE {tabellen} RESTART IDENTITY CASCADE"))
    yield db
    db.engine.dispose()


@pytest.fixture
def klok():
    return Klok()


POST = Post(Ontvanger("vzw Krijt", "kansrijk@krijt.test"), Ontvanger("Colette Victor", "colette@krijt.test"))


@pytest.fixture
def commando(databank, programmas, klok):
    return Diensten(databank, programmas, post=POST, door="coördinator", klok=klok)
