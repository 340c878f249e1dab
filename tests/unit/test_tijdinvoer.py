"""Tijdstippen en datums van de gebruiker lezen: alles wat geen bruikbaar tijdstip is, wordt één
OngeldigeInvoer, nooit een andere fout (jaar 1 en 9999 liepen over de grens van datetime)."""

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domein.fouten import OngeldigeInvoer
from domein.tijd import JAREN, lees_datum, lees_tijdstip


@pytest.mark.parametrize("tekst", ["0001-01-01T10:00", "9999-12-31T23:59", "1999-12-31T23:59", "2200-01-01T00:00",
                                   "9999-12-31T23:59+14:00", ""])
def test_buiten_de_jaren_of_leeg_is_ongeldig(tekst):
    with pytest.raises(OngeldigeInvoer):
        lees_tijdstip(tekst)


def test_de_randen_van_het_bereik_gaan():
    assert lees_tijdstip("2000-01-01T00:00").year == 2000
    assert lees_tijdstip("2199-12-31T23:59").year == 2199
    assert lees_datum("2199-12-31") == date(2199, 12, 31)
    with pytest.raises(OngeldigeInvoer, match="valt buiten de jaren 2000 tot 2199"):
        lees_datum("0001-01-01")


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=40), st.datetimes().map(lambda d: d.isoformat(timespec="minutes")),
                 st.dates().map(str)))
def test_elke_tekst_is_een_bruikbaar_tijdstip_of_een_ongeldige_invoer(tekst):
    for lees in (lees_tijdstip, lees_datum):
        try:
            waarde = lees(tekst)
        except OngeldigeInvoer:
            continue
        assert waarde.year in JAREN
        if isinstance(waarde, datetime):
            # Wat Kansrijk ermee doet (omrekenen, een jaar tot het terugkommoment) loopt niet over.
            assert (waarde.astimezone(UTC) + timedelta(days=800)).year <= 2202
