"""De domeinkern zonder databank: voorwaarden, faseovergangen, overschrijven, pauzeren en stopzetten,
momenten, contactpersonen en de train-the-trainer."""

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from domein import momenten
from domein import traject as regels
from domein.fouten import Geweigerd, NietGevonden, OngeldigeInvoer
from domein.model import (
    Contact,
    Inschrijving,
    Moment,
    MomentStatus,
    Partner,
    Ronde,
    RondeStatus,
    Traject,
    TrajectStatus,
)
from domein.schoolkalender import vrij
from domein.tijd import BRUSSEL, lees_tijdstip
from domein.voorwaarden import voorwaarden
from tests.conftest import NU

LATER = NU + timedelta(days=7)


def _school(i: int, bevestigd: bool = True) -> Partner:
    return Partner(i, "school", f"School {i}", NU if bevestigd else None)


def az_klaar_voor_fase_1() -> Traject:
    """Een A-Z-traject dat aan elke voorwaarde van de aanloopfase voldoet."""
    bestuur = Partner(10, "lokaal-bestuur", "Stad Gent", NU, "schepencollege")
    return Traject(
        id=1,
        programma="az",
        naam="Gent",
        fase="aanloopfase",
        partners=(bestuur, *(_school(i) for i in range(1, 5))),
        contacten=(Contact(20, 10, "Tine Trekker", "tine@stad.gent", "trekker"),),
        momenten=(Moment(30, "aanloopfase", "kennismaking", NU - timedelta(days=1), 120, MomentStatus.GEHOUDEN),),
    )


# -- voorwaarden en overgangen -----------------------------------------------------------------


def test_aanloopfase_met_alles_voldaan_gaat_naar_fase_1(az):
    wissel = regels.volgende_fase(az_klaar_voor_fase_1(), az, NU)
    assert wissel.naar == "fase-1"
    assert wissel.gebeurtenis.soort == "fase_gewijzigd"
    assert wissel.gebeurtenis.details == {"van": "aanloopfase", "naar": "fase-1"}
    assert wissel.timers == ()


@pytest.mark.parametrize(
    ("wijziging", "verwacht"),
    [
        (lambda t: replace(t, partners=t.partners[:4]), "Minstens 4 scholen"),  # maar drie scholen
        (lambda t: replace(t, partners=(t.partners[0], _school(1, False), *t.partners[2:])), "Minstens 4 scholen"),
        (lambda t: replace(t, partners=(replace(t.partners[0], bevestigd_op=None), *t.partners[1:])), "lokaal bestuur heeft zijn"),
        (lambda t: replace(t, partners=(replace(t.partners[0], mandaat=None), *t.partners[1:])), "mandaat"),
        (lambda t: replace(t, contacten=()), "rol trekker"),
        (lambda t: replace(t, momenten=(replace(t.momenten[0], status=MomentStatus.GEPLAND),)), "'Kennismaking' is gehouden"),
    ],
    ids=["drie-scholen", "school-niet-bevestigd", "bestuur-niet-bevestigd", "geen-mandaat", "geen-trekker", "kennismaking-niet-gehouden"],
)
def test_aanloopfase_weigert_en_noemt_de_open_voorwaarde(az, wijziging, verwacht):
    with pytest.raises(Geweigerd) as fout:
        regels.volgende_fase(wijziging(az_klaar_voor_fase_1()), az, NU)
    assert fout.value.exitcode == 1
    assert len(fout.value.redenen) == 1
    assert verwacht in fout.value.redenen[0]


def test_weigering_noemt_elke_open_voorwaarde(az):
    leeg = Traject(id=2, programma="az", naam="Leeg", fase="aanloopfase")
    with pytest.raises(Geweigerd) as fout:
        regels.volgende_fase(leeg, az, NU)
    assert len(fout.value.redenen) == len(az.fase("aanloopfase").voorwaarden) == 5
    assert "0 van 4 bevestigd" in str(fout.value)


def test_overschrijven_vraagt_een_reden_en_wordt_vastgelegd(az):
    leeg = Traject(id=2, programma="az", naam="Leeg", fase="aanloopfase")
    with pytest.raises(OngeldigeInvoer, match="reden"):
        regels.volgende_fase(leeg, az, NU, forceer=True)
    with pytest.raises(OngeldigeInvoer, match="reden"):
        regels.volgende_fase(leeg, az, NU, forceer=True, reden="   ")
    wissel = regels.volgende_fase(leeg, az, NU, forceer=True, reden="Kennismaking liep via de scholengroep")
    assert wissel.naar == "fase-1"
    assert wissel.gebeurtenis.details["geforceerd"] is True
    assert wissel.gebeurtenis.details["reden"] == "Kennismaking liep via de scholengroep"
    assert len(wissel.gebeurtenis.details["niet_voldaan"]) == 5


def test_reden_zonder_forceer_is_ongeldig(az):
    with pytest.raises(OngeldigeInvoer):
        regels.volgende_fase(az_klaar_voor_fase_1(), az, NU, reden="zomaar")


def test_fase_1_vraagt_het_vormingsmoment_en_een_gesloten_vragenlijstronde(az):
    open_ronde = Ronde(5, "fase-1", NU - timedelta(days=10), NU + timedelta(days=11))
    t = replace(az_klaar_voor_fase_1(), fase="fase-1", rondes=(open_ronde,))
    with pytest.raises(Geweigerd, match="Vormingsmoment") as fout:
        regels.volgende_fase(t, az, NU)
    assert "vragenlijstronde is gesloten" in str(fout.value) and "open tot" in str(fout.value)
    gehouden = Moment(31, "fase-1", "vormingsmoment", NU - timedelta(hours=3), 120, MomentStatus.GEHOUDEN)
    with pytest.raises(Geweigerd, match="vragenlijstronde"):
        regels.volgende_fase(replace(t, momenten=(gehouden,)), az, NU)
    gesloten = replace(open_ronde, status=RondeStatus.GESLOTEN)
    assert regels.volgende_fase(replace(t, momenten=(gehouden,), rondes=(gesloten,)), az, NU).naar == "fase-2"


def test_fase_3_vraagt_een_basisvorming_voor_elke_deelnemende_school(az):
    werkmomenten = tuple(
        Moment(40 + i, "fase-3", "werkmoment", NU - timedelta(days=i + 1), 120, MomentStatus.GEHOUDEN) for i in range(3)
    )
    basis = [Moment(50 + i, "fase-3", "basisvorming", LATER, 180, partner_id=i) for i in range(1, 4)]
    t = replace(az_klaar_voor_fase_1(), fase="fase-3", momenten=werkmomenten + tuple(basis))
    with pytest.raises(Geweigerd) as fout:
        regels.volgende_fase(t, az, NU)
    assert "ontbreekt voor School 4" in str(fout.value)
    # Een geannuleerde basisvorming telt niet; een geplande wel.
    geannuleerd = Moment(60, "fase-3", "basisvorming", LATER, 180, MomentStatus.GEANNULEERD, partner_id=4)
    with pytest.raises(Geweigerd):
        regels.volgende_fase(replace(t, momenten=t.momenten + (geannuleerd,)), az, NU)
    gepland = Moment(61, "fase-3", "basisvorming", LATER, 180, partner_id=4)
    assert regels.volgende_fase(replace(t, momenten=t.momenten + (gepland,)), az, NU).naar == "fase-4"


def test_stos_verlaat_de_intake_pas_met_een_werkgroep(stos):
    school = Partner(1, "school", "Sint-Jozef", NU)
    intake = Moment(2, "intake", "intakegesprek", NU - timedelta(days=1), 120, MomentStatus.GEHOUDEN)
    t = Traject(id=3, programma="stos", naam="Sint-Jozef", fase="intake", partners=(school,), momenten=(intake,))
    with pytest.raises(Geweigerd, match="rol werkgroep"):
        regels.volgende_fase(t, stos, NU)
    lid = Contact(3, 1, "An", "an@sintjozef.be", "werkgroep")
    assert regels.volgende_fase(replace(t, contacten=(lid,)), stos, NU).naar == "schoolfoto"


def test_laatste_fase_rondt_af_en_daarna_gaat_niets_meer(az):
    t = replace(
        az_klaar_voor_fase_1(),
        fase="terugkommoment",
        momenten=(Moment(1, "terugkommoment", "terugkommoment", NU - timedelta(hours=2), 120, MomentStatus.GEHOUDEN),),
    )
    wissel = regels.volgende_fase(t, az, NU)
    assert (wissel.naar, wissel.status) == ("afgerond", TrajectStatus.AFGEROND)
    klaar = replace(t, fase="afgerond", status=TrajectStatus.AFGEROND)
    with pytest.raises(Geweigerd, match="afgerond"):
        regels.volgende_fase(klaar, az, NU)
    with pytest.raises(Geweigerd):
        regels.partner_toevoegen(klaar, az, "school", "Nog een school")


# -- terugkommoment ----------------------------------------------------------------------------


def test_az_plant_het_terugkommoment_een_jaar_na_fase_4_op_een_schooldag(az):
    t = replace(az_klaar_voor_fase_1(), fase="fase-4")
    nu = datetime(2027, 6, 10, 16, 0, tzinfo=BRUSSEL)
    wissel = regels.volgende_fase(t, az, nu, forceer=True, reden="test")
    (timer,) = wissel.timers
    assert timer.soort == "terugkommoment"
    assert timer.sleutel == "traject-1/terugkommoment"
    dag = timer.vervalt_op.astimezone(BRUSSEL).date()
    assert date(2028, 6, 10) <= dag < date(2028, 6, 20)
    assert vrij(dag) is None
    assert timer.vervalt_op.tzinfo is not None


def test_az_terugkommoment_schuift_voorbij_de_zomervakantie(az):
    nu = datetime(2027, 7, 15, 10, 0, tzinfo=BRUSSEL)  # een jaar later is het weer zomervakantie
    assert regels.terugkomdatum(az, nu) == date(2028, 9, 1)


@pytest.mark.parametrize(
    ("nu", "verwacht"),
    [
        (datetime(2027, 6, 20, 10, 0, tzinfo=BRUSSEL), date(2027, 10, 1)),  # schooljaar 2026-27 -> 2027-28
        (datetime(2027, 9, 2, 10, 0, tzinfo=BRUSSEL), date(2028, 10, 2)),  # al in 2027-28; 1-10-2028 is zondag
    ],
)
def test_stos_terugkommoment_valt_in_het_volgende_schooljaar(stos, nu, verwacht):
    assert regels.terugkomdatum(stos, nu) == verwacht
    t = Traject(id=5, programma="stos", naam="Sint-Jozef", fase="open-venster")
    (timer,) = regels.volgende_fase(t, stos, nu, forceer=True, reden="test").timers
    assert timer.vervalt_op.astimezone(BRUSSEL).date() == verwacht


# -- pauzeren en stopzetten --------------------------------------------------------------------


def test_gepauzeerd_traject_wisselt_niet_van_fase_tot_het_hervat(az):
    t = az_klaar_voor_fase_1()
    assert regels.pauzeren(t, "verkiezingen").details == {"reden": "verkiezingen"}
    gepauzeerd = replace(t, status=TrajectStatus.GEPAUZEERD)
    with pytest.raises(Geweigerd, match="gepauzeerd"):
        regels.volgende_fase(gepauzeerd, az, NU)
    with pytest.raises(Geweigerd, match="gepauzeerd"):
        momenten.moment_plannen(gepauzeerd, az, "infosessie", LATER, NU)
    with pytest.raises(Geweigerd):
        regels.pauzeren(gepauzeerd, "nog eens")
    with pytest.raises(Geweigerd, match="niet gepauzeerd"):
        regels.hervatten(t)
    assert regels.hervatten(gepauzeerd).soort == "traject_hervat"


def test_stopzetten_vanuit_elke_fase_annuleert_geplande_momenten(az):
    gepland = Moment(7, "aanloopfase", "infosessie", LATER, 60)
    t = replace(az_klaar_voor_fase_1(), momenten=(*az_klaar_voor_fase_1().momenten, gepland))
    with pytest.raises(OngeldigeInvoer):
        regels.stopzetten(t, "")
    besluit = regels.stopzetten(t, "Scholen haken af")
    assert [m.id for m in besluit.geannuleerd] == [7]
    assert besluit.geannuleerd[0].status == MomentStatus.GEANNULEERD
    assert besluit.gebeurtenis.details["reden"] == "Scholen haken af"
    gestopt = replace(t, status=TrajectStatus.GESTOPT)
    with pytest.raises(Geweigerd, match="stopgezet"):
        regels.stopzetten(gestopt, "nog eens")


# -- partners en contactpersonen ---------------------------------------------------------------


def test_dubbele_schoolnaam_in_een_traject_is_ongeldig(az):
    t = az_klaar_voor_fase_1()
    with pytest.raises(OngeldigeInvoer, match="School 1"):
        regels.partner_toevoegen(t, az, "school", "  school   1 ")


def test_partnersoorten_en_mandaten(az, stos):
    t = az_klaar_voor_fase_1()
    with pytest.raises(OngeldigeInvoer, match="hoogstens 1 lokaal bestuur"):
        regels.partner_toevoegen(t, az, "lokaal-bestuur", "Gemeente Zelzate")
    with pytest.raises(OngeldigeInvoer, match="Alleen een lokaal bestuur"):
        regels.partner_toevoegen(t, az, "school", "Nieuwe school", "diensthoofd")
    with pytest.raises(OngeldigeInvoer, match="kies uit: diensthoofd, schepencollege"):
        regels.mandaat_geven(t, 10, "burgemeester")
    with pytest.raises(OngeldigeInvoer, match="geen partnersoort 'lokaal-bestuur'"):
        regels.partner_toevoegen(Traject(1, "stos", "x", "aanmelding"), stos, "lokaal-bestuur", "Gemeente")
    nieuw, gebeurtenis = regels.partner_toevoegen(t, az, "welzijnspartner", "OCMW Gent")
    assert (nieuw.soort, nieuw.bevestigd, gebeurtenis.soort) == ("welzijnspartner", False, "partner_toegevoegd")


def test_stos_heeft_een_school(stos):
    t = Traject(1, "stos", "x", "aanmelding", partners=(Partner(1, "school", "Sint-Jozef"),))
    with pytest.raises(OngeldigeInvoer, match="hoogstens 1 school"):
        regels.partner_toevoegen(t, stos, "school", "Sint-Maria")


def test_bevestigen_is_eenmalig_en_onbekende_partner_is_niet_gevonden(az):
    t = az_klaar_voor_fase_1()
    assert regels.partner_bevestigen(t, 1, NU) is None  # al bevestigd: niets te doen
    nieuw = replace(t, partners=(*t.partners, _school(5, bevestigd=False)))
    assert regels.partner_bevestigen(nieuw, 5, NU).details["naam"] == "School 5"
    with pytest.raises(NietGevonden, match="Partner 99"):
        regels.partner_bevestigen(t, 99, NU)


@pytest.mark.parametrize("adres", ["geen-apenstaart", "jan@localhost", "jan @school.be", "@school.be", ""])
def test_ongeldig_emailadres(az, adres):
    with pytest.raises(OngeldigeInvoer, match="Ongeldig e-mailadres"):
        regels.contact_toevoegen(az_klaar_voor_fase_1(), az, 1, "Jan", adres, "directie")


def test_contactpersoon_met_rol(az):
    t = az_klaar_voor_fase_1()
    contact, _gebeurtenis = regels.contact_toevoegen(t, az, 1, " Jan  Peeters ", "Jan.Peeters@School.BE", "directie")
    assert (contact.naam, contact.email) == ("Jan Peeters", "Jan.Peeters@school.be")
    with pytest.raises(OngeldigeInvoer, match="Onbekende rol 'baas'"):
        regels.contact_toevoegen(t, az, 1, "Jan", "jan@school.be", "baas")
    met = replace(t, contacten=(*t.contacten, replace(contact, id=21)))
    with pytest.raises(OngeldigeInvoer, match="staat al als directie"):
        regels.contact_toevoegen(met, az, 1, "Jan", "Jan.Peeters@school.be", "directie")
    # dezelfde persoon in een tweede rol mag wel
    assert regels.contact_toevoegen(met, az, 1, "Jan", "Jan.Peeters@school.be", "zorgleerkracht")[0].rol == "zorgleerkracht"


# -- momenten ----------------------------------------------------------------------------------


def test_moment_plannen_met_standaardduur_en_waarschuwing_in_vakantie(az):
    t = az_klaar_voor_fase_1()
    planning = momenten.moment_plannen(t, az, "infosessie", lees_tijdstip("2026-12-01T14:00"), NU)
    assert (planning.moment.duur, planning.moment.status, planning.waarschuwingen) == (60, "gepland", ())
    kerst = momenten.moment_plannen(t, az, "infosessie", lees_tijdstip("2026-12-28T14:00"), NU)
    assert "kerstvakantie" in kerst.waarschuwingen[0]


def test_moment_plannen_weigert_foute_invoer(az):
    t = az_klaar_voor_fase_1()
    with pytest.raises(OngeldigeInvoer, match="geen momentsoort 'vormingsmoment'"):
        momenten.moment_plannen(t, az, "vormingsmoment", LATER, NU)
    with pytest.raises(OngeldigeInvoer, match="verleden"):
        momenten.moment_plannen(t, az, "infosessie", NU - timedelta(minutes=1), NU)
    with pytest.raises(OngeldigeInvoer, match="1440"):
        momenten.moment_plannen(t, az, "infosessie", LATER, NU, duur=0)
    with pytest.raises(OngeldigeInvoer, match="geen fase 'fase-9'"):
        momenten.moment_plannen(t, az, "infosessie", LATER, NU, fase="fase-9")
    verder = replace(t, fase="fase-1")
    with pytest.raises(OngeldigeInvoer, match="al voorbij"):
        momenten.moment_plannen(verder, az, "kennismaking", LATER, NU, fase="aanloopfase")


def test_vooruit_plannen_en_moment_per_school(az):
    t = az_klaar_voor_fase_1()
    vooruit = momenten.moment_plannen(t, az, "vormingsmoment", LATER, NU, fase="fase-1")
    assert vooruit.moment.fase == "fase-1"
    with pytest.raises(OngeldigeInvoer, match="per school"):
        momenten.moment_plannen(t, az, "basisvorming", LATER, NU, fase="fase-3")
    with pytest.raises(OngeldigeInvoer, match="geen school"):
        momenten.moment_plannen(t, az, "basisvorming", LATER, NU, fase="fase-3", partner_id=10)
    basis = momenten.moment_plannen(t, az, "basisvorming", LATER, NU, fase="fase-3", partner_id=2)
    assert (basis.moment.partner_id, basis.moment.duur) == (2, 180)


def test_verplaatsen_annuleren_en_gehouden(az):
    gepland = Moment(7, "aanloopfase", "infosessie", LATER, 60)
    t = replace(az_klaar_voor_fase_1(), momenten=(gepland,))
    verplaatst = momenten.moment_verplaatsen(t, 7, LATER + timedelta(days=1), NU)
    assert (verplaatst.moment.revisie, verplaatst.moment.start) == (1, LATER + timedelta(days=1))
    with pytest.raises(OngeldigeInvoer, match="verleden"):
        momenten.moment_verplaatsen(t, 7, NU - timedelta(days=1), NU)
    geannuleerd, _ = momenten.moment_annuleren(t, 7, "ziekte")
    assert (geannuleerd.status, geannuleerd.revisie) == (MomentStatus.GEANNULEERD, 1)
    weg = replace(t, momenten=(geannuleerd,))
    with pytest.raises(Geweigerd, match="geannuleerd"):
        momenten.moment_gehouden(weg, 7, LATER)
    with pytest.raises(Geweigerd):
        momenten.moment_verplaatsen(weg, 7, LATER, NU)
    assert momenten.moment_gehouden(t, 7, LATER).soort == "moment_gehouden"
    gehouden = replace(t, momenten=(replace(gepland, status=MomentStatus.GEHOUDEN),))
    assert momenten.moment_gehouden(gehouden, 7, LATER) is None
    with pytest.raises(NietGevonden, match="Moment 8"):
        momenten.moment_gehouden(t, 8, LATER)


def test_een_moment_dat_nog_niet_begon_is_niet_gehouden_tenzij_geforceerd_met_reden(az):
    t = replace(az_klaar_voor_fase_1(), momenten=(Moment(7, "aanloopfase", "infosessie", LATER, 60),))
    with pytest.raises(Geweigerd, match="begint pas op .* --forceer --reden"):
        momenten.moment_gehouden(t, 7, LATER - timedelta(minutes=1))
    assert momenten.moment_gehouden(t, 7, LATER).details == {"moment_id": 7, "fase": "aanloopfase", "soort": "infosessie"}
    with pytest.raises(OngeldigeInvoer, match="reden"):
        momenten.moment_gehouden(t, 7, NU, forceer=True, reden="  ")
    with pytest.raises(OngeldigeInvoer, match="--reden hoort bij --forceer"):
        momenten.moment_gehouden(t, 7, NU, reden="al gebeurd")
    geforceerd = momenten.moment_gehouden(t, 7, NU, forceer=True, reden="Vervroegd, niet herpland")
    assert geforceerd.details["geforceerd"] is True and geforceerd.details["reden"] == "Vervroegd, niet herpland"


def test_tijdstip_bestaat_niet_bij_de_overgang_naar_zomertijd():
    with pytest.raises(OngeldigeInvoer, match="bestaat niet"):
        lees_tijdstip("2027-03-28T02:30")
    with pytest.raises(OngeldigeInvoer, match="JJJJ-MM-DD"):
        lees_tijdstip("morgen om drie")
    # het dubbele uur in oktober: het eerste (zomertijd) geldt
    assert lees_tijdstip("2027-10-31T02:30").utcoffset() == timedelta(hours=2)
    assert lees_tijdstip("2026-12-03T14:00+00:00").utcoffset() == timedelta(0)


# -- train-the-trainer -------------------------------------------------------------------------


def test_train_the_trainer_eerste_gratis_volgende_betalend(az, stos):
    t = az_klaar_voor_fase_1()
    eerste, gebeurtenis = regels.inschrijven_train_the_trainer(t, az, 10, "Tine", "tine@stad.gent")
    assert eerste.betalend is False and gebeurtenis.details["betalend"] is False
    met = replace(t, inschrijvingen=(replace(eerste, id=1),))
    tweede, _ = regels.inschrijven_train_the_trainer(met, az, 10, "Piet", "piet@stad.gent")
    assert tweede.betalend is True
    # per partner: de eerste van een andere partner is weer gratis
    assert regels.inschrijven_train_the_trainer(met, az, 1, "Els", "els@school.be")[0].betalend is False
    with pytest.raises(OngeldigeInvoer, match="al ingeschreven"):
        regels.inschrijven_train_the_trainer(met, az, 10, "Tine", "tine@stad.gent")
    with pytest.raises(OngeldigeInvoer, match="kent geen train-the-trainer"):
        regels.inschrijven_train_the_trainer(Traject(1, "stos", "x", "intake", partners=(Partner(1, "school", "S"),)), stos, 1, "A", "a@b.be")


def test_voorwaarden_tonen_de_stand(az):
    uitkomsten = voorwaarden(az_klaar_voor_fase_1(), az)
    assert all(u.voldaan for u in uitkomsten)
    assert [u.stand for u in uitkomsten][:2] == ["4 van 4 bevestigd", "1 van 1 bevestigd"]
    assert uitkomsten[2].stand == "Stad Gent: schepencollege"


def test_inschrijving_model_is_onveranderlijk():
    i = Inschrijving(1, 1, "A", "a@b.be", False)
    with pytest.raises(AttributeError):
        i.betalend = True  # type: ignore[misc]
