"""De scores van een ronde, puur: gemiddelden en verdeling per groep, omgekeerde items, 'weet niet',
de anonimiteitsdrempel, sterkste en zwakste items, verschillen tussen groepen en werkpunten; en
eigenschappen over willekeurige antwoorden (hypothesis)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from config.vragenlijst import Domeinen, Vragenlijst
from domein.scoring import MIDDEN, SAMEN, Antwoordset, bereken

DOMEINEN = Domeinen.model_validate({"domeinen": [
    {"code": "communicatie", "naam": "Communicatie", "clusters": [
        {"code": "bereikbaarheid", "naam": "Bereikbaarheid", "advies": "Maak duidelijk wie aanspreekbaar is."},
        {"code": "brieven", "naam": "Brieven", "advies": "Schrijf in eenvoudige taal."},
    ]},
    {"code": "kostenbeleid", "naam": "Kostenbeleid", "clusters": [
        {"code": "uitstappen", "naam": "Uitstappen", "advies": "Laat niemand achter."},
    ]},
]})


def lijst(code: str, groep: str, anoniem: bool = True) -> Vragenlijst:
    return Vragenlijst.model_validate({
        "code": code, "programma": "stos", "groep": groep, "naam": code, "anoniem": anoniem, "inleiding": "x",
        "domeinen": [
            {"domein": "communicatie", "open_vraag": "Wat kan beter?", "items": [
                {"code": "c1", "tekst": "Ik weet wie ik kan aanspreken.", "cluster": "bereikbaarheid"},
                {"code": "c2", "tekst": "Brieven zijn moeilijk.", "cluster": "brieven", "omgekeerd": True},
            ]},
            {"domein": "kostenbeleid", "open_vraag": "En de kosten?", "items": [
                {"code": "k1", "tekst": "Iedereen kan mee op uitstap.", "cluster": "uitstappen"},
            ]},
        ],
    })


LIJSTEN = {"ouders": lijst("ouders", "ouders"), "leerkrachten": lijst("leerkrachten", "leerkrachten"),
           "leerlingen": lijst("leerlingen", "leerlingen"), "werkgroep": lijst("werkgroep", "werkgroep", anoniem=False)}


def sets(vragenlijst: str, *scores: tuple, open_: dict | None = None) -> list[Antwoordset]:
    return [Antwoordset(vragenlijst, dict(zip(("c1", "c2", "k1"), s)), open_ or {}) for s in scores]


def test_gemiddelde_verdeling_omgekeerd_en_weet_niet():
    ouders = sets("ouders", (5, 1, 2), (4, 2, 2), (4, None, 1), (3, 1, None), (4, 2, 1))
    rapport = bereken(DOMEINEN, LIJSTEN, ouders)
    communicatie, kosten = rapport.domeinen
    score = communicatie.groepen["ouders"]
    # c2 is omgekeerd: 1 telt als 5, 2 als 4. Scores: 5,5 4,4 4 3,5 4,4 -> 38 / 9
    assert score.gemiddelde == round(38 / 9, 2) and score.n == 5
    assert score.verdeling == (0, 0, 1, 5, 3, 1)  # na het omkeren; één 'weet niet'
    assert kosten.groepen["ouders"].gemiddelde == 1.5 and kosten.groepen["ouders"].n == 4
    assert communicatie.clusters["brieven"]["ouders"].gemiddelde == 4.5


def test_groep_onder_de_drempel_niet_apart_en_niet_af_te_leiden_uit_samen():
    ouders = sets("ouders", *[(4, 2, 4)] * 5, open_={"communicatie": "Meer uitleg graag"})
    leerkrachten = sets("leerkrachten", (1, 5, 1), (2, 5, 1), open_={"communicatie": "Mijn naam is Jan"})
    rapport = bereken(DOMEINEN, LIJSTEN, ouders + leerkrachten)
    assert rapport.verborgen == ("leerkrachten",)
    assert rapport.antwoorden == {"leerkrachten": 2, "ouders": 5}
    communicatie = rapport.domeinen[0]
    assert set(communicatie.groepen) == {"ouders", SAMEN}
    # Samen min de ouders zou de twee leerkrachten tonen: ze tellen hier niet mee.
    assert communicatie.groepen[SAMEN] == communicatie.groepen["ouders"]
    assert communicatie.open_antwoorden == {"ouders": ("Meer uitleg graag",) * 5}  # niet die van 2 leerkrachten
    assert all(s.groep == "ouders" for s in communicatie.sterkste + communicatie.zwakste)


def test_verborgen_groepen_samen_boven_de_drempel_tellen_mee_in_samen():
    verborgen = sets("leerkrachten", *[(1, 5, 1)] * 2) + sets("leerlingen", *[(2, 4, 2)] * 3)
    rapport = bereken(DOMEINEN, LIJSTEN, verborgen + sets("werkgroep", (5, 1, 5)))
    assert rapport.verborgen == ("leerkrachten", "leerlingen")
    communicatie = rapport.domeinen[0]
    assert set(communicatie.groepen) == {"werkgroep", SAMEN}
    assert communicatie.groepen[SAMEN].n == 6 and communicatie.groepen[SAMEN].gemiddelde == round(26 / 12, 2)


def test_een_groep_op_naam_telt_altijd_mee_ook_met_een_antwoord():
    werkgroep = sets("werkgroep", (2, 4, 3), open_={"kostenbeleid": "De uitstappen zijn te duur"})
    rapport = bereken(DOMEINEN, LIJSTEN, werkgroep + sets("ouders", (4, 2, 4)))
    assert rapport.verborgen == ("ouders",)
    communicatie, kosten = rapport.domeinen
    # Samen is de werkgroep: de ene ouder telt niet mee, anders gaf het verschil haar antwoord prijs.
    assert communicatie.groepen["werkgroep"].gemiddelde == 2.0 and communicatie.groepen[SAMEN].gemiddelde == 2.0
    assert communicatie.groepen[SAMEN].n == 1 and kosten.groepen[SAMEN].gemiddelde == 3.0
    assert [(w.cluster, w.gemiddelde) for w in rapport.werkpunten] == [("bereikbaarheid", 2.0), ("brieven", 2.0)]
    assert [s.item.code for s in communicatie.zwakste] == ["c1", "c2"] and communicatie.sterkste == ()
    assert kosten.open_antwoorden == {"werkgroep": ("De uitstappen zijn te duur",)}


def test_drempel_instelbaar_en_alles_onder_de_drempel():
    ouders = sets("ouders", (4, 2, 4), (5, 1, 5))
    assert bereken(DOMEINEN, LIJSTEN, ouders, drempel=2).verborgen == ()
    rapport = bereken(DOMEINEN, LIJSTEN, ouders)
    assert rapport.verborgen == ("ouders",)
    assert all(d.groepen == {} for d in rapport.domeinen) and rapport.werkpunten == ()


def test_sterkste_zwakste_en_verschil_tussen_groepen():
    ouders = sets("ouders", *[(5, 4, 2)] * 5)
    leerkrachten = sets("leerkrachten", *[(3, 3, 4)] * 6)
    communicatie, kosten = bereken(DOMEINEN, LIJSTEN, ouders + leerkrachten, aantal_items=2).domeinen
    # Een neutrale 3 is geen sterk punt en geen werkpunt.
    assert [(s.groep, s.item.code, s.score.gemiddelde) for s in communicatie.sterkste] == [("ouders", "c1", 5.0)]
    assert [(s.groep, s.item.code) for s in communicatie.zwakste] == [("ouders", "c2")]
    assert communicatie.groepen["ouders"].gemiddelde == 3.5 and communicatie.groepen["leerkrachten"].gemiddelde == 3.0
    assert communicatie.verschil == 0.5 and kosten.verschil == 2.0


def test_een_stelling_staat_niet_bij_de_sterkste_en_om_aan_te_werken():
    # Dezelfde stelling k1: sterk voor de leerkrachten, zwak voor de ouders; ze blijft een werkpunt.
    ouders = sets("ouders", *[(4, 2, 1)] * 5)
    leerkrachten = sets("leerkrachten", *[(4, 2, 5)] * 5)
    _, kosten = bereken(DOMEINEN, LIJSTEN, ouders + leerkrachten).domeinen
    assert [(s.groep, s.item.code) for s in kosten.zwakste] == [("ouders", "k1")] and kosten.sterkste == ()


def test_omgekeerd_item_toont_ook_het_gegeven_antwoord():
    ouders = sets("ouders", *[(4, 5, 4)] * 4, (4, 4, 4))  # c2 omgekeerd: 'helemaal akkoord' telt als 1
    communicatie, _ = bereken(DOMEINEN, LIJSTEN, ouders).domeinen
    (c2,) = communicatie.zwakste
    assert c2.item.code == "c2" and c2.score.gemiddelde == 1.2 and c2.antwoord == 4.8
    (c1,) = communicatie.sterkste
    assert c1.antwoord == c1.score.gemiddelde == 4.0


def test_werkpunten_de_zwakste_clusters_met_advies():
    ouders = sets("ouders", *[(2, 4, 1)] * 5)  # c2 omgekeerd: 4 telt als 2
    werkpunten = bereken(DOMEINEN, LIJSTEN, ouders).werkpunten
    assert [(w.cluster, w.gemiddelde) for w in werkpunten] == [("uitstappen", 1.0), ("bereikbaarheid", 2.0),
                                                              ("brieven", 2.0)]
    assert werkpunten[0].advies == "Laat niemand achter." and werkpunten[0].domein == "kostenbeleid"


def test_score_buiten_de_schaal_is_een_fout():
    with pytest.raises(ValueError, match="score 7 voor item c1"):
        bereken(DOMEINEN, LIJSTEN, sets("ouders", (7, 1, 1)))


SCORE = st.one_of(st.none(), st.integers(1, 5))
ANTWOORDSETS = st.lists(
    st.tuples(st.sampled_from(sorted(LIJSTEN)), SCORE, SCORE, SCORE).map(
        lambda t: Antwoordset(t[0], dict(zip(("c1", "c2", "k1"), t[1:])))),
    max_size=30,
)


@settings(max_examples=300, deadline=None)
@given(ANTWOORDSETS, st.integers(1, 6), st.integers(1, 4))
def test_eigenschappen_over_willekeurige_antwoorden(antwoorden, drempel, aantal_items):
    rapport = bereken(DOMEINEN, LIJSTEN, antwoorden, drempel=drempel, aantal_items=aantal_items)
    assert all(w.gemiddelde < MIDDEN for w in rapport.werkpunten)
    op_naam = any(a.vragenlijst == "werkgroep" and any(v is not None for v in a.scores.values()) for a in antwoorden)
    for d in rapport.domeinen:
        # Sterkste en zwakste delen geen stelling, en niets boven het midden is om aan te werken.
        assert not {s.item.code for s in d.sterkste} & {s.item.code for s in d.zwakste}
        assert all(s.score.gemiddelde < MIDDEN for s in d.zwakste) and len(d.zwakste) <= aantal_items
        assert all(s.score.gemiddelde > MIDDEN for s in d.sterkste) and len(d.sterkste) <= aantal_items
        for kolommen in (d.groepen, *d.clusters.values()):
            assert not set(kolommen) & set(rapport.verborgen)
            if SAMEN in kolommen:
                # Samen min de zichtbare kolommen: geen verborgen antwoorden, of minstens de drempel.
                rest = kolommen[SAMEN].n - sum(s.n for g, s in kolommen.items() if g != SAMEN)
                assert rest == 0 or rest >= drempel
        if op_naam and "werkgroep" in d.groepen and d.groepen["werkgroep"].n:
            assert d.groepen[SAMEN].gemiddelde is not None  # een groep op naam telt altijd mee
