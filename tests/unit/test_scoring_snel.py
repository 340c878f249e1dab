"""De snelle `bereken` (een rij waarden per respondent, de posities per domein en cluster één keer
per vragenlijst) geeft voor willekeurige antwoorden op de echte vragenlijsten precies hetzelfde
rapport als de eerste, rechttoe-rechtaan versie (tests/unit/scoring_referentie.py)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from config.vragenlijst import laad_vragenlijsten
from domein.scoring import Antwoordset, bereken
from tests.unit import scoring_referentie

DOMEINEN, LIJSTEN = laad_vragenlijsten()
PROGRAMMAS = {p: sorted(c for c, v in LIJSTEN.items() if v.programma == p) for p in ("stos", "az")}
SCORE = st.one_of(st.none(), st.integers(1, 5))


@st.composite
def antwoorden(draw) -> list[Antwoordset]:
    # Eén programma: elke groep beantwoordt één vragenlijst. Kleine groepen, zodat de drempel en
    # de verborgen groepen vaak aan bod komen; soms een respondent met alleen 'weet niet'.
    codes = PROGRAMMAS[draw(st.sampled_from(sorted(PROGRAMMAS)))]
    sets = []
    for code in codes:
        for _ in range(draw(st.integers(0, 7))):
            items = LIJSTEN[code].items
            scores = dict(zip((i.code for i in items), draw(st.lists(SCORE, min_size=len(items), max_size=len(items))),
                              strict=True))
            open_ = draw(st.dictionaries(st.sampled_from(["communicatie", "kostenbeleid"]), st.text(max_size=5)))
            sets.append(Antwoordset(code, scores, open_))
    return draw(st.permutations(sets))


@settings(max_examples=80, deadline=None)
@given(antwoorden(), st.integers(1, 6), st.integers(1, 4))
def test_zelfde_rapport_als_de_eenvoudige_versie(sets, drempel, aantal_items):
    snel = bereken(DOMEINEN, LIJSTEN, sets, drempel=drempel, aantal_items=aantal_items)
    assert snel == scoring_referentie.bereken(DOMEINEN, LIJSTEN, sets, drempel=drempel, aantal_items=aantal_items)
