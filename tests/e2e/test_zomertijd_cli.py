"""Momenten in de nachten van de zomer- en wintertijd via de CLI als subproces: `--start` in het
dubbele en het ontbrekende uur, en het einde in `traject toon`, `agenda` en de uitnodiging."""

import email
import email.policy
import json
import sqlite3

from icalendar import Calendar

from tests.e2e.test_cli import kansrijk, ok

TINE = "tine@zelzate.be"


def test_momenten_over_de_klokwissel(tmp_path):
    t = ok(tmp_path, "traject", "nieuw", "--programma", "az", "--naam", "Samenwerkingsverband Zelzate")
    bestuur = ok(tmp_path, "partner", "toevoegen", t, "--soort", "lokaal-bestuur", "--naam", "Gemeente Zelzate")
    ok(tmp_path, "contact", "toevoegen", t, bestuur, "--naam", "Tine Van Damme", "--email", TINE, "--rol", "trekker")

    def plan(soort: str, start: str, duur: str) -> dict:
        return json.loads(ok(tmp_path, "moment", "plannen", t, "--soort", soort, "--start", start, "--duur", duur, "--json"))

    herfst = plan("kennismaking", "2027-10-31T01:30", "120")
    assert (herfst["start"], herfst["einde"]) == ("2027-10-31T01:30:00+02:00", "2027-10-31T02:30:00+01:00")
    tweede = plan("infosessie", "2027-10-31T02:30+01:00", "60")  # met offset: de tweede 02:30
    assert (tweede["start"], tweede["einde"]) == ("2027-10-31T02:30:00+01:00", "2027-10-31T03:30:00+01:00")
    lente = plan("infosessie", "2027-03-28T01:30", "120")
    assert (lente["start"], lente["einde"]) == ("2027-03-28T01:30:00+01:00", "2027-03-28T04:30:00+02:00")

    bestaat_niet = kansrijk(tmp_path, "moment", "plannen", t, "--soort", "infosessie", "--start", "2027-03-28T02:30")
    assert bestaat_niet.returncode == 2 and "Traceback" not in bestaat_niet.stderr
    assert "2027-03-28T02:30 bestaat niet in Europe/Brussels" in bestaat_niet.stderr

    toon = json.loads(ok(tmp_path, "traject", "toon", t, "--json"))
    assert {m["id"]: (m["start"], m["einde"]) for m in toon["momenten"]} == {
        m["id"]: (m["start"], m["einde"]) for m in (herfst, tweede, lente)
    }  # de geweigerde planning schreef niets
    tekst = ok(tmp_path, "traject", "toon", t)
    assert f"[{herfst['id']}] 31-10-2027 01:30–02:30 (wintertijd) Kennismaking" in tekst
    assert f"[{tweede['id']}] 31-10-2027 02:30 (wintertijd)–03:30 Infosessie" in tekst
    assert f"[{lente['id']}] 28-03-2027 01:30–04:30 Infosessie" in tekst

    agenda = json.loads(ok(tmp_path, "agenda", t, "--json"))
    herinneringen = [x["beschrijving"] for x in agenda if x["soort"] == "herinnering" and x["moment_id"] == tweede["id"]]
    assert herinneringen and all("Infosessie op 31-10-2027 02:30 (wintertijd)" in h for h in herinneringen)
    assert {x["moment_id"] for x in agenda if x["soort"] == "uitnodiging"} == {
        m["id"] for m in (herfst, tweede, lente)
    }

    # De uitnodiging die het commando bouwde: het einde in UTC, de tweede 02:30 is 01:30 UTC.
    with sqlite3.connect(tmp_path / "kansrijk.db") as db:
        (inhoud,) = db.execute("SELECT inhoud FROM berichten WHERE moment_id = ? AND ontvanger = ?",
                               (herfst["id"], TINE)).fetchone()
    bericht = email.message_from_bytes(inhoud, policy=email.policy.default)
    ics = next(d for d in bericht.walk() if d.get_content_type() == "text/calendar").get_content()
    gebeurtenis = Calendar.from_ical(ics).walk("VEVENT")[0]
    assert (gebeurtenis["DTSTART"].to_ical(), gebeurtenis["DTEND"].to_ical()) == (b"20271030T233000Z", b"20271031T013000Z")
    assert "01:30–02:30 (wintertijd) (120 minuten)" in bericht.get_body(("plain",)).get_content()
