"""De onderdelen van de engine uit de omgeving (KANSRIJK_*), zonder Prefect: voor een pas als
flow run (ook in een ander proces, vanuit het dashboard) en voor een pas zonder Prefect-API."""

from collections.abc import Iterator
from contextlib import contextmanager

from config.instellingen import Instellingen
from config.programma import PROGRAMMA_MAP, laad_programmas
from config.vragenlijst import VRAGENLIJST_MAP, laad_vragenlijsten, rondes_kloppen
from notificaties.post import Post
from opslag.databank import open_databank
from workflows.pas import Onderdelen


@contextmanager
def onderdelen() -> Iterator[Onderdelen]:
    instellingen = Instellingen()
    databank = open_databank(instellingen.databank_url)
    try:
        programmas = laad_programmas(instellingen.programma_map or PROGRAMMA_MAP)
        vragenlijsten = laad_vragenlijsten(instellingen.vragenlijst_map or VRAGENLIJST_MAP)
        rondes_kloppen(programmas, vragenlijsten[1])
        yield Onderdelen(databank, programmas, Post.uit(instellingen), instellingen, vragenlijsten)
    finally:
        databank.engine.dispose()
