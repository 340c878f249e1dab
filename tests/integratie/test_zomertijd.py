"""Momenten in de nacht van de wintertijd op een echte databank (SQLite en PostgreSQL): de start
bewaard als ogenblik, het einde in echte tijd in de JSON, en dezelfde agenda-uitnodiging of ze nu
bij het plannen of een maand later gebouwd werd."""

import email
import email.policy
from datetime import UTC, datetime, timedelta

from icalendar import Calendar
from sqlalchemy import select

from diensten import lezen as overzicht
from domein.tijd import BRUSSEL, lees_tijdstip
from kansrijk import weergave
from opslag.tabellen import BerichtRij, MomentRij
from tests.integratie.test_commando import az_in_aanloop


def _agenda(inhoud: bytes):
    bericht = email.message_from_bytes(inhoud, policy=email.policy.default)
    deel = next(d for d in bericht.walk() if d.get_content_type() == "text/calendar")
    return Calendar.from_ical(deel.get_content()).walk("VEVENT")[0]


def test_moment_over_de_wintertijd_bewaard_getoond_en_uitgenodigd(commando, databank, klok):
    t, bestuur, _ = az_in_aanloop(commando)
    eerste = commando.moment_plannen(t, "kennismaking", lees_tijdstip("2027-10-31T01:30"), duur=120).id
    # de tweede 02:30, met een offset gekozen; en een start als ZoneInfo met fold=1 (zoals uit code)
    tweede = commando.moment_plannen(t, "infosessie", lees_tijdstip("2027-10-31T02:30+01:00"), duur=60).id
    fold = commando.moment_plannen(t, "infosessie", datetime(2027, 10, 31, 2, 45, fold=1, tzinfo=BRUSSEL)).id

    with databank.transactie() as sessie:
        bewaard = {m: sessie.get(MomentRij, m).start for m in (eerste, tweede, fold)}
    assert bewaard == {eerste: datetime(2027, 10, 30, 23, 30, tzinfo=UTC),
                       tweede: datetime(2027, 10, 31, 1, 30, tzinfo=UTC),
                       fold: datetime(2027, 10, 31, 1, 45, tzinfo=UTC)}

    toon = overzicht.traject(databank, commando.programmas, t, BRUSSEL)
    momenten = {m["id"]: m for m in toon["momenten"]}
    assert [(momenten[m]["start"], momenten[m]["einde"]) for m in (eerste, tweede, fold)] == [
        ("2027-10-31T01:30:00+02:00", "2027-10-31T02:30:00+01:00"),
        ("2027-10-31T02:30:00+01:00", "2027-10-31T03:30:00+01:00"),
        ("2027-10-31T02:45:00+01:00", "2027-10-31T03:45:00+01:00"),
    ]
    tekst = weergave.traject(toon)
    assert f"[{eerste}] 31-10-2027 01:30–02:30 (wintertijd) Kennismaking" in tekst
    assert f"[{fold}] 31-10-2027 02:45 (wintertijd)–03:45 Infosessie" in tekst

    # Een maand later komt er een schepen bij: zijn uitnodiging komt uit de databank (start in UTC).
    klok.nu += timedelta(days=30)
    commando.contact_toevoegen(t, bestuur, "Sam Schepen", "sam@zelzate.be", "schepen")
    with databank.transactie() as sessie:
        uitnodigingen = {
            b.ontvanger: _agenda(b.inhoud)
            for b in sessie.scalars(select(BerichtRij).where(BerichtRij.moment_id == eerste))
        }
    assert {"tine@zelzate.be", "sam@zelzate.be"} <= uitnodigingen.keys()
    for gebeurtenis in uitnodigingen.values():
        assert gebeurtenis.decoded("DTSTART") == datetime(2027, 10, 30, 23, 30, tzinfo=UTC)
        assert gebeurtenis.decoded("DTEND") == datetime(2027, 10, 31, 1, 30, tzinfo=UTC)
