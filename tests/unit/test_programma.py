"""Programma's als gegevens: de echte bestanden laden, en een kapot bestand noemt bestand, fase en veld."""

from pathlib import Path

import pytest
import yaml

from config.programma import PROGRAMMA_MAP, ProgrammaFout, laad_programmas, lees_programma


def test_az_en_stos_volgen_de_bronnen(az, stos):
    assert [f.code for f in az.fasen] == [
        "aanloopfase", "fase-1", "fase-2", "fase-3", "fase-4", "terugkommoment", "afgerond",
    ]
    duur = {m.soort: m.duur for f in az.fasen for m in f.momenten}
    assert (duur["infosessie"], duur["kennismaking"], duur["vormingsmoment"]) == (60, 120, 120)
    assert az.fase("fase-2").momentsoort("werkmoment").duur == 150  # 2u30
    assert az.fase("fase-3").momentsoort("werkmoment").duur == 120  # 3 x 2u
    assert az.fase("fase-3").momentsoort("basisvorming").per_school
    assert az.train_the_trainer and not stos.train_the_trainer
    assert [f.code for f in stos.fasen][:3] == ["aanmelding", "intake", "schoolfoto"]
    # zeven contactmomenten per school: intake, twee werkgroepen, twee vormingen, open venster, terugkommoment
    assert sum(len(f.momenten) for f in stos.fasen) == 7
    assert stos.partnersoorten["school"].maximum == 1


def _schrijf(tmp_path: Path, wijzig) -> Path:
    data = yaml.safe_load((PROGRAMMA_MAP / "az.yaml").read_text(encoding="utf-8"))
    wijzig(data)
    pad = tmp_path / "kapot.yaml"
    pad.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return pad


@pytest.mark.parametrize(
    ("wijzig", "verwacht"),
    [
        (lambda d: d["fasen"][1]["momenten"][0].update(duur=-5), "fase 'fase-1', moment 'vormingsmoment', veld 'duur': moet groter zijn dan 0"),
        (lambda d: d["fasen"][1]["momenten"][0].update(duur="lang"), "fase 'fase-1', moment 'vormingsmoment', veld 'duur': moet een geheel getal zijn"),
        (lambda d: d["fasen"][2]["momenten"][0].pop("naam"), "fase 'fase-2', moment 'werkmoment', veld 'naam': ontbreekt"),
        (lambda d: d["fasen"][0]["voorwaarden"][0].update(soort="toverspreuk"), "fase 'aanloopfase', voorwaarde 1: kent de soort 'toverspreuk'"),
        (lambda d: d["fasen"][1]["voorwaarden"][0].update(moment="picknick"), "fase 'fase-1': voorwaarde noemt momentsoort 'picknick'"),
        (lambda d: d["fasen"][1]["momenten"][0].update(deelnemers=["koning"]), "moment 'vormingsmoment' noemt onbekende rol 'koning'"),
        (lambda d: d["fasen"][0].update(kleur="rood"), "fase 'aanloopfase', veld 'kleur': is geen bekend veld"),
        (lambda d: d.pop("fasen"), "veld 'fasen': ontbreekt"),
        (lambda d: d["fasen"][2].update(vragenlijstronde=d["fasen"][1]["vragenlijstronde"]),
         "hoogstens één fase heeft een vragenlijstronde, niet fase-1, fase-2"),
    ],
    ids=["negatieve-duur", "duur-geen-getal", "naam-ontbreekt", "onbekende-voorwaarde", "onbekend-moment", "onbekende-rol",
         "onbekend-veld", "geen-fasen", "twee-rondes"],
)
def test_kapot_programmabestand_noemt_bestand_fase_en_veld(tmp_path, wijzig, verwacht):
    pad = _schrijf(tmp_path, wijzig)
    with pytest.raises(ProgrammaFout) as fout:
        lees_programma(pad)
    assert str(pad) in str(fout.value)
    assert verwacht in str(fout.value)


def test_geen_yaml_of_leeg(tmp_path):
    pad = tmp_path / "x.yaml"
    pad.write_text("fasen: [\n", encoding="utf-8")
    with pytest.raises(ProgrammaFout, match="geen geldige YAML"):
        lees_programma(pad)
    with pytest.raises(ProgrammaFout, match="Geen programmabestanden"):
        laad_programmas(tmp_path / "leeg")


def test_een_derde_programma_is_alleen_een_bestand(tmp_path):
    for naam in ("az", "stos"):
        (tmp_path / f"{naam}.yaml").write_text((PROGRAMMA_MAP / f"{naam}.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    derde = {
        "code": "mini",
        "naam": "Mini-traject",
        "partnersoorten": {"school": {"maximum": 1}},
        "rollen": {"directie": "directie"},
        "fasen": [
            {"code": "start", "naam": "Start", "momenten": [{"soort": "gesprek", "naam": "Gesprek", "duur": 45, "deelnemers": ["directie"]}],
             "voorwaarden": [{"soort": "moment_gehouden", "moment": "gesprek"}]},
            {"code": "klaar", "naam": "Klaar"},
        ],
    }
    (tmp_path / "mini.yaml").write_text(yaml.safe_dump(derde), encoding="utf-8")
    assert list(laad_programmas(tmp_path)) == ["az", "mini", "stos"]
