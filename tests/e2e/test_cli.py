"""De CLI als subproces, zoals een coördinator of een ander programma hem gebruikt: exitcodes,
JSON-contract, Nederlandse meldingen zonder traceback, en bij foute invoer niets geschreven."""

import json
import os
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from config.programma import PROGRAMMA_MAP
from opslag.databank import SCHEMA_VERSIE

KANSRIJK = str(Path(sys.executable).parent / "kansrijk")
NU = "2026-11-25T10:00"


def kansrijk(data_dir: Path, *args: str, nu: str = NU, **omgeving: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "KANSRIJK_DATA_DIR": str(data_dir), **omgeving}
    env.pop("KANSRIJK_DATABASE_URL", None) if "KANSRIJK_DATABASE_URL" not in omgeving else None
    return subprocess.run(
        [KANSRIJK, "--nu", nu, "--door", "colette", *args], capture_output=True, text=True, env=env, timeout=60,
        check=False,
    )


def ok(data_dir: Path, *args: str, **kw) -> str:
    uitkomst = kansrijk(data_dir, *args, **kw)
    assert uitkomst.returncode == 0, uitkomst.stderr
    assert "Traceback" not in uitkomst.stderr
    return uitkomst.stdout.strip()


def test_az_traject_van_aanloop_naar_fase_1(tmp_path):
    t = ok(tmp_path, "traject", "nieuw", "--programma", "az", "--naam", "Van Aartselaar tot Zelzate")
    assert t.isdigit()
    bestuur = ok(tmp_path, "partner", "toevoegen", t, "--soort", "lokaal-bestuur", "--naam", "Gemeente Zelzate")
    ok(tmp_path, "partner", "mandaat", t, bestuur, "--mandaat", "schepencollege")
    ok(tmp_path, "partner", "bevestigen", t, bestuur)
    ok(tmp_path, "contact", "toevoegen", t, bestuur, "--naam", "Tine Trekker", "--email", "tine@zelzate.be", "--rol", "trekker")
    for naam in ("De Vlinder", "Sint-Jozef", "Het Kompas", "Klavertje Vier"):
        school = json.loads(ok(tmp_path, "partner", "toevoegen", t, "--soort", "school", "--naam", naam, "--json"))
        assert (school["soort"], school["naam"], school["bevestigd"]) == ("school", naam, False)
        ok(tmp_path, "partner", "bevestigen", t, str(school["id"]))
    ok(tmp_path, "contact", "toevoegen", t, str(school["id"]), "--naam", "Els", "--email", "els@kompas.be", "--rol", "directie")

    geweigerd = kansrijk(tmp_path, "fase", "volgende", t)
    assert geweigerd.returncode == 1
    assert "Kennismaking" in geweigerd.stderr and "Traceback" not in geweigerd.stderr

    moment = json.loads(
        ok(tmp_path, "moment", "plannen", t, "--soort", "kennismaking", "--start", "2026-12-08T14:00", "--locatie", "Gemeentehuis", "--json")
    )
    assert (moment["soort"], moment["start"], moment["status"]) == ("kennismaking", "2026-12-08T14:00:00+01:00", "gepland")
    ok(tmp_path, "moment", "gehouden", t, str(moment["id"]), nu="2026-12-08T17:00")
    assert "Fase 1" in ok(tmp_path, "fase", "volgende", t, nu="2026-12-08T17:05")

    toon = json.loads(ok(tmp_path, "traject", "toon", t, "--json"))
    assert {"id", "programma", "naam", "fase", "partners", "momenten", "voorwaarden", "geschiedenis"} <= toon.keys()
    assert (toon["programma"], toon["fase"]) == ("az", "fase-1")
    assert {p["soort"] for p in toon["partners"]} == {"school", "lokaal-bestuur"}
    assert all({"id", "soort", "naam", "bevestigd"} <= p.keys() for p in toon["partners"])
    assert all({"id", "soort", "start", "status"} <= m.keys() for m in toon["momenten"])
    assert toon["voorwaarden"] == [
        {"tekst": "'Vormingsmoment' is gehouden", "voldaan": False, "stand": "0 van 1 gehouden"},
        # 21 dagen na 8 december valt in de kerstvakantie: de ronde sluit de eerste schooldag erna.
        {"tekst": "De vragenlijstronde is gesloten en de rapporten zijn verstuurd", "voldaan": False,
         "stand": "open tot 04-01-2027 18:00"},
    ]
    assert [g["soort"] for g in toon["geschiedenis"][-2:]] == ["fase_gewijzigd", "ronde_geopend"]
    assert toon["geschiedenis"][-1]["tijdstip"] == "2026-12-08T17:05:00+01:00"
    assert {g["door"] for g in toon["geschiedenis"]} == {"colette"}
    lijst = json.loads(ok(tmp_path, "traject", "lijst", "--json"))
    assert [(r["id"], r["fase"], r["bevestigde_partners"]) for r in lijst] == [(int(t), "fase-1", 5)]
    tekst = ok(tmp_path, "traject", "toon", t)
    assert "Voorwaarden om deze fase te verlaten:" in tekst and "[ ] 'Vormingsmoment' is gehouden" in tekst


def test_stos_traject_met_overschrijven_pauze_en_stopzetting(tmp_path):
    traject = json.loads(ok(tmp_path, "traject", "nieuw", "--programma", "stos", "--naam", "Sint-Jozef Eeklo", "--json"))
    t = str(traject["id"])
    assert (traject["fase"], traject["status"], traject["partners"]) == ("aanmelding", "actief", [])
    school = ok(tmp_path, "partner", "toevoegen", t, "--soort", "school", "--naam", "Sint-Jozef")
    assert kansrijk(tmp_path, "partner", "toevoegen", t, "--soort", "school", "--naam", "Sint-Maria").returncode == 2
    ok(tmp_path, "partner", "bevestigen", t, school)
    assert "al bevestigd" in ok(tmp_path, "partner", "bevestigen", t, school)
    ok(tmp_path, "fase", "volgende", t)
    assert kansrijk(tmp_path, "fase", "volgende", t, "--forceer").returncode == 2  # geen reden
    na = json.loads(ok(tmp_path, "fase", "volgende", t, "--forceer", "--reden", "Intake telefonisch gedaan", "--json"))
    assert na["fase"] == "schoolfoto"
    wissel = [g for g in na["geschiedenis"] if g["soort"] == "fase_gewijzigd"][-1]
    assert wissel["details"]["reden"] == "Intake telefonisch gedaan"
    ok(tmp_path, "traject", "pauzeren", t, "--reden", "Nieuwe directie")
    assert kansrijk(tmp_path, "fase", "volgende", t).returncode == 1
    ok(tmp_path, "traject", "hervatten", t)
    ok(tmp_path, "traject", "stopzetten", t, "--reden", "School stapt over naar A-Z")
    assert json.loads(ok(tmp_path, "traject", "toon", t, "--json"))["status"] == "gestopt"
    assert kansrijk(tmp_path, "fase", "volgende", t).returncode == 1


def test_weigeringen_als_json_en_overschrijvingen_in_de_geschiedenis(tmp_path):
    t = ok(tmp_path, "traject", "nieuw", "--programma", "stos", "--naam", "De Klimop")
    geweigerd = kansrijk(tmp_path, "fase", "volgende", t, "--json")
    assert geweigerd.returncode == 1 and geweigerd.stderr.startswith("Fout: Traject")
    antwoord = json.loads(geweigerd.stdout)
    assert (antwoord["traject"], antwoord["geweigerd"]) == (int(t), True)
    assert antwoord["niet_voldaan"] == [
        {"tekst": "Minstens één school heeft zijn deelname bevestigd", "voldaan": False, "stand": "0 van 1 bevestigd"}]
    ok(tmp_path, "fase", "volgende", t, "--forceer", "--reden", "De school belde")

    m = ok(tmp_path, "moment", "plannen", t, "--soort", "intakegesprek", "--start", "2026-12-01T10:00")
    voor = _aantal_rijen(tmp_path)
    nog_niet = kansrijk(tmp_path, "moment", "gehouden", t, m, nu="2026-12-01T09:59")
    assert nog_niet.returncode == 1
    assert nog_niet.stderr == (f"Fout: Moment {m} begint pas op 01-12-2026 10:00 en kan nog niet gehouden zijn. "
                               "Vond het toch al plaats: --forceer --reden TEKST.\n")
    assert _aantal_rijen(tmp_path) == voor
    assert kansrijk(tmp_path, "moment", "gehouden", t, m, "--forceer").returncode == 2  # geen reden
    ok(tmp_path, "moment", "gehouden", t, m, "--forceer", "--reden", "Vervroegd, niet herpland")
    tweede = ok(tmp_path, "moment", "plannen", t, "--soort", "intakegesprek", "--start", "2026-12-02T10:00")
    ok(tmp_path, "moment", "annuleren", t, tweede, "--reden", "Directie ziek")

    geschiedenis = ok(tmp_path, "traject", "toon", t).splitlines()[-5:]
    assert geschiedenis[0].endswith("Fase Aanmelding → Intake. Geforceerd: De school belde. "
                                    "Niet voldaan: Minstens één school heeft zijn deelname bevestigd.")
    assert geschiedenis[2].endswith("Moment 'Intakegesprek' gehouden. Geforceerd: Vervroegd, niet herpland.")
    assert geschiedenis[4].endswith("Moment 'Intakegesprek' geannuleerd. Reden: Directie ziek.")


@pytest.fixture(scope="module")
def bestaand(tmp_path_factory):
    """Een traject met een school, om foute invoer op los te laten."""
    data = tmp_path_factory.mktemp("bestaand")
    t = ok(data, "traject", "nieuw", "--programma", "az", "--naam", "Gent")
    school = ok(data, "partner", "toevoegen", t, "--soort", "school", "--naam", "De Vlinder")
    return data, t, school


def _aantal_rijen(data: Path) -> tuple[int, ...]:
    with sqlite3.connect(data / "kansrijk.db") as db:
        return tuple(db.execute(f"SELECT count(*) FROM {tabel}").fetchone()[0]
                     for tabel in ("trajecten", "partners", "contacten", "momenten", "gebeurtenissen", "timers"))


SLECHTE_INVOER = {
    "onbekend-traject": (["traject", "toon", "999"], "Traject 999 bestaat niet"),
    "onbekende-partner": (["partner", "bevestigen", "{t}", "999"], "Partner 999 bestaat niet"),
    "momentsoort-onbekend-in-fase": (["moment", "plannen", "{t}", "--soort", "werkmoment", "--start", "2026-12-01T10:00"], "kent geen momentsoort 'werkmoment'"),
    "start-in-verleden": (["moment", "plannen", "{t}", "--soort", "infosessie", "--start", "2026-11-01T10:00"], "ligt in het verleden"),
    "ongeldige-datum": (["moment", "plannen", "{t}", "--soort", "infosessie", "--start", "volgende week"], "Ongeldig tijdstip"),
    "ongeldig-emailadres": (["contact", "toevoegen", "{t}", "{school}", "--naam", "Jan", "--email", "jan.school.be", "--rol", "directie"], "Ongeldig e-mailadres"),
    "onbekende-rol": (["contact", "toevoegen", "{t}", "{school}", "--naam", "Jan", "--email", "jan@school.be", "--rol", "koning"], "Onbekende rol"),
    "dubbele-school": (["partner", "toevoegen", "{t}", "--soort", "school", "--naam", "de  vlinder"], "Er is al een partner 'De Vlinder'"),
    "onbekend-programma": (["traject", "nieuw", "--programma", "xyz", "--naam", "X"], "Onbekend programma 'xyz'"),
    "lege-naam": (["traject", "nieuw", "--programma", "az", "--naam", "  "], "mag niet leeg zijn"),
    "id-geen-getal": (["traject", "toon", "abc"], "Ongeldige waarde voor 'TRAJECT': verwacht een geheel getal"),
    # Alles wat int() ook nog als getal leest, of wat niet in de databank past:
    "id-boven-32-bit": (["traject", "toon", "2147483648"], "hoogstens 2147483647"),  # INTEGER op PostgreSQL
    "id-boven-64-bit": (["traject", "toon", "99999999999999999999"], "hoogstens 2147483647"),
    "id-met-spatie": (["partner", "bevestigen", "{t}", " 1"], "alleen de cijfers 0-9"),
    "id-met-liggend-streepje": (["traject", "toon", "1_0"], "alleen de cijfers 0-9"),
    "id-in-brede-cijfers": (["traject", "toon", "０１"], "alleen de cijfers 0-9"),
    "id-in-arabische-cijfers": (["traject", "toon", "١"], "alleen de cijfers 0-9"),
    "duur-boven-32-bit": (["moment", "plannen", "{t}", "--soort", "infosessie", "--start", "2026-12-01T10:00",
                           "--duur", "99999999999999999999"], "hoogstens 2147483647"),
    "aantal-negatief": (["ronde", "doel", "{t}", "{school}", "--vragenlijst", "az-school", "--aantal", "-5"],
                        "alleen de cijfers 0-9"),
    "poort-te-groot": (["web", "--poort", "70000"], "hoogstens 65535"),
    "start-in-jaar-1": (["moment", "plannen", "{t}", "--soort", "infosessie", "--start", "0001-01-01T10:00"],
                        "valt buiten de jaren 2000 tot 2199"),
    "start-in-jaar-9999": (["moment", "plannen", "{t}", "--soort", "infosessie", "--start", "9999-12-31T23:59"],
                           "valt buiten de jaren 2000 tot 2199"),
    "nu-in-jaar-9999": (["--nu", "9999-12-31T23:59", "traject", "lijst"], "valt buiten de jaren 2000 tot 2199"),
    "nu-in-jaar-1": (["--nu", "0001-01-01T00:00", "traject", "lijst"], "valt buiten de jaren 2000 tot 2199"),
    "nu-leeg": (["--nu", "", "traject", "lijst"], "Ongeldig tijdstip ''"),
    "door-leeg": (["--door", " ", "traject", "lijst"], "De naam bij --door mag niet leeg zijn"),
    "tot-in-jaar-1": (["ronde", "verlengen", "{t}", "--tot", "0001-01-01"], "valt buiten de jaren 2000 tot 2199"),
    "geen-utf8": (["traject", "nieuw", "--programma", "az", "--naam", "caf\udce9"], "geen geldige UTF-8-tekst"),
    "importeer-een-map": (["vragenlijst", "importeer", "{t}", "{school}", "/tmp", "--vragenlijst", "az-school"],
                          "dat is een map"),
    # Vroeger las de import eindeloos (of wachtte bij het openen van een pipe).
    "importeer-een-apparaat": (["vragenlijst", "importeer", "{t}", "{school}", "/dev/urandom", "--vragenlijst",
                                "az-school"], "/dev/urandom is geen gewoon bestand"),
    "importeer-nul-apparaat": (["vragenlijst", "importeer", "{t}", "{school}", "/dev/zero", "--vragenlijst",
                                "az-school"], "/dev/zero is geen gewoon bestand"),
    "ontbrekende-optie": (["traject", "nieuw", "--programma", "az"], "Ontbrekend optie '--naam'"),
    "onbekende-optie": (["traject", "lijst", "--kleur"], "Onbekende optie --kleur"),
    "onbekende-optie-met-voorstel": (["traject", "lijst", "--jsn"], "Onbekende optie --jsn. Bedoelde je --json? Zie "),
    "onbekend-commando": (["traject", "wissen"], "Onbekend commando 'wissen'"),
}


@pytest.mark.parametrize("geval", SLECHTE_INVOER, ids=list(SLECHTE_INVOER))
def test_slechte_invoer_geeft_een_regel_en_schrijft_niets(bestaand, geval):
    data, t, school = bestaand
    args, verwacht = SLECHTE_INVOER[geval]
    voor = _aantal_rijen(data)
    uitkomst = kansrijk(data, *(a.format(t=t, school=school) for a in args))
    assert uitkomst.returncode == 2
    assert uitkomst.stderr.startswith("Fout: ") and verwacht in uitkomst.stderr
    assert uitkomst.stderr.count("\n") == 1  # één regel
    assert uitkomst.stdout == ""
    assert _aantal_rijen(data) == voor


def test_een_groep_zonder_commando_toont_de_hulp_en_vraagt_een_commando(tmp_path):
    uitkomst = kansrijk(tmp_path, "moment")
    assert uitkomst.returncode == 2
    assert "verplaatsen" in uitkomst.stdout  # de hulp van de groep
    assert uitkomst.stderr == "Fout: Geef een commando. Zie 'kansrijk moment --help'.\n"


def test_importeer_weigert_een_te_groot_bestand(bestaand, tmp_path):
    data, t, school = bestaand
    groot = tmp_path / "groot.csv"
    with groot.open("wb") as f:
        f.truncate(20 * 1024 * 1024 + 1)  # ijl: neemt geen schijfruimte
    voor = _aantal_rijen(data)
    uitkomst = kansrijk(data, "vragenlijst", "importeer", t, school, str(groot), "--vragenlijst", "az-school")
    assert (uitkomst.returncode, uitkomst.stdout) == (2, "")
    assert uitkomst.stderr == f"Fout: Het bestand {groot} is groter dan 20 MB.\n"
    assert _aantal_rijen(data) == voor


# Elke vrije-tekstoptie; een stuurteken erin wordt geweigerd (niet stil weggelaten), vóór er iets gebeurt.
TEKSTOPTIES = [
    ["traject", "nieuw", "--programma", "az", "--naam", "{x}"],
    ["partner", "toevoegen", "{t}", "--soort", "school", "--naam", "{x}"],
    ["contact", "toevoegen", "{t}", "{school}", "--naam", "{x}", "--email", "jan@school.be", "--rol", "directie"],
    ["train-the-trainer", "inschrijven", "{t}", "{school}", "--naam", "{x}", "--email", "jan@school.be"],
    ["moment", "plannen", "{t}", "--soort", "infosessie", "--start", "2026-12-01T10:00", "--locatie", "{x}"],
    ["moment", "annuleren", "{t}", "1", "--reden", "{x}"],
    ["moment", "gehouden", "{t}", "1", "--forceer", "--reden", "{x}"],
    ["fase", "volgende", "{t}", "--forceer", "--reden", "{x}"],
    ["traject", "pauzeren", "{t}", "--reden", "{x}"],
    ["traject", "stopzetten", "{t}", "--reden", "{x}"],
    ["--door", "{x}", "traject", "nieuw", "--programma", "az", "--naam", "Brugge"],
]
STUURTEKENS = ["\x01", "\x1b[31m", "\x7f", "\x9b", "\x0b", "\x08"]


@pytest.mark.parametrize("i", range(len(TEKSTOPTIES)), ids=[" ".join(a[:2]) for a in TEKSTOPTIES])
def test_stuurteken_in_een_tekstoptie_wordt_geweigerd(bestaand, i):
    data, t, school = bestaand
    teken = STUURTEKENS[i % len(STUURTEKENS)]
    voor = _aantal_rijen(data)
    uitkomst = kansrijk(data, *(a.format(t=t, school=school, x=f"Zaal{teken}B") for a in TEKSTOPTIES[i]))
    assert (uitkomst.returncode, uitkomst.stdout) == (2, "")
    assert uitkomst.stderr == f"Fout: Het argument {f'Zaal{teken}B'!a} bevat een stuurteken (bv. NUL of ESC); typ het zonder.\n"
    assert _aantal_rijen(data) == voor


def test_kapot_programmabestand(tmp_path):
    kapot = tmp_path / "programmas"
    kapot.mkdir()
    tekst = (PROGRAMMA_MAP / "az.yaml").read_text(encoding="utf-8")
    (kapot / "az.yaml").write_text(tekst.replace("naam: Infosessie, duur: 60", "naam: Infosessie, duur: een uur"), encoding="utf-8")
    uitkomst = kansrijk(tmp_path, "traject", "lijst", KANSRIJK_PROGRAMMA_MAP=str(kapot))
    assert uitkomst.returncode == 2
    assert "az.yaml: fase 'aanloopfase', moment 'infosessie', veld 'duur': moet een geheel getal zijn" in uitkomst.stderr
    assert "Traceback" not in uitkomst.stderr and uitkomst.stderr.count("\n") == 1


ONGELDIGE_INSTELLINGEN = {
    "mysql": ({"KANSRIJK_DATABASE_URL": "mysql://kansrijk@localhost/kansrijk"},
              "Kansrijk werkt alleen met SQLite (sqlite:///pad) of PostgreSQL (postgresql://...), niet met 'mysql'."),
    "ander-stuurprogramma": ({"KANSRIJK_DATABASE_URL": "postgresql+psycopg2://postgres@127.0.0.1/kansrijk"},
                             "niet met 'postgresql+psycopg2'."),
    "gegevensmap-onder-een-bestand": ({"KANSRIJK_DATA_DIR": "{bestand}/kansrijk"},
                                      ("De gegevensmap {bestand}/kansrijk kan niet aangemaakt worden: een deel van "
                                      "het pad is een bestand, geen map.")),
    "lege-gegevensmap": ({"KANSRIJK_DATA_DIR": ""}, "ongeldige instelling KANSRIJK_DATA_DIR: een map (niet leeg), niet ''."),
    # Elke foute instelling zegt wat ze verwacht en wat er stond.
    "onbekende-tijdzone": ({"KANSRIJK_TIJDZONE": "Mars/Olympus"},
                           "KANSRIJK_TIJDZONE: een IANA-tijdzone zoals Europe/Brussels, niet 'Mars/Olympus'."),
    "tick-nul": ({"KANSRIJK_TICK_SECONDEN": "0"}, "KANSRIJK_TICK_SECONDEN: een geheel aantal seconden van minstens 1, niet '0'."),
    "uur-25": ({"KANSRIJK_DAGOVERZICHT_UUR": "25"}, "KANSRIJK_DAGOVERZICHT_UUR: een uur van 0 tot 23, niet '25'."),
    "starttls-misschien": ({"KANSRIJK_SMTP_STARTTLS": "misschien"}, "KANSRIJK_SMTP_STARTTLS: true of false, niet 'misschien'."),
    "proxy-geen-adres": ({"KANSRIJK_VERTROUWDE_PROXIES": "10.0.0.5,proxy"}, "KANSRIJK_VERTROUWDE_PROXIES: IP-adressen"),
    # Vroeger pas bij het versturen een traceback (exitcode 3), of aanvaard en fout:
    "poort-te-groot": ({"KANSRIJK_SMTP_PORT": "99999"}, "KANSRIJK_SMTP_PORT: een poort van 1 tot 65535, niet '99999'."),
    "afzender-zonder-domein": ({"KANSRIJK_MAIL_AFZENDER": "nietgeldig"}, "KANSRIJK_MAIL_AFZENDER: één e-mailadres"),
    "coordinator-zonder-punt": ({"KANSRIJK_COORDINATOR": "a@b"}, "KANSRIJK_COORDINATOR: één e-mailadres"),
    "coordinator-zonder-haakje": ({"KANSRIJK_COORDINATOR": "Jan <jan@krijt.be"},
                                  "KANSRIJK_COORDINATOR: één e-mailadres, bv. Colette <colette@krijt.be>, niet 'Jan <jan@krijt.be'."),
    "twee-coordinatoren": ({"KANSRIJK_COORDINATOR": "an@krijt.be, jan@krijt.be"}, "KANSRIJK_COORDINATOR: één e-mailadres"),
    "basis-url-ftp": ({"KANSRIJK_BASIS_URL": "ftp://x"}, "KANSRIJK_BASIS_URL: een adres met http:// of https:// en een host"),
    "basis-url-zonder-host": ({"KANSRIJK_BASIS_URL": "https://"}, "KANSRIJK_BASIS_URL: een adres met http://"),
}


@pytest.mark.parametrize("geval", ONGELDIGE_INSTELLINGEN, ids=list(ONGELDIGE_INSTELLINGEN))
def test_ongeldige_instelling_geeft_een_regel_en_schrijft_niets(tmp_path, monkeypatch, geval):
    monkeypatch.chdir(tmp_path)  # een lege gegevensmap was vroeger de huidige map
    bestand = tmp_path / "een-bestand"
    bestand.write_text("")
    omgeving, verwacht = ONGELDIGE_INSTELLINGEN[geval]
    uitkomst = kansrijk(tmp_path, "traject", "nieuw", "--programma", "az", "--naam", "Gent",
                        **{k: v.format(bestand=bestand) for k, v in omgeving.items()})
    assert (uitkomst.returncode, uitkomst.stdout) == (2, "")
    assert uitkomst.stderr.startswith("Fout: ") and verwacht.format(bestand=bestand) in uitkomst.stderr
    assert uitkomst.stderr.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["een-bestand"]  # geen databank, geen map


@pytest.mark.parametrize("omgeving", [{"KANSRIJK_MAIL_AFZENDER": "nietgeldig"}, {"KANSRIJK_SMTP_PORT": "99999"}],
                         ids=["afzender", "smtp-poort"])
@pytest.mark.parametrize("args", [
    ["moment", "plannen", "1", "--soort", "werkmoment", "--start", "2027-11-19T14:00"],
    ["engine", "--eenmalig"],
], ids=["moment-plannen", "engine"])
def test_elk_commando_weigert_een_foute_instelling_vooraf(tmp_path, omgeving, args):
    uitkomst = kansrijk(tmp_path / "data", *args, **omgeving)
    assert (uitkomst.returncode, uitkomst.stdout) == (2, "")
    assert uitkomst.stderr.startswith("Fout: ongeldige instelling KANSRIJK_") and uitkomst.stderr.count("\n") == 1
    assert not (tmp_path / "data").exists()


def test_geldige_adressen_en_de_standaardafzender_blijven_werken(tmp_path):
    ok(tmp_path, "traject", "lijst", KANSRIJK_COORDINATOR="Colette Victor <colette@krijt.test>",
       KANSRIJK_MAIL_AFZENDER="vzw Krijt <kansrijk@krijt.be>", KANSRIJK_BASIS_URL="https://kansrijk.krijt.be:8443/")
    ok(tmp_path, "traject", "lijst")  # de standaard kansrijk@localhost (alleen .eml-bestanden) wordt niet gekeurd


def test_web_op_een_bezette_poort(tmp_path):
    with socket.create_server(("127.0.0.1", 0)) as bezet:
        poort = bezet.getsockname()[1]
        uitkomst = kansrijk(tmp_path, "web", "--poort", str(poort))
    assert (uitkomst.returncode, uitkomst.stdout) == (2, "")
    assert uitkomst.stderr == f"Fout: Kan niet luisteren op 127.0.0.1:{poort}: dat adres is al in gebruik.\n"


def test_onbereikbare_databank(tmp_path):
    uitkomst = kansrijk(tmp_path, "traject", "lijst", KANSRIJK_DATABASE_URL="postgresql://postgres@127.0.0.1:1/kansrijk")
    assert uitkomst.returncode == 2
    assert uitkomst.stderr.startswith("Fout: De databank") and "niet bruikbaar" in uitkomst.stderr
    assert "Traceback" not in uitkomst.stderr and uitkomst.stderr.count("\n") == 1


@pytest.mark.postgres
def test_cli_op_postgresql(tmp_path, pg_url):
    t = ok(tmp_path, "traject", "nieuw", "--programma", "stos", "--naam", "Op PostgreSQL", KANSRIJK_DATABASE_URL=pg_url)
    toon = json.loads(ok(tmp_path, "traject", "toon", t, "--json", KANSRIJK_DATABASE_URL=pg_url))
    assert (toon["naam"], toon["fase"]) == ("Op PostgreSQL", "aanmelding")
    assert not (tmp_path / "kansrijk.db").exists()


def test_hulp_is_nederlands(tmp_path):
    for args in ([], ["moment", "plannen"], ["fase", "volgende"]):
        hulp = ok(tmp_path, *args, "--help")
        assert "Gebruik:" in hulp and "Opties" in hulp and "Toon deze hulp" in hulp
        assert "Usage" not in hulp and "Show this message" not in hulp
    assert "Plan een contactmoment" in ok(tmp_path, "moment", "plannen", "--help")


def test_programma_toon_en_db_upgrade(tmp_path):
    az = ok(tmp_path, "programma", "toon", "az")
    assert "basisvorming" in az
    # De voorwaarden in zinnen, zoals traject toon ze noemt, niet als Python-woordenboek.
    assert "    voorwaarde: Minstens 4 scholen hebben hun deelname bevestigd" in az and "{" not in az
    assert json.loads(ok(tmp_path, "programma", "toon", "stos", "--json"))["code"] == "stos"
    assert ok(tmp_path, "db", "upgrade") == f"Schema bijgewerkt tot versie {SCHEMA_VERSIE}."
    assert ok(tmp_path, "db", "upgrade") == f"Schema is al op versie {SCHEMA_VERSIE}."


def zonder_prefect(data: Path, *commandos: list[str]) -> str:
    """Draait de commando's in één proces en faalt als iets Prefect laadde; geeft de uitvoer."""
    code = (
        "import sys\n"
        "from kansrijk import cli\n"
        f"for args in {list(commandos)!r}:\n"
        "    sys.argv = ['kansrijk', *args]\n"
        "    try:\n        cli.main()\n    except SystemExit as e:\n        assert e.code == 0, e.code\n"
        "assert 'prefect' not in sys.modules, 'prefect geladen'\n"
    )
    uitkomst = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, "KANSRIJK_DATA_DIR": str(data)},
        check=False,
    )
    assert uitkomst.returncode == 0, uitkomst.stderr
    return uitkomst.stdout


def test_gewone_commandos_laden_prefect_niet(tmp_path):
    assert "Nog geen trajecten" in zonder_prefect(tmp_path, ["traject", "lijst"])
