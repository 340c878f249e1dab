"""Vragenlijsten als gegevens: de zes echte bestanden laden en hebben de afgesproken vorm (domeinen,
4 tot 6 items per domein, anonimiteit per groep, een open vraag per domein, omgekeerde items), en
een kapot bestand geeft één Nederlandse melding die bestand en plaats noemt.

`laad_vragenlijsten` onthoudt zijn resultaat per pad (functools.cache): elke kapotte map is daarom
een nieuwe map onder de eigen `tmp_path` van de test."""

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from config.vragenlijst import (
    DOMEINEN_BESTAND,
    VRAGENLIJST_MAP,
    VragenlijstFout,
    laad_vragenlijsten,
)

# code -> (programma, groep, anoniem)
VERWACHT = {
    "az-school": ("az", "school", False),
    "az-lokaal-bestuur": ("az", "lokaal-bestuur", False),
    "stos-werkgroep": ("stos", "werkgroep", False),
    "stos-leerkrachten": ("stos", "leerkrachten", True),
    "stos-ouders": ("stos", "ouders", True),
    "stos-leerlingen": ("stos", "leerlingen", True),
}
STOS = [c for c, (programma, _, _) in VERWACHT.items() if programma == "stos"]
ALLE_ZES = [
    "visie-op-armoede",
    "communicatie",
    "kostenbeleid",
    "schoolrekening",
    "participatie",
    "solidariteitsfonds",
]
# Woorden die ouders en leerlingen niet hoeven te kennen.
VAKTAAL = (
    "solidariteitsfonds",
    "participatie",
    "transparant",
    "armoedebeleid",
    "kostenbeleid",
    "maximumfactuur",
    "invordering",
    "bijdrageregeling",
    "schoolwerkplan",
)


@pytest.fixture(scope="module")
def domeinen():
    return laad_vragenlijsten()[0]


@pytest.fixture(scope="module")
def lijsten():
    return laad_vragenlijsten()[1]


# -- de echte bestanden ---------------------------------------------------------------------------


def test_de_zes_vragenlijsten_laden_met_programma_en_groep(lijsten, programmas):
    assert set(VERWACHT) <= set(lijsten)
    for code, (programma, groep, _) in VERWACHT.items():
        assert (lijsten[code].programma, lijsten[code].groep) == (programma, groep), code
    # elke vragenlijst hoort bij een bestaand programma, en elk bestand heet naar zijn code
    assert {v.programma for v in lijsten.values()} <= set(programmas)
    bestanden = {p.stem for p in VRAGENLIJST_MAP.glob("*.yaml") if p.name != DOMEINEN_BESTAND}
    assert bestanden == set(lijsten)


@pytest.mark.parametrize("code", list(VERWACHT))
def test_anonimiteit_per_groep(lijsten, code):
    assert lijsten[code].anoniem is VERWACHT[code][2]


def test_stos_en_az_school_dekken_alle_zes_domeinen(domeinen, lijsten):
    assert [d.code for d in domeinen.domeinen] == ALLE_ZES
    for code in [*STOS, "az-school"]:
        assert [d.domein for d in lijsten[code].domeinen] == ALLE_ZES, code


def test_lokaal_bestuur_zonder_schoolrekening(lijsten):
    assert [d.domein for d in lijsten["az-lokaal-bestuur"].domeinen] == [
        d for d in ALLE_ZES if d != "schoolrekening"
    ]


@pytest.mark.parametrize("code", list(VERWACHT))
def test_elk_domein_4_tot_6_items_en_een_open_vraag(lijsten, code):
    for dv in lijsten[code].domeinen:
        assert 4 <= len(dv.items) <= 6, (code, dv.domein, len(dv.items))
        assert dv.open_vraag.endswith("?"), (code, dv.domein)


@pytest.mark.parametrize("code", list(VERWACHT))
def test_items_uniek_en_minstens_een_omgekeerd(lijsten, code):
    items = lijsten[code].items
    codes = [i.code for i in items]
    assert len(codes) == len(set(codes)), code
    assert len({i.tekst for i in items}) == len(items), code
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", c) for c in codes)
    assert any(i.omgekeerd for i in items), code
    # omgekeerd blijft de uitzondering: de meeste stellingen zijn positief geformuleerd
    assert sum(i.omgekeerd for i in items) <= len(items) // 4, code


@pytest.mark.parametrize("code", list(VERWACHT))
def test_items_gespreid_over_de_clusters_van_hun_domein(domeinen, lijsten, code):
    for dv in lijsten[code].domeinen:
        clusters = {c.code for c in domeinen.domein(dv.domein).clusters}
        gebruikt = {i.cluster for i in dv.items}
        assert gebruikt <= clusters
        assert len(gebruikt) >= min(2, len(clusters)), (code, dv.domein)


def test_de_schoolfoto_en_de_az_lijsten_raken_elke_cluster(domeinen, lijsten):
    alle = {c.code for d in domeinen.domeinen for c in d.clusters}
    assert len(alle) == 18
    for programma in ("stos", "az"):
        gebruikt = {
            i.cluster for v in lijsten.values() if v.programma == programma for i in v.items
        }
        assert gebruikt == alle, (programma, alle - gebruikt)


@pytest.mark.parametrize("code", list(VERWACHT))
def test_inleiding_zegt_dat_weet_niet_mag_en_of_het_anoniem_is(lijsten, code):
    lijst = lijsten[code]
    assert "'weet niet'" in lijst.inleiding
    if lijst.anoniem:
        assert "niemand" in lijst.inleiding and "naam" in lijst.inleiding
    else:
        assert "niet anoniem" in lijst.inleiding


@pytest.mark.parametrize("code", ["stos-ouders", "stos-leerlingen"])
def test_ouders_en_leerlingen_krijgen_geen_vaktaal(lijsten, code):
    lijst = lijsten[code]
    teksten = (
        [i.tekst for i in lijst.items] + [d.open_vraag for d in lijst.domeinen] + [lijst.inleiding]
    )
    for tekst in teksten:
        assert not any(woord in tekst.lower() for woord in VAKTAAL), tekst


def test_leerlingen_in_de_je_vorm_en_korte_zinnen(lijsten):
    lijst = lijsten["stos-leerlingen"]
    teksten = (
        [i.tekst for i in lijst.items] + [d.open_vraag for d in lijst.domeinen] + [lijst.inleiding]
    )
    for tekst in teksten:
        assert not re.search(r"\b(u|uw)\b", tekst, re.IGNORECASE), tekst
    assert all(len(i.tekst.split()) <= 20 for i in lijst.items)
    assert re.search(r"\bje\b", lijst.inleiding) and re.search(r"\bjij\b", lijst.inleiding)


# -- kapotte bestanden ----------------------------------------------------------------------------


def _kopie(tmp_path: Path) -> Path:
    map_ = (
        tmp_path / "vragenlijsten"
    )  # tmp_path is nieuw per test (en per parameter): geen cache-treffer
    shutil.copytree(VRAGENLIJST_MAP, map_)
    return map_


def _domein(data: dict, code: str) -> dict:
    return next(d for d in data["domeinen"] if d["domein"] == code)


def _item(data: dict, domein: str, code: str) -> dict:
    return next(i for i in _domein(data, domein)["items"] if i["code"] == code)


def _kapot(tmp_path: Path, bestand: str, wijzig: Callable[[dict], object]) -> tuple[Path, Path]:
    map_ = _kopie(tmp_path)
    pad = map_ / bestand
    data = yaml.safe_load(pad.read_text(encoding="utf-8"))
    wijzig(data)
    pad.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return map_, pad


OUDERS = "stos-ouders.yaml"


@pytest.mark.parametrize(
    ("bestand", "wijzig", "verwacht"),
    [
        pytest.param(
            OUDERS,
            lambda d: _item(d, "communicatie", "co2").pop("tekst"),
            "item 'co2', veld 'tekst': ontbreekt",
            id="tekst-ontbreekt",
        ),
        pytest.param(
            OUDERS,
            lambda d: _item(d, "communicatie", "co2").pop("tekst"),
            "domein 'communicatie', item 'co2', veld 'tekst': ontbreekt",
            id="tekst-ontbreekt-met-domeinnaam",
        ),
        pytest.param(
            OUDERS,
            lambda d: _item(d, "communicatie", "co2").update(tekst="   "),
            "item 'co2', veld 'tekst': mag niet leeg zijn",
            id="tekst-leeg",
        ),
        pytest.param(
            OUDERS,
            lambda d: _domein(d, "kostenbeleid").pop("open_vraag"),
            "veld 'open_vraag': ontbreekt",
            id="open-vraag-ontbreekt",
        ),
        pytest.param(
            OUDERS,
            lambda d: _domein(d, "kostenbeleid").pop("open_vraag"),
            "domein 'kostenbeleid', veld 'open_vraag': ontbreekt",
            id="open-vraag-ontbreekt-met-domeinnaam",
        ),
        pytest.param(
            OUDERS,
            lambda d: _domein(d, "communicatie").update(domein="sport"),
            "domein 'sport' bestaat niet; kies uit visie-op-armoede, communicatie, kostenbeleid, "
            "schoolrekening, participatie, solidariteitsfonds.",
            id="onbekend-domein",
        ),
        pytest.param(
            OUDERS,
            lambda d: _item(d, "communicatie", "co2").update(cluster="materiaal"),
            "domein 'communicatie', item 'co2', veld 'cluster': 'materiaal' is geen cluster "
            "van dit domein; kies uit bereikbaarheid, schriftelijke-communicatie, vertrouwen.",
            id="cluster-van-ander-domein",
        ),
        pytest.param(
            OUDERS,
            lambda d: _item(d, "kostenbeleid", "ko1").update(code="co2"),
            "item 'co2' staat er meer dan eens",
            id="dubbele-itemcode",
        ),
        pytest.param(
            OUDERS,
            lambda d: d["domeinen"].append(dict(_domein(d, "participatie"))),
            "domein 'participatie' staat er meer dan eens",
            id="dubbel-domein",
        ),
        pytest.param(
            OUDERS,
            lambda d: _item(d, "communicatie", "co4").update(omgekeerd="soms"),
            "item 'co4', veld 'omgekeerd': moet true of false zijn",
            id="omgekeerd-geen-bool",
        ),
        pytest.param(
            OUDERS,
            lambda d: _item(d, "communicatie", "co2").update(clustr="vertrouwen"),
            "item 'co2', veld 'clustr': is geen bekend veld",
            id="tikfout-in-veldnaam",
        ),
        pytest.param(
            OUDERS,
            lambda d: _item(d, "communicatie", "co2").update(code="Co 2"),
            "item 'Co 2', veld 'code': heeft geen geldige vorm "
            "(kleine letters, cijfers en koppeltekens)",
            id="ongeldige-itemcode",
        ),
        pytest.param(
            OUDERS,
            lambda d: d.pop("anoniem"),
            "veld 'anoniem': ontbreekt",
            id="anoniem-ontbreekt",
        ),
        pytest.param(
            OUDERS,
            lambda d: d.update(code="stos-leerlingen"),  # stos-leerlingen.yaml komt eerst
            "code 'stos-leerlingen' bestaat al.",
            id="dubbele-vragenlijstcode",
        ),
    ],
)
def test_kapot_vragenlijstbestand_noemt_bestand_en_plaats(tmp_path, bestand, wijzig, verwacht):
    map_, pad = _kapot(tmp_path, bestand, wijzig)
    # één regel: 'Vragenlijstbestand <pad>: <plaats>: <uitleg>'; de gevallen met domeinnaam staan
    # er ook volledig bij, een dubbele code staat op 'bovenste niveau'.
    patroon = (
        "^"
        + re.escape(f"Vragenlijstbestand {pad}: ")
        + r"(domein [^,]+, |bovenste niveau: )?"
        + re.escape(verwacht)
        + "$"
    )
    with pytest.raises(VragenlijstFout, match=patroon):
        laad_vragenlijsten(map_)


def test_ongeldige_yaml_noemt_bestand_en_regel(tmp_path):
    map_ = _kopie(tmp_path)
    pad = map_ / OUDERS
    tekst = pad.read_text(encoding="utf-8")
    plek = "  - domein: kostenbeleid\n"
    regel = tekst[: tekst.index(plek)].count("\n") + 2  # de regel na 'domein: kostenbeleid'
    # een tab als inspringing: YAML weigert dat
    pad.write_text(tekst.replace(plek, plek + "\titems:\n"), encoding="utf-8")
    with pytest.raises(
        VragenlijstFout,
        match="^"
        + re.escape(f"Vragenlijstbestand {pad} is geen geldige YAML (regel {regel}).")
        + "$",
    ):
        laad_vragenlijsten(map_)


def test_leeg_vragenlijstbestand(tmp_path):
    map_ = _kopie(tmp_path)
    pad = map_ / OUDERS
    pad.write_text("", encoding="utf-8")
    with pytest.raises(
        VragenlijstFout, match=re.escape(f"Vragenlijstbestand {pad}: ") + ".*moet een tabel"
    ):
        laad_vragenlijsten(map_)


def test_zonder_domeinenbestand(tmp_path):
    map_ = _kopie(tmp_path)
    (map_ / DOMEINEN_BESTAND).unlink()
    with pytest.raises(
        VragenlijstFout,
        match="^" + re.escape(f"Domeinenbestand {map_ / DOMEINEN_BESTAND} bestaat niet.") + "$",
    ):
        laad_vragenlijsten(map_)


def test_kapot_domeinenbestand_noemt_domein_en_cluster(tmp_path):
    map_, pad = _kapot(
        tmp_path, DOMEINEN_BESTAND, lambda d: d["domeinen"][1]["clusters"][2].pop("advies")
    )
    verwacht = (
        f"Domeinenbestand {pad}: domein 'communicatie', cluster 'vertrouwen', veld 'advies': "
        "ontbreekt"
    )
    with pytest.raises(VragenlijstFout, match="^" + re.escape(verwacht) + "$"):
        laad_vragenlijsten(map_)


def test_map_zonder_vragenlijsten(tmp_path):
    map_ = tmp_path / "alleen-domeinen"
    map_.mkdir()
    shutil.copy(VRAGENLIJST_MAP / DOMEINEN_BESTAND, map_)
    with pytest.raises(
        VragenlijstFout, match=re.escape(f"Geen vragenlijsten (*.yaml) gevonden in {map_}.")
    ):
        laad_vragenlijsten(map_)


def test_een_nieuwe_vragenlijst_is_alleen_een_bestand(tmp_path):
    map_ = _kopie(tmp_path)
    nieuw = {
        "code": "stos-ondersteuners",
        "programma": "stos",
        "groep": "ondersteuners",
        "naam": "Voor ondersteuners",
        "anoniem": True,
        "inleiding": "Kort. 'weet niet' mag.",
        "domeinen": [
            {
                "domein": "communicatie",
                "open_vraag": "Wat kan beter?",
                "items": [
                    {"code": "c1", "cluster": "vertrouwen", "tekst": "Ouders vertrouwen ons."},
                ],
            }
        ],
    }
    (map_ / "stos-ondersteuners.yaml").write_text(
        yaml.safe_dump(nieuw, allow_unicode=True), encoding="utf-8"
    )
    _, lijsten = laad_vragenlijsten(map_)
    assert set(lijsten) == {*VERWACHT, "stos-ondersteuners"}
    assert lijsten["stos-ondersteuners"].domeinen[0].items[0].cluster == "vertrouwen"
