"""Een pas van de engine schrijft in bulk, op SQLite en PostgreSQL: de herinneringen van een traject
in één INSERT in de outbox, de nieuwe status van zijn timers in één UPDATE, en elk bericht één keer."""

import email
import email.policy
from datetime import timedelta

from icalendar import Calendar
from sqlalchemy import event, select

from diensten.commandos import Diensten
from opslag.databank import open_databank
from opslag.tabellen import BerichtRij, TimerRij
from tests.integratie.conftest import POST
from tests.integratie.test_commando import az_in_aanloop
from tests.integratie.test_engine import (  # noqa: F401
    DEELNEMERS,
    HERINNERING_14,
    KENNISMAKING,
    kennismaking,
    maak_onderdelen,
    onderdelen,
)
from workflows import timers


def opdrachten(databank):
    """Elke SQL-opdracht naar de databank (de eerste woorden), ook een executemany één keer."""
    gezien: list[str] = []

    def noteer(_verbinding, _cursor, opdracht, _parameters, _context, _executemany):
        gezien.append(" ".join(opdracht.split()[:3]).upper())

    event.listen(databank.engine, "before_cursor_execute", noteer)
    return gezien, lambda: event.remove(databank.engine, "before_cursor_execute", noteer)


def test_herinneringen_van_een_traject_in_een_insert_en_een_update(onderdelen, kennismaking, commando, databank):  # noqa: F811
    t, _ = kennismaking
    commando.moment_plannen(t, "kennismaking", KENNISMAKING + timedelta(days=1), locatie="Gemeentehuis")
    nu = HERINNERING_14 + timedelta(days=1, hours=1)  # de herinnering 14 dagen vooraf van beide momenten
    with databank.transactie() as sessie:
        sessie.query(BerichtRij).delete()  # de uitnodigingen: niet wat we hier meten
    gezien, stop = opdrachten(databank)
    try:
        verslag = timers.alle_timers(onderdelen, nu)
    finally:
        stop()
    assert (verslag.uitgevoerd["herinnering"], verslag.berichten) == (2, 2 * DEELNEMERS)
    assert gezien.count("INSERT INTO BERICHTEN") == 1
    assert gezien.count("UPDATE TIMERS SET") == 1
    with databank.transactie() as sessie:
        sleutels = sessie.scalars(select(BerichtRij.sleutel).where(BerichtRij.soort == "herinnering")).all()
        statussen = sessie.scalars(select(TimerRij.status).where(TimerRij.vervalt_op <= nu)).all()
    assert len(sleutels) == len(set(sleutels)) == 2 * DEELNEMERS
    assert set(statussen) == {"uitgevoerd"}
    assert timers.alle_timers(onderdelen, nu).berichten == 0  # nog een pas: niets dubbel


def test_een_uitnodiging_noemt_alle_genodigden(onderdelen, kennismaking, databank):  # noqa: F811
    with databank.transactie() as sessie:
        berichten = sessie.scalars(select(BerichtRij).where(BerichtRij.soort == "uitnodiging")).all()
    assert len(berichten) == DEELNEMERS
    agenda = set()
    for b in berichten:
        bericht = email.message_from_bytes(b.inhoud, policy=email.policy.default)
        assert bericht["To"].addresses[0].addr_spec == b.ontvanger
        (deel,) = [d for d in bericht.walk() if d.get_content_type() == "text/calendar" and not d.get_filename()]
        agenda.add(deel.get_content())
    assert len(agenda) == 1  # dezelfde uitnodiging voor iedereen
    genodigden = {str(a).removeprefix("mailto:") for a in Calendar.from_ical(agenda.pop()).walk("VEVENT")[0]["ATTENDEE"]}
    assert genodigden == {b.ontvanger for b in berichten}


def test_timers_van_een_traject_via_zijn_index_op_sqlite(programmas, tmp_path, smtp_server, klok):
    """Zonder statistieken nam SQLite de index op (status, vervalt_op) en las het voor elk traject de
    vervallen timers van alle trajecten: een pas met 500 trajecten werd kwadratisch."""
    databank = open_databank(f"sqlite:///{tmp_path / 'kansrijk.db'}")
    commando = Diensten(databank, programmas, post=POST, door="coördinator", klok=klok)
    t, _, _ = az_in_aanloop(commando)
    commando.moment_plannen(t, "kennismaking", KENNISMAKING, locatie="Gemeentehuis")
    gezien: list[tuple[str, object]] = []

    def noteer(_verbinding, _cursor, opdracht, parameters, _context, _executemany):
        if opdracht.lstrip().upper().startswith("SELECT") and "FROM timers" in opdracht:
            gezien.append((opdracht, parameters))

    event.listen(databank.engine, "before_cursor_execute", noteer)
    try:
        timers.timers_uitvoeren(maak_onderdelen(databank, programmas, tmp_path, smtp_server.poort), t, HERINNERING_14)
    finally:
        event.remove(databank.engine, "before_cursor_execute", noteer)
    ((opdracht, parameters),) = gezien
    with databank.engine.connect() as verbinding:
        plan = " ".join(r[3] for r in verbinding.exec_driver_sql(f"EXPLAIN QUERY PLAN {opdracht}", parameters))
    assert "ix_timers_traject_id" in plan and "ix_timers_status_vervalt_op" not in plan
    databank.engine.dispose()
