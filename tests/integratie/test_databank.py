"""`voeg_toe_tenzij_er`: INSERT ... ON CONFLICT DO NOTHING, op SQLite en PostgreSQL."""

import pytest
from sqlalchemy import func, select

from opslag.databank import voeg_toe_tenzij_er
from opslag.tabellen import StandRij


def _standen(databank) -> dict[str, int]:
    with databank.transactie() as sessie:
        return {s.naam: s.waarde for s in sessie.scalars(select(StandRij))}


def test_een_sleutel_een_keer(databank):
    with databank.transactie() as sessie:
        assert voeg_toe_tenzij_er(sessie, StandRij, "naam", naam="a", waarde=1) is True
        assert voeg_toe_tenzij_er(sessie, StandRij, "naam", naam="a", waarde=2) is False
        sessie.add(StandRij(naam="b", waarde=3))  # nog niet geflusht: de INSERT ziet hem toch
        assert voeg_toe_tenzij_er(sessie, StandRij, "naam", naam="b", waarde=4) is False
    assert _standen(databank) == {"a": 1, "b": 3}


def test_een_onbekende_kolom_is_een_fout_en_schrijft_niets(databank):
    with pytest.raises(TypeError, match="StandRij heeft geen kolom wearde"), databank.transactie() as sessie:
        voeg_toe_tenzij_er(sessie, StandRij, "naam", naam="a", wearde=1)
    with databank.transactie() as sessie:
        assert sessie.scalar(select(func.count()).select_from(StandRij)) == 0
