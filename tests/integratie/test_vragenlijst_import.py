"""CSV-antwoorden inlezen op SQLite en PostgreSQL: alles of niets, de juiste vragenlijst voor de
juiste partner, en het rapport uit wat is ingelezen."""

import pytest
from sqlalchemy import func, select

from config.vragenlijst import laad_vragenlijsten
from diensten import lezen as overzicht
from domein.antwoorden import CsvFout, kolommen
from domein.fouten import NietGevonden, OngeldigeInvoer
from domein.tijd import BRUSSEL
from opslag.tabellen import AntwoordsetRij, GebeurtenisRij

DOMEINEN, LIJSTEN = laad_vragenlijsten()


def csv(code: str, *scores: int, open_: str = "") -> str:
    kop = kolommen(LIJSTEN[code])
    rijen = [",".join(open_ if k.startswith("open-") else str(s) for k in kop) for s in scores]
    return "\n".join([",".join(kop), *rijen]) + "\n"


def tel(databank, tabel) -> int:
    with databank.transactie() as sessie:
        return sessie.scalar(select(func.count()).select_from(tabel))


@pytest.fixture
def school(commando):
    t = commando.traject_nieuw("stos", "Sint-Jozef").id
    return t, commando.partner_toevoegen(t, "school", "Sint-Jozef").id


def test_inlezen_en_rapport(commando, school):
    t, p = school
    commando.csv_inlezen(t, p, LIJSTEN["stos-ouders"], csv("stos-ouders", *[2] * 6, open_="<b>Te duur</b>"))
    assert commando.csv_inlezen(t, p, LIJSTEN["stos-leerkrachten"], csv("stos-leerkrachten", 4, 4)).melding == (
        "2 antwoorden op stos-leerkrachten ingelezen.")
    assert tel(commando.databank, AntwoordsetRij) == 8
    titel, rapport = overzicht.rapport(commando.databank, commando.programmas, DOMEINEN, LIJSTEN, t, p)
    assert titel == "Schoolfoto Sint-Jozef"
    assert rapport.antwoorden == {"leerkrachten": 2, "ouders": 6} and rapport.verborgen == ("leerkrachten",)
    communicatie = next(d for d in rapport.domeinen if d.code == "communicatie")
    assert communicatie.open_antwoorden == {"ouders": ("<b>Te duur</b>",) * 6}
    traject = overzicht.traject(commando.databank, commando.programmas, t, BRUSSEL)
    geschiedenis = [g["beschrijving"] for g in traject["geschiedenis"]]
    assert "6 antwoorden op stos-ouders ingelezen voor 'Sint-Jozef'." in geschiedenis


def test_rapport_buiten_een_ronde_met_de_drempel_van_de_ronde(commando, school):
    """`kansrijk rapport` (ook voor antwoorden buiten de ronde) verbergt een groep zoals het rapport
    van de ronde dat zou doen, niet met de standaarddrempel."""
    t, p = school
    commando.csv_inlezen(t, p, LIJSTEN["stos-ouders"], csv("stos-ouders", *[2] * 6))
    stos = commando.programmas["stos"]
    fasen = tuple(f.model_copy(update={"vragenlijstronde": f.vragenlijstronde.model_copy(update={"drempel": 8})})
                  if f.vragenlijstronde else f for f in stos.fasen)
    strenger = {**commando.programmas, "stos": stos.model_copy(update={"fasen": fasen})}
    assert overzicht.rapport(commando.databank, commando.programmas, DOMEINEN, LIJSTEN, t, p)[1].verborgen == ()
    _, rapport = overzicht.rapport(commando.databank, strenger, DOMEINEN, LIJSTEN, t, p)
    assert rapport.verborgen == ("ouders",) and rapport.drempel == 8


def test_een_fout_en_er_wordt_niets_ingelezen(commando, school):
    t, p = school
    slecht = csv("stos-ouders", 3, 3, 3).replace("\n3,", "\n8,", 1)
    with pytest.raises(CsvFout, match="rij 2, kolom vi1: '8'"):
        commando.csv_inlezen(t, p, LIJSTEN["stos-ouders"], slecht)
    assert tel(commando.databank, AntwoordsetRij) == 0
    with commando.databank.transactie() as sessie:
        assert "antwoorden_ingelezen" not in sessie.scalars(select(GebeurtenisRij.soort)).all()


def test_vragenlijst_moet_bij_programma_en_partner_passen(commando, school):
    t, p = school
    with pytest.raises(OngeldigeInvoer, match="hoort bij az, traject 1 is stos"):
        commando.csv_inlezen(t, p, LIJSTEN["az-school"], csv("az-school", 3))
    az = commando.traject_nieuw("az", "Zelzate").id
    bestuur = commando.partner_toevoegen(az, "lokaal-bestuur", "Gemeente Zelzate").id
    with pytest.raises(OngeldigeInvoer, match="is voor de school; 'Gemeente Zelzate' is het lokaal bestuur"):
        commando.csv_inlezen(az, bestuur, LIJSTEN["az-school"], csv("az-school", 3))
    commando.csv_inlezen(az, bestuur, LIJSTEN["az-lokaal-bestuur"], csv("az-lokaal-bestuur", 3))
    assert tel(commando.databank, AntwoordsetRij) == 1


def test_rapport_zonder_antwoorden_of_partner(commando, school):
    t, p = school
    with pytest.raises(OngeldigeInvoer, match="nog geen antwoorden voor 'Sint-Jozef'"):
        overzicht.rapport(commando.databank, commando.programmas, DOMEINEN, LIJSTEN, t, p)
    with pytest.raises(NietGevonden, match="Partner 99 bestaat niet"):
        overzicht.rapport(commando.databank, commando.programmas, DOMEINEN, LIJSTEN, t, 99)


def test_hetzelfde_bestand_twee_keer_wordt_geweigerd(commando, school, klok):
    t, p = school
    bestand = csv("stos-ouders", 3, 4, 4)
    commando.csv_inlezen(t, p, LIJSTEN["stos-ouders"], bestand)
    klok.nu = klok.nu.replace(hour=16, minute=5)
    with pytest.raises(OngeldigeInvoer, match=r"al ingelezen op .* om \d\d:\d\d: dezelfde 3 antwoorden op stos-ouders"):
        commando.csv_inlezen(t, p, LIJSTEN["stos-ouders"], bestand.replace("\n", "\r\n"))  # opnieuw bewaard in Excel
    assert tel(commando.databank, AntwoordsetRij) == 3
    # Een ander bestand met dezelfde rijen erin (een tweede klas die even antwoordde) telt wel, en
    # hetzelfde bestand voor een andere school ook.
    commando.csv_inlezen(t, p, LIJSTEN["stos-ouders"], csv("stos-ouders", 3, 4, 4, 4))
    andere = commando.traject_nieuw("stos", "De Klimop").id
    commando.csv_inlezen(andere, commando.partner_toevoegen(andere, "school", "De Klimop").id, LIJSTEN["stos-ouders"],
                         bestand)
    assert tel(commando.databank, AntwoordsetRij) == 3 + 4 + 3


def test_regeleinden_in_een_waarde_en_tekens_die_postgresql_niet_kan_bewaren(commando, school):
    t, p = school
    kop = kolommen(LIJSTEN["stos-ouders"])
    waarden = {k: "" if k.startswith("open-") else "3" for k in kop}
    waarden["open-communicatie"] = '"Regel een\nregel ""twee"";\r\nen\x00 drie\x01"'
    bestand = ",".join(kop) + "\n" + ",".join(waarden.values()) + "\n"
    commando.csv_inlezen(t, p, LIJSTEN["stos-ouders"], bestand)
    with commando.databank.transactie() as sessie:
        (rij,) = sessie.scalars(select(AntwoordsetRij))
        assert rij.open == {"communicatie": 'Regel een\nregel "twee";\r\nen drie'}


def test_een_waarde_langer_dan_de_grens_van_de_csv_module_geeft_rij_en_kolom(commando, school):
    t, p = school
    bestand = csv("stos-ouders", 3, 3, open_="x").replace(",x\n", ",x" * 1 + "y" * 200_000 + "\n", 1)
    with pytest.raises(CsvFout) as fout:
        commando.csv_inlezen(t, p, LIJSTEN["stos-ouders"], bestand)
    laatste = kolommen(LIJSTEN["stos-ouders"])[-1]
    assert f"rij 2, kolom {laatste}: langer dan 2000 tekens" in str(fout.value) and len(str(fout.value)) < 1000
    assert tel(commando.databank, AntwoordsetRij) == 0
