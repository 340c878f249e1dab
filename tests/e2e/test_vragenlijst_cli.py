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
