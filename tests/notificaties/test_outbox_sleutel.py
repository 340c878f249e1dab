"""De sleutel van een rondebericht met alleen persoonlijke links: bij vertrek leest de outbox eruit
voor welke ronde, partner en vragenlijsten het is, voor elk adres (ook met '/' of '-' erin)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from config.vragenlijst import laad_vragenlijsten
from domein.berichten import _OP_NAAM, op_naam

_, LIJSTEN = laad_vragenlijsten()
CODES = sorted(LIJSTEN)


@settings(max_examples=200, deadline=None)
@given(ronde=st.integers(1, 2**63 - 1), partner=st.integers(1, 2**63 - 1), adres=st.emails(),
       deel=st.sampled_from(["uitnodiging", "20270104T1800/herinnering-7"]),
       codes=st.lists(st.sampled_from(CODES), min_size=1, max_size=3, unique=True))
def test_sleutel_met_persoonlijke_links_wordt_teruggelezen(ronde, partner, adres, deel, codes):
    zonder = f"ronde-{ronde}/{deel}/{adres}"
    gevonden = _OP_NAAM.match(zonder + op_naam(partner, codes))
    assert gevonden is not None
    assert (int(gevonden[1]), int(gevonden[2]), gevonden[3].split(",")) == (ronde, partner, codes)
    # Een bericht met groepslinks (zonder dat einde) vervalt nooit omdat iets ingevuld is.
    assert _OP_NAAM.match(zonder) is None
