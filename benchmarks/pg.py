"""Een tijdelijke PostgreSQL-databank voor een benchmark: aanmaken (een oude met die naam eerst weg)
en weer verwijderen."""

import psycopg


def maak_pg_databank(server: str, naam: str) -> str:
    with psycopg.connect(f"{server}/postgres", autocommit=True) as verbinding:
        verbinding.execute(f'DROP DATABASE IF EXISTS "{naam}" WITH (FORCE)')
        verbinding.execute(f'CREATE DATABASE "{naam}"')
    return f"{server}/{naam}"


def verwijder_pg_databank(server: str, naam: str) -> None:
    with psycopg.connect(f"{server}/postgres", autocommit=True) as verbinding:
        verbinding.execute(f'DROP DATABASE IF EXISTS "{naam}" WITH (FORCE)')
