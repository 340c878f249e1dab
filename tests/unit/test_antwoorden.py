"""Antwoorden uit een CSV, puur: scheidingsteken, BOM, 'weet niet', open antwoorden, en elke fout
met rij en kolom (niets half ingelezen)."""

import pytest

from config.vragenlijst import laad_vragenlijsten
from domein.antwoorden import MAX_FOUTEN, CsvFout, kolommen, lees_csv

_, LIJSTEN = laad_vragenlijsten()
OUDERS = LIJSTEN["stos-ouders"]
KOP = kolommen(OUDERS)
ITEMS = [k for k in KOP if not k.startswith("open-")]


def rij(waarde: str = "3", scheiding: str = ",", **anders: str) -> str:
    return scheiding.join(anders.get(k.replace("-", "_"), waarde if k in ITEMS else "") for k in KOP)


def csv(*rijen: str, scheiding: str = ",") -> str:
    return "\n".join([scheiding.join(KOP), *rijen]) + "\n"


def test_komma_puntkomma_bom_weet_niet_en_open_antwoorden():
    for scheiding in (",", ";"):
        tekst = "\ufeff" + csv(rij("4", scheiding, vi1="weet niet", co2="", open_communicatie="Meer uitleg"),
                               rij("2", scheiding), "", scheiding=scheiding)
        eerste, tweede = lees_csv(tekst, OUDERS)
        assert eerste.scores["vi1"] is None and eerste.scores["co2"] is None and eerste.scores["vi2"] == 4
        assert eerste.open == {"communicatie": "Meer uitleg"}
        assert set(tweede.scores.values()) == {2} and tweede.open == {}
        assert eerste.vragenlijst == "stos-ouders"


def test_kop_zonder_open_vragen_mag_andere_volgorde_ook():
    kop = list(reversed(ITEMS))
    (a,) = lees_csv(",".join(kop) + "\n" + ",".join("5" for _ in kop) + "\n", OUDERS)
    assert set(a.scores) == set(ITEMS) and a.open == {}


def test_foute_kop_noemt_elke_kolom():
    kop = ["vi1", "vi1", "xx9", *ITEMS[2:]]  # vi2 ontbreekt
    with pytest.raises(CsvFout) as fout:
        lees_csv(",".join(kop) + "\n", OUDERS)
    assert fout.value.fouten == ("kolom 'vi1' staat er meer dan eens", "kolom 'xx9' hoort niet bij stos-ouders",
                                 "kolommen ontbreken: vi2")
    assert str(fout.value).startswith("De kopregel past niet bij de vragenlijst stos-ouders; verwacht: vi1,")


def test_elke_foute_waarde_met_rij_en_kolom():
    tekst = csv(rij(co2="7"), rij(), rij(vi1="x", so4="0"), "1,2")
    with pytest.raises(CsvFout) as fout:
        lees_csv(tekst, OUDERS)
    assert fout.value.fouten == (
        "rij 2, kolom co2: '7' is geen antwoord (1 tot 5, of leeg of 'weet niet')",
        "rij 4, kolom vi1: 'x' is geen antwoord (1 tot 5, of leeg of 'weet niet')",
        "rij 4, kolom so4: '0' is geen antwoord (1 tot 5, of leeg of 'weet niet')",
        f"rij 5: 2 waarden, de kopregel heeft er {len(KOP)}",
    )
    assert str(fout.value).startswith("Niets ingelezen: 4 fout(en) in het bestand.\n  - rij 2, kolom co2")


def test_veel_fouten_worden_samengevat():
    with pytest.raises(CsvFout) as fout:
        lees_csv(csv(*[rij("9")] * 3), OUDERS)
    assert len(fout.value.fouten) == 3 * len(ITEMS)
    regels = str(fout.value).splitlines()
    assert len(regels) == 1 + MAX_FOUTEN + 1 and regels[-1] == f"  - en nog {3 * len(ITEMS) - MAX_FOUTEN} fout(en)"


@pytest.mark.parametrize(("tekst", "melding"), [
    ("", "Het bestand is leeg"),
    (",".join(KOP) + "\n", "Het bestand heeft een kopregel maar geen antwoorden."),
])
def test_leeg(tekst, melding):
    with pytest.raises(CsvFout, match=melding):
        lees_csv(tekst, OUDERS)
