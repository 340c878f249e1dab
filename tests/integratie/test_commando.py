"""De commando's op een echte databank (SQLite en PostgreSQL): één transactie per commando,
gebeurtenissen in dezelfde transactie, timers als rijen, en niets half geschreven."""

import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import event, func, select

from diensten import lezen as overzicht
from diensten.commandos import Diensten
from domein.fouten import Geweigerd, NietGevonden, OngeldigeInvoer
from domein.schoolkalender import vrij
from domein.tijd import BRUSSEL
from opslag.tabellen import GebeurtenisRij, MomentRij, TrajectRij
from tests.conftest import NU
from tests.integratie.conftest import POST


def _tel(databank, tabel) -> int:
    with databank.transactie() as sessie:
        return sessie.scalar(select(func.count()).select_from(tabel))


def _toon(commando: Diensten, traject_id: int) -> dict:
    return overzicht.traject(commando.databank, commando.programmas, traject_id, BRUSSEL)


def az_in_aanloop(commando: Diensten) -> tuple[int, int, list[int]]:
    """Een A-Z-traject met een lokaal bestuur (mandaat, trekker) en vier bevestigde scholen."""
    t = commando.traject_nieuw("az", "Samenwerkingsverband Zelzate").id
    bestuur = commando.partner_toevoegen(t, "lokaal-bestuur", "Gemeente Zelzate", "diensthoofd").id
    commando.partner_bevestigen(t, bestuur)
    commando.contact_toevoegen(t, bestuur, "Tine Trekker", "tine@zelzate.be", "trekker")
    scholen = []
    for naam in ("De Vlinder", "Sint-Jozef", "Klavertje Vier", "Het Kompas"):
        school = commando.partner_toevoegen(t, "school", naam).id
        commando.partner_bevestigen(t, school)
        commando.contact_toevoegen(t, school, f"Directie {naam}", f"directie@{naam.lower().replace(' ', '')}.be", "directie")
        scholen.append(school)
    return t, bestuur, scholen


def _houd(commando: Diensten, klok, t: int, soort: str, **opties) -> int:
    """Plan een moment morgen en houd het overmorgen: de klok schuift mee."""
    m = commando.moment_plannen(t, soort, klok.nu + timedelta(days=1), **opties).id
    klok.nu += timedelta(days=2)
    commando.moment_gehouden(t, m)
    return m


def test_az_van_aanloopfase_tot_afgerond(commando, klok):
    t, _bestuur, scholen = az_in_aanloop(commando)
    with pytest.raises(Geweigerd, match="Kennismaking"):
        commando.volgende_fase(t)
    _houd(commando, klok, t, "kennismaking", locatie="Gemeentehuis")
    assert commando.volgende_fase(t).melding.startswith(f"Traject {t} is nu in fase 'Fase 1")
    _houd(commando, klok, t, "vormingsmoment")
    with pytest.raises(Geweigerd, match="vragenlijstronde"):
        commando.volgende_fase(t)
    commando.ronde_sluiten(t)
    commando.volgende_fase(t)
    _houd(commando, klok, t, "werkmoment")
    commando.volgende_fase(t)
    for _ in range(3):
        _houd(commando, klok, t, "werkmoment")
    for school in scholen[:3]:
        commando.moment_plannen(t, "basisvorming", klok.nu + timedelta(days=30), partner_id=school)
    with pytest.raises(Geweigerd, match="ontbreekt voor Het Kompas"):
        commando.volgende_fase(t)
    commando.moment_plannen(t, "basisvorming", klok.nu + timedelta(days=31), partner_id=scholen[3])
    commando.volgende_fase(t)
    _houd(commando, klok, t, "synthese")
    _houd(commando, klok, t, "actieplan")
    assert not [x for x in _toon(commando, t)["timers"] if x["soort"] == "terugkommoment"]
    commando.volgende_fase(t)

    traject = _toon(commando, t)
    assert traject["fase"] == "terugkommoment"
    (timer,) = [x for x in traject["timers"] if x["soort"] == "terugkommoment"]
    vervalt = datetime.fromisoformat(timer["vervalt_op"])
    assert timer["soort"] == "terugkommoment" and timer["status"] == "wachtend"
    assert vervalt.date() - klok.nu.astimezone(BRUSSEL).date() >= timedelta(days=365)
    assert vrij(vervalt.date()) is None
    assert vervalt.utcoffset() in (timedelta(hours=1), timedelta(hours=2))  # Brusselse tijd met offset

    klok.nu = vervalt
    _houd(commando, klok, t, "terugkommoment")
    commando.volgende_fase(t)
    traject = _toon(commando, t)
    assert (traject["fase"], traject["status"]) == ("afgerond", "afgerond")
    fasen = [g["details"]["naar"] for g in traject["geschiedenis"] if g["soort"] == "fase_gewijzigd"]
    assert fasen == ["fase-1", "fase-2", "fase-3", "fase-4", "terugkommoment", "afgerond"]
    assert all(g["door"] == "coördinator" for g in traject["geschiedenis"])


def test_stos_intake_vraagt_een_werkgroep_en_het_terugkommoment_valt_volgend_schooljaar(commando, klok):
    klok.nu = datetime(2026, 9, 7, 9, 0, tzinfo=BRUSSEL)
    t = commando.traject_nieuw("stos", "Sint-Jozef Eeklo").id
    school = commando.partner_toevoegen(t, "school", "Sint-Jozef").id
    with pytest.raises(OngeldigeInvoer, match="hoogstens 1 school"):
        commando.partner_toevoegen(t, "school", "Sint-Maria")
    commando.partner_bevestigen(t, school)
    commando.volgende_fase(t)
    _houd(commando, klok, t, "intakegesprek")
    with pytest.raises(Geweigerd, match="rol werkgroep"):
        commando.volgende_fase(t)
    commando.contact_toevoegen(t, school, "An Peeters", "an@sintjozef.be", "werkgroep")
    commando.volgende_fase(t)  # naar schoolfoto
    commando.ronde_sluiten(t)
    commando.volgende_fase(t)  # naar werkgroepen
    for soort in ("werkgroep-1", "werkgroep-2"):
        _houd(commando, klok, t, soort)
    commando.volgende_fase(t)
    for soort in ("lancering", "studiedag"):
        _houd(commando, klok, t, soort)
    commando.volgende_fase(t)
    _houd(commando, klok, t, "open-venstermoment")
    klok.nu = datetime(2027, 6, 15, 12, 0, tzinfo=BRUSSEL)
    commando.volgende_fase(t)
    (timer,) = [x for x in _toon(commando, t)["timers"] if x["soort"] == "terugkommoment"]
    assert datetime.fromisoformat(timer["vervalt_op"]).date() == date(2027, 10, 1)


def test_een_weigering_schrijft_niets(commando, databank):
    t, _, scholen = az_in_aanloop(commando)
    voor = (_tel(databank, GebeurtenisRij), _toon(commando, t))
    with pytest.raises(Geweigerd):
        commando.volgende_fase(t)
    with pytest.raises(OngeldigeInvoer):
        commando.partner_toevoegen(t, "school", "de vlinder")
    with pytest.raises(OngeldigeInvoer):
        commando.contact_toevoegen(t, scholen[0], "X", "geen-adres", "directie")
    with pytest.raises(OngeldigeInvoer):
        commando.moment_plannen(t, "kennismaking", NU - timedelta(days=1))
    with pytest.raises(OngeldigeInvoer):
        commando.moment_plannen(t, "werkmoment", NU + timedelta(days=1))
    with pytest.raises(NietGevonden, match="Traject 999"):
        commando.partner_toevoegen(999, "school", "Spookschool")
    with pytest.raises(NietGevonden, match="Partner 999"):
        commando.partner_bevestigen(t, 999)
    assert (_tel(databank, GebeurtenisRij), _toon(commando, t)) == voor
    assert _tel(databank, TrajectRij) == 1


def test_partner_van_een_ander_traject_is_niet_gevonden(commando):
    _, _, scholen = az_in_aanloop(commando)
    t2 = commando.traject_nieuw("az", "Ander traject").id
    with pytest.raises(NietGevonden, match=f"Partner {scholen[0]} bestaat niet in traject {t2}"):
        commando.partner_bevestigen(t2, scholen[0])


def test_staat_en_gebeurtenis_samen_of_geen_van_beide(commando, databank):
    """Faalt het schrijven van de gebeurtenis, dan blijft ook de stopzetting weg."""
    t, _, _ = az_in_aanloop(commando)
    m = commando.moment_plannen(t, "infosessie", NU + timedelta(days=3)).id

    def weiger_gebeurtenis(sessie, *_):
        if any(isinstance(o, GebeurtenisRij) and o.soort == "traject_stopgezet" for o in sessie.new):
            raise RuntimeError("schijf vol")

    event.listen(databank._sessies, "before_flush", weiger_gebeurtenis)
    try:
        with pytest.raises(RuntimeError):
            commando.stopzetten(t, "test")
    finally:
        event.remove(databank._sessies, "before_flush", weiger_gebeurtenis)
    traject = _toon(commando, t)
    assert traject["status"] == "actief"
    assert [x["status"] for x in traject["momenten"] if x["id"] == m] == ["gepland"]
    assert "traject_stopgezet" not in [g["soort"] for g in traject["geschiedenis"]]


def test_stopzetten_annuleert_momenten_en_timers(commando, klok):
    t, _, _ = az_in_aanloop(commando)
    _houd(commando, klok, t, "kennismaking")
    for fase in ("fase-1", "fase-2", "fase-3", "fase-4"):
        commando.volgende_fase(t, forceer=True, reden=f"versneld door {fase}")
    commando.volgende_fase(t, forceer=True, reden="naar terugkommoment")
    gepland = commando.moment_plannen(t, "terugkommoment", klok.nu + timedelta(days=200)).id
    commando.stopzetten(t, "Het lokaal bestuur stapt uit")
    traject = _toon(commando, t)
    assert traject["status"] == "gestopt"
    # het terugkommoment en de twee herinneringen voor het geplande moment (en de vragenlijstronde van fase 1)
    soorten = sorted(x["soort"] for x in traject["timers"] if not x["soort"].startswith("ronde-"))
    assert soorten == ["herinnering", "herinnering", "terugkommoment"]
    assert {x["status"] for x in traject["timers"]} == {"geannuleerd"}
    assert [x["status"] for x in traject["momenten"] if x["id"] == gepland] == ["geannuleerd"]
    with pytest.raises(Geweigerd, match="stopgezet"):
        commando.partner_toevoegen(t, "school", "Te laat")


def test_pauzeren_en_hervatten(commando, klok):
    t, _, _ = az_in_aanloop(commando)
    _houd(commando, klok, t, "kennismaking")
    commando.pauzeren(t, "Gemeenteraadsverkiezingen")
    with pytest.raises(Geweigerd, match="gepauzeerd"):
        commando.volgende_fase(t)
    commando.hervatten(t)
    commando.volgende_fase(t)
    soorten = [g["soort"] for g in _toon(commando, t)["geschiedenis"]][-4:]
    assert soorten == ["traject_gepauzeerd", "traject_hervat", "fase_gewijzigd", "ronde_geopend"]


def test_overschrijven_staat_in_de_geschiedenis(commando):
    t, _, _ = az_in_aanloop(commando)
    commando.volgende_fase(t, forceer=True, reden="Kennismaking viel samen met de infosessie")
    laatste = [g for g in _toon(commando, t)["geschiedenis"] if g["soort"] == "fase_gewijzigd"][-1]
    assert laatste["details"]["geforceerd"] is True
    assert laatste["details"]["niet_voldaan"] == ["'Kennismaking' is gehouden"]
    assert "Geforceerd: Kennismaking viel samen" in laatste["beschrijving"]


def test_tijden_worden_in_utc_bewaard_en_in_brussel_getoond(commando, databank):
    t, _, _ = az_in_aanloop(commando)
    zomer = datetime(2027, 6, 1, 14, 0, tzinfo=BRUSSEL)
    m = commando.moment_plannen(t, "infosessie", zomer).id
    with databank.transactie() as sessie:
        opgeslagen = sessie.get(MomentRij, m).start
    assert opgeslagen == zomer and opgeslagen.tzinfo == UTC
    assert opgeslagen.hour == 12
    (moment,) = [x for x in _toon(commando, t)["momenten"] if x["id"] == m]
    assert moment["start"] == "2027-06-01T14:00:00+02:00"


def test_verplaatsen_verhoogt_de_revisie(commando, databank):
    t, _, _ = az_in_aanloop(commando)
    m = commando.moment_plannen(t, "infosessie", NU + timedelta(days=5)).id
    for dag in (6, 7, 8):
        commando.moment_verplaatsen(t, m, NU + timedelta(days=dag))
    with databank.transactie() as sessie:
        rij = sessie.get(MomentRij, m)
        assert (rij.revisie, rij.start) == (3, NU + timedelta(days=8))


def test_train_the_trainer(commando):
    t, bestuur, _ = az_in_aanloop(commando)
    assert "gratis" in commando.inschrijven_train_the_trainer(t, bestuur, "Tine", "tine@zelzate.be").melding
    assert "betalend" in commando.inschrijven_train_the_trainer(t, bestuur, "Piet", "piet@zelzate.be").melding
    assert [i["betalend"] for i in _toon(commando, t)["train_the_trainer"]] == [False, True]


def test_twee_gelijktijdige_faseovergangen_gaan_niet_twee_fasen_vooruit(databank, programmas, klok):
    """Twee coördinatoren drukken tegelijk: de tweede wacht op de eerste en ziet dan de nieuwe fase,
    waarvan de voorwaarden nog open staan."""
    eerste = Diensten(databank, programmas, post=POST, door="a", klok=klok)
    t, _, _ = az_in_aanloop(eerste)
    _houd(eerste, klok, t, "kennismaking")
    uitkomsten: list[str] = []
    start = threading.Barrier(2)

    def druk(door: str) -> None:
        commando = Diensten(databank, programmas, post=POST, door=door, klok=klok)
        start.wait()
        try:
            commando.volgende_fase(t)
            uitkomsten.append("gelukt")
        except Geweigerd:
            uitkomsten.append("geweigerd")

    draden = [threading.Thread(target=druk, args=(naam,)) for naam in ("a", "b")]
    for d in draden:
        d.start()
    for d in draden:
        d.join(timeout=30)
    assert sorted(uitkomsten) == ["gelukt", "geweigerd"]
    traject = _toon(eerste, t)
    assert traject["fase"] == "fase-1"
    assert [g["soort"] for g in traject["geschiedenis"]].count("fase_gewijzigd") == 1
