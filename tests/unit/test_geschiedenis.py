"""De geschiedenis van een traject in zinnen: ook de vragenlijstronde, met tijdstippen in Brussel."""

import pytest

from config.programma import laad_programmas
from domein.geschiedenis import beschrijf

STOS = laad_programmas()["stos"]


def test_fasen_en_momenten_met_hun_naam_uit_het_programma():
    assert beschrijf("fase_gewijzigd", {"van": "intake", "naar": "schoolfoto", "geforceerd": False}, STOS) == (
        "Fase Intake → Schoolfoto.")
    assert beschrijf("moment_gepland", {"soort": "werkgroep-1", "start": "2026-11-02T14:00:00+00:00", "duur": 120},
                     STOS) == ("Moment 'Eerste werkgroep: schoolfoto bespreken en domeinen kiezen' gepland op "
                               "02-11-2026 15:00 (120 min).")
    assert beschrijf("traject_stopgezet", {"fase": "vorming", "reden": "Nieuwe directie"}, STOS) == (
        "Traject stopgezet in fase Vorming van het schoolteam: Nieuwe directie")
    # Een code die het programma niet (meer) kent, blijft staan zoals ze is.
    assert beschrijf("moment_gehouden", {"soort": "oud-moment"}, STOS) == "Moment 'oud-moment' gehouden."


def test_ronde_geopend_en_verlengd_met_leesbare_tijdstippen():
    assert beschrijf("ronde_geopend", {"fase": "schoolfoto", "deadline": "2026-10-19T16:00:00+00:00", "ronde_id": 1}, STOS) == (
        "Vragenlijstronde van fase Schoolfoto geopend, tot 19-10-2026 18:00.")
    assert beschrijf("ronde_verlengd", {"van": "2026-10-19T16:00:00+00:00", "naar": "2026-10-26T17:00:00+00:00"}, STOS) == (
        "Vragenlijstronde verlengd van 19-10-2026 18:00 tot 26-10-2026 18:00.")


def test_doelen_van_een_school():
    details = {"ronde_id": 1, "partner_id": 2, "partner": "De Klimop", "doelen": {"stos-ouders": 60, "stos-leerlingen": 90}}
    assert beschrijf("ronde_doelen_gezet", details, STOS) == (
        "Verwachte aantallen antwoorden voor 'De Klimop': stos-leerlingen 90, stos-ouders 60.")


@pytest.mark.parametrize("reden, zin", [
    ("deadline", "de deadline is voorbij"),
    ("iedereen", "alle antwoorden zijn binnen"),
    ("coordinator", "door de coördinator"),
    ("stopgezet", "het traject is stopgezet, zonder rapporten"),
])
def test_ronde_gesloten_zegt_waarom(reden, zin):
    assert beschrijf("ronde_gesloten", {"ronde_id": 1, "reden": reden}, STOS) == f"Vragenlijstronde gesloten: {zin}."


def test_een_onvolledige_gebeurtenis_geeft_een_vraagteken_geen_fout():
    assert beschrijf("ronde_doelen_gezet", {"partner": "De Klimop"}, STOS) == (
        "Verwachte aantallen antwoorden voor 'De Klimop': ?.")
    assert beschrijf("ronde_gesloten", {}, STOS) == "Vragenlijstronde gesloten: ?."
    assert beschrijf("antwoorden_ingelezen", {"vragenlijst": "stos-ouders"}, STOS).startswith("? op stos-ouders")


@pytest.mark.parametrize("aantal, zin", [(1, "1 antwoord"), (6, "6 antwoorden")])
def test_antwoorden_ingelezen_enkelvoud_en_meervoud(aantal, zin):
    details = {"aantal": aantal, "vragenlijst": "stos-werkgroep", "partner": "De Klimop"}
    assert beschrijf("antwoorden_ingelezen", details, STOS) == f"{zin} op stos-werkgroep ingelezen voor 'De Klimop'."


def test_een_overschrijving_noemt_de_reden_en_de_voorwaarden_die_niet_voldaan_waren():
    details = {"van": "intake", "naar": "schoolfoto", "geforceerd": True, "reden": "Intake telefonisch gedaan",
               "niet_voldaan": ["'Intakegesprek' is gehouden", "Er is een werkgroep"]}
    assert beschrijf("fase_gewijzigd", details, STOS) == (
        "Fase Intake → Schoolfoto. Geforceerd: Intake telefonisch gedaan. "
        "Niet voldaan: 'Intakegesprek' is gehouden; Er is een werkgroep.")
    gehouden = {"soort": "intakegesprek", "fase": "intake", "geforceerd": True, "reden": "Vervroegd."}
    assert beschrijf("moment_gehouden", gehouden, STOS) == "Moment 'Intakegesprek' gehouden. Geforceerd: Vervroegd."


def test_een_annulering_noemt_haar_reden():
    assert beschrijf("moment_geannuleerd", {"soort": "intakegesprek", "reden": "Directie ziek"}, STOS) == (
        "Moment 'Intakegesprek' geannuleerd. Reden: Directie ziek.")
    assert beschrijf("moment_geannuleerd", {"soort": "intakegesprek", "reden": None}, STOS) == (
        "Moment 'Intakegesprek' geannuleerd.")


def test_een_tijdstip_in_het_dubbele_herfstuur_zegt_welk_het_is():
    # 25 oktober 2026: 02:30 komt twee keer voor (00:30 UTC zomertijd, 01:30 UTC wintertijd).
    zomer, winter = ("2026-10-25T00:30:00+00:00", "2026-10-25T01:30:00+00:00")
    teksten = [beschrijf("moment_gepland", {"soort": "werkgroep-1", "start": s, "duur": 60}, STOS) for s in (zomer, winter)]
    assert "25-10-2026 02:30 (zomertijd)" in teksten[0] and "25-10-2026 02:30 (wintertijd)" in teksten[1]


def test_een_antwoord_uit_het_webformulier_is_ingevuld_niet_ingelezen():
    web = {"aantal": 1, "vragenlijst": "stos-ouders", "partner": "De Vlinder", "bron": "web"}
    assert beschrijf("antwoorden_ingelezen", web, STOS) == (
        "1 antwoord op stos-ouders ingevuld via het webformulier voor 'De Vlinder'.")
    assert beschrijf("antwoorden_ingelezen", web | {"aantal": 3, "bron": "csv"}, STOS) == (
        "3 antwoorden op stos-ouders ingelezen voor 'De Vlinder'.")
