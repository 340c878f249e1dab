"""`kansrijk vragenlijst lijst|toon` als subproces: wat de coördinator over de vragenlijsten leest."""

import json
import shutil

from config.vragenlijst import VRAGENLIJST_MAP, laad_vragenlijsten
from tests.e2e.test_cli import kansrijk, ok


def test_lijst_en_toon(tmp_path):
    _, vragenlijsten = laad_vragenlijsten()
    regels = ok(tmp_path, "vragenlijst", "lijst").splitlines()
    assert [r.split("\t")[0] for r in regels] == list(vragenlijsten)
    assert "stos-ouders\tstos\touders\tanoniem\t" in "\n".join(regels)
    tekst = ok(tmp_path, "vragenlijst", "toon", "stos-ouders")
    assert tekst.startswith("stos-ouders: ") and "anoniem, met een groepslink per school" in tekst
    assert all(i.tekst in tekst for i in vragenlijsten["stos-ouders"].items)
    als_json = json.loads(ok(tmp_path, "vragenlijst", "toon", "stos-werkgroep", "--json"))
    assert als_json == vragenlijsten["stos-werkgroep"].model_dump(mode="json")


def test_onbekende_en_kapotte_vragenlijst(tmp_path):
    uit = kansrijk(tmp_path, "vragenlijst", "toon", "stos-grootouders")
    assert uit.returncode == 2 and uit.stderr.startswith("Fout: Onbekende vragenlijst 'stos-grootouders'; kies uit:")
    kapot = tmp_path / "vragenlijsten"
    shutil.copytree(VRAGENLIJST_MAP, kapot)
    (kapot / "stos-ouders.yaml").write_text("code: [niet afgesloten\n", encoding="utf-8")
    uit = kansrijk(tmp_path, "vragenlijst", "lijst", KANSRIJK_VRAGENLIJST_MAP=str(kapot))
    assert uit.returncode == 2 and "Traceback" not in uit.stderr
    assert uit.stderr.strip() == f"Fout: Vragenlijstbestand {kapot / 'stos-ouders.yaml'} is geen geldige YAML (regel 2)."


def test_importeren_en_rapport_als_html(tmp_path):
    ok(tmp_path, "traject", "nieuw", "--programma", "stos", "--naam", "De Regenboog")
    ok(tmp_path, "partner", "toevoegen", "1", "--soort", "school", "--naam", "De Regenboog")
    _, vragenlijsten = laad_vragenlijsten()
    kop = [i.code for i in vragenlijsten["stos-ouders"].items] + ["open-communicatie"]
    bestand = tmp_path / "ouders.csv"
    rijen = [";".join(kop)] + [";".join(["4"] * (len(kop) - 1) + ["<script>alert(1)</script>"])] * 5
    bestand.write_text("\n".join(rijen) + "\n", encoding="utf-8-sig")  # zoals Excel 'CSV UTF-8' bewaart
    assert ok(tmp_path, "vragenlijst", "importeer", "1", "1", str(bestand), "--vragenlijst", "stos-ouders") == (
        "5 antwoorden op stos-ouders ingelezen.")
    assert "| Communicatie |" in ok(tmp_path, "rapport", "1", "1")
    pagina = tmp_path / "rapport.html"
    assert ok(tmp_path, "rapport", "1", "1", "--html", str(pagina)) == f"Het rapport staat in {pagina}."
    html = pagina.read_text(encoding="utf-8")
    assert html.count('src="data:image/png;base64,') == 6 and "<script>" not in html

    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes(";".join(kop).encode() + b"\n" + ";".join(["3"] * (len(kop) - 1) + ["caf\xe9"]).encode("latin-1"))
    uit = kansrijk(tmp_path, "vragenlijst", "importeer", "1", "1", str(latin1), "--vragenlijst", "stos-ouders")
    assert uit.returncode == 2 and "is geen UTF-8-tekst" in uit.stderr
    assert ok(tmp_path, "rapport", "1", "1").count("Ouders 5") == 1  # niets bijgekomen


def test_de_ronde_vanuit_de_opdrachtregel(tmp_path):
    ok(tmp_path, "traject", "nieuw", "--programma", "stos", "--naam", "De Regenboog")
    ok(tmp_path, "partner", "toevoegen", "1", "--soort", "school", "--naam", "De Regenboog")
    ok(tmp_path, "partner", "bevestigen", "1", "1")
    ok(tmp_path, "contact", "toevoegen", "1", "1", "--naam", "Dirk", "--email", "dirk@regenboog.be", "--rol", "directie")
    ok(tmp_path, "fase", "volgende", "1")
    fout = kansrijk(tmp_path, "ronde", "toon", "1")
    assert fout.returncode == 2 and "heeft (nog) geen vragenlijstronde" in fout.stderr
    uit = kansrijk(tmp_path, "fase", "volgende", "1", "--forceer", "--reden", "Intake telefonisch")
    assert uit.returncode == 0 and "De vragenlijstronde is geopend tot 04-01-2027 18:00" in uit.stdout  # +28 dagen: kerstvakantie
    assert "Niemand van De Regenboog krijgt de vragenlijst stos-werkgroep" in uit.stderr  # geen werkgroep

    fout = kansrijk(tmp_path, "ronde", "doel", "1", "1", "--vragenlijst", "stos-ouders", "--aantal", "0")
    assert fout.returncode == 2 and "kies 1 tot 5000" in fout.stderr and "Traceback" not in fout.stderr
    ok(tmp_path, "ronde", "doel", "1", "1", "--vragenlijst", "stos-ouders", "--aantal", "180")
    stand = json.loads(ok(tmp_path, "ronde", "toon", "1", "--json"))
    assert stand["status"] == "open" and stand["deadline"] == "2027-01-04T18:00:00+01:00"
    ouders = next(g for g in stand["groepen"] if g["vragenlijst"] == "stos-ouders")
    assert (ouders["antwoorden"], ouders["verwacht"], ouders["klaar"]) == (0, 180, False)
    assert "stos-ouders (groepslink): 0 van 180" in ok(tmp_path, "ronde", "toon", "1")

    fout = kansrijk(tmp_path, "ronde", "verlengen", "1", "--tot", "2026-12-01")
    assert fout.returncode == 2 and "alleen tot een latere dag" in fout.stderr
    fout = kansrijk(tmp_path, "ronde", "verlengen", "1", "--tot", "18-01-2027")
    assert fout.returncode == 2 and "gebruik JJJJ-MM-DD" in fout.stderr
    assert "loopt nu tot 18-01-2027 18:00" in ok(tmp_path, "ronde", "verlengen", "1", "--tot", "2027-01-18")
    agenda = ok(tmp_path, "agenda", "1")
    assert "herinnering vragenlijsten, 14 dagen vóór het sluiten" in agenda and "de vragenlijstronde sluit" in agenda
    assert "gesloten" in ok(tmp_path, "ronde", "sluiten", "1")
    fout = kansrijk(tmp_path, "ronde", "sluiten", "1")
    assert fout.returncode == 1 and "al gesloten" in fout.stderr
    # Niemand antwoordde: geen leeg rapport voor de school, wel het overzicht voor de coördinator.
    berichten = ok(tmp_path, "berichten", "lijst")
    assert "Schoolfoto De Regenboog" not in berichten
    assert "Overzicht van het partnerschap De Regenboog: de vragenlijstronde is afgesloten" in berichten
