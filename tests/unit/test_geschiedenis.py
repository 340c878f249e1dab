"""De geschiedenis van een traject in zinnen: ook de vragenlijstronde, met tijdstippen in Brussel."""

import pytest

from domein.geschiedenis import beschrijf


def test_ronde_geopend_en_verlengd_met_leesbare_tijdstippen():
    assert beschrijf("ronde_geopend", {"fase": "schoolfoto", "deadline": "2026-10-19T16:00:00+00:00", "ronde_id": 1}) == (
        "Vragenlijstronde van fase schoolfoto geopend, tot 19-10-2026 18:00.")
    assert beschrijf("ronde_verlengd", {"van": "2026-10-19T16:00:00+00:00", "naar": "2026-10-26T17:00:00+00:00"}) == (
        "Vragenlijstronde verlengd van 19-10-2026 18:00 tot 26-10-2026 18:00.")


def test_doelen_van_een_school():
    details = {"ronde_id": 1, "partner_id": 2, "partner": "De Klimop", "doelen": {"stos-ouders": 60, "stos-leerlingen": 90}}
    assert beschrijf("ronde_doelen_gezet", details) == (
        "Verwachte aantallen antwoorden voor 'De Klimop': stos-leerlingen 90, stos-ouders 60.")


@pytest.mark.parametrize("reden, zin", [
    ("deadline", "de deadline is voorbij"),
    ("iedereen", "alle antwoorden zijn binnen"),
    ("coordinator", "door de coördinator"),
    ("stopgezet", "het traject is stopgezet, zonder rapporten"),
])
def test_ronde_gesloten_zegt_waarom(reden, zin):
    assert beschrijf("ronde_gesloten", {"ronde_id": 1, "reden": reden}) == f"Vragenlijstronde gesloten: {zin}."
