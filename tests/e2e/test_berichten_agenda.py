"""`kansrijk agenda` en `kansrijk berichten lijst` als subproces: tekst, JSON, exitcodes en
Nederlandse meldingen zonder traceback."""

import json
import sqlite3

import pytest

from tests.e2e.test_cli import kansrijk, ok, zonder_prefect

ELS = "els@vlinder.be"
TINE = "tine@zelzate.be"
REDEN = "550 5.1.1 <els@vlinder.be>: Recipient address rejected"


def _traject_met_kennismaking(data, **omgeving) -> tuple[str, str]:
    t = ok(data, "traject", "nieuw", "--programma", "az", "--naam", "Samenwerkingsverband Zelzate", **omgeving)
    bestuur = ok(data, "partner", "toevoegen", t, "--soort", "lokaal-bestuur", "--naam", "Gemeente Zelzate", **omgeving)
    ok(data, "contact", "toevoegen", t, bestuur, "--naam", "Tine Van Damme", "--email", TINE, "--rol", "trekker", **omgeving)
    school = ok(data, "partner", "toevoegen", t, "--soort", "school", "--naam", "De Vlinder", **omgeving)
    ok(data, "contact", "toevoegen", t, school, "--naam", "Els Peeters", "--email", ELS, "--rol", "directie", **omgeving)
    m = ok(data, "moment", "plannen", t, "--soort", "kennismaking", "--start", "2026-12-15T14:00", **omgeving)
    return t, m


@pytest.fixture(scope="module")
def traject(tmp_path_factory):
    """Een traject met een geplande kennismaking; de uitnodiging aan Els werd door de server geweigerd."""
    data = tmp_path_factory.mktemp("agenda")
    t, m = _traject_met_kennismaking(data)
    with sqlite3.connect(data / "kansrijk.db") as db:
        geraakt = db.execute(
            "UPDATE berichten SET status = 'mislukt', pogingen = 1, laatste_fout = ? WHERE ontvanger = ?", (REDEN, ELS)
        ).rowcount
    assert geraakt == 1
    return data, t, m


def test_agenda_als_tekst(traject):
    data, t, _ = traject
    regels = ok(data, "agenda", t).splitlines()
    assert regels[0] == f"Wat voor traject {t} nog vertrekt:"
    assert regels[1].startswith("  25-11-2026 10:00  bericht  uitnodiging “Uitnodiging: Kennismaking")
    assert regels[1].endswith("→ Tine Van Damme <tine@zelzate.be>")
    assert regels[2:] == [
        (f"  01-12-2026 08:30  timer    herinnering (14 dagen vóór) Kennismaking op 15-12-2026 14:00"
         f" → Tine Van Damme <{TINE}>, Els Peeters <{ELS}>"),
        (f"  11-12-2026 08:30  timer    herinnering (2 dagen vóór) Kennismaking op 15-12-2026 14:00"
         f" → Tine Van Damme <{TINE}>, Els Peeters <{ELS}>"),
    ]


def test_agenda_als_json(traject):
    data, t, m = traject
    agenda = json.loads(ok(data, "agenda", t, "--json"))
    assert [(x["tijdstip"], x["wat"], x["soort"], x["ontvangers"]) for x in agenda] == [
        ("2026-11-25T10:00:00+01:00", "bericht", "uitnodiging", [TINE]),  # die aan Els mislukte al
        ("2026-12-01T08:30:00+01:00", "timer", "herinnering", [TINE, ELS]),
        ("2026-12-11T08:30:00+01:00", "timer", "herinnering", [TINE, ELS]),
    ]
    assert all(isinstance(x["beschrijving"], str) and x["beschrijving"] for x in agenda)
    assert {x["moment_id"] for x in agenda} == {int(m)}


def test_agenda_in_een_andere_tijdzone(traject):
    data, t, _ = traject
    agenda = json.loads(ok(data, "agenda", t, "--json", KANSRIJK_TIJDZONE="Europe/London"))
    assert agenda[1]["tijdstip"] == "2026-12-01T07:30:00+00:00"


def test_berichten_lijst_mislukt(traject):
    data, t, _ = traject
    (mislukt,) = json.loads(ok(data, "berichten", "lijst", "--status", "mislukt", "--json"))
    assert (mislukt["ontvanger"], mislukt["status"], mislukt["soort"], mislukt["traject_id"]) == (ELS, "mislukt", "uitnodiging", int(t))
    assert mislukt["laatste_fout"] == REDEN and mislukt["pogingen"] == 1
    assert {"id", "onderwerp", "aangemaakt_op", "verzonden_op", "volgende_poging"} <= mislukt.keys()
    assert mislukt["aangemaakt_op"] == "2026-11-25T10:00:00+01:00" and mislukt["verzonden_op"] is None

    tekst = ok(data, "berichten", "lijst", "--status", "mislukt")
    assert f"reden: {REDEN}" in tekst and TINE not in tekst
    alles = json.loads(ok(data, "berichten", "lijst", "--traject", t, "--json"))
    assert sorted(b["status"] for b in alles) == ["mislukt", "wachtend"]
    assert ok(data, "berichten", "lijst", "--status", "verzonden") == "Geen berichten met status verzonden."


FOUTEN = {
    "agenda-onbekend-traject": (["agenda", "999"], "Fout: Traject 999 bestaat niet."),
    "berichten-onbekend-traject": (["berichten", "lijst", "--traject", "999"], "Fout: Traject 999 bestaat niet."),
    "ongeldige-status": (
        ["berichten", "lijst", "--status", "verstuurd"],
        ("Fout: Ongeldige waarde voor '--status': 'verstuurd' is geen berichtstatus; kies uit wachtend, verzonden,"
         " mislukt, vervangen, vervallen. Zie 'kansrijk berichten lijst --help'."),
    ),
    "traject-geen-getal": (["agenda", "een"],
                           "Ongeldige waarde voor 'TRAJECT': verwacht een geheel getal (alleen de cijfers 0-9)"),
}


@pytest.mark.parametrize("geval", FOUTEN, ids=list(FOUTEN))
def test_foute_invoer_exitcode_2_en_een_regel(traject, geval):
    data, _, _ = traject
    args, verwacht = FOUTEN[geval]
    uitkomst = kansrijk(data, *args)
    assert uitkomst.returncode == 2
    assert uitkomst.stderr.startswith("Fout: ") and verwacht in uitkomst.stderr
    assert uitkomst.stderr.count("\n") == 1 and "Traceback" not in uitkomst.stderr
    assert uitkomst.stdout == ""


def test_leeg_traject_en_lege_outbox(tmp_path):
    assert ok(tmp_path, "berichten", "lijst") == "Nog geen berichten."
    t = ok(tmp_path, "traject", "nieuw", "--programma", "stos", "--naam", "Leeg")
    assert ok(tmp_path, "agenda", t) == f"Voor traject {t} wacht niets: geen berichten of timers gepland."
    assert json.loads(ok(tmp_path, "agenda", t, "--json")) == []


def test_agenda_en_berichten_laden_prefect_niet(traject):
    data, t, _ = traject
    uit = zonder_prefect(data, ["agenda", str(t)], ["berichten", "lijst"])
    assert "Wat voor traject" in uit and "reden:" in uit


@pytest.mark.postgres
def test_agenda_op_postgresql(tmp_path, pg_url):
    t, _ = _traject_met_kennismaking(tmp_path, KANSRIJK_DATABASE_URL=pg_url)
    agenda = json.loads(ok(tmp_path, "agenda", t, "--json", KANSRIJK_DATABASE_URL=pg_url))
    assert [x["soort"] for x in agenda if x["wat"] == "timer"] == ["herinnering", "herinnering"]
    assert sorted(x["ontvangers"][0] for x in agenda if x["wat"] == "bericht") == [ELS, TINE]
    berichten = json.loads(ok(tmp_path, "berichten", "lijst", "--traject", t, "--json", KANSRIJK_DATABASE_URL=pg_url))
    assert {(b["traject_id"], b["status"]) for b in berichten} == {(int(t), "wachtend")}
    assert not (tmp_path / "kansrijk.db").exists()
