"""De vragenlijstronde als pure beslissingen: deadline op een schooldag, herinneringen die door een
vakantie samenvallen, doelen, verlengen en sluiten."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from config.vragenlijst import laad_vragenlijsten
from domein import ronde as regels
from domein.fouten import Geweigerd, OngeldigeInvoer
from domein.model import Partner, RondeStatus, Traject
from domein.tijd import BRUSSEL

_, LIJSTEN = laad_vragenlijsten()
OPEN = datetime(2026, 10, 8, 9, 0, tzinfo=UTC)  # 28 dagen later valt in de herfstvakantie


@pytest.fixture
def traject(stos):
    school = Partner(1, "school", "De Klimop", bevestigd_op=OPEN)
    t = Traject(1, "stos", "STOS De Klimop", "intake", partners=(school,))
    ronde, gebeurtenis = regels.openen(t, stos, "schoolfoto", OPEN)
    assert gebeurtenis.soort == "ronde_geopend"
    return Traject(1, "stos", "STOS De Klimop", "schoolfoto", partners=(school,), rondes=(replace(ronde, id=7),))


def test_deadline_na_de_herfstvakantie_en_herinneringen_niet_dubbel(traject, stos):
    ronde = traject.rondes[0]
    assert ronde.deadline == datetime(2026, 11, 9, 18, 0, tzinfo=BRUSSEL)  # maandag na de herfstvakantie
    timers = regels.timers(ronde, regels.definitie(stos, ronde), OPEN)
    dagen = [t.vervalt_op.astimezone(BRUSSEL).date() for t in timers if t.soort == "ronde-herinnering"]
    # 14 dagen vóór: 26 oktober; 7 en 2 dagen vóór vallen in de vakantie: één keer, op vrijdag 30 oktober.
    assert dagen == [date(2026, 10, 26), date(2026, 10, 30)]
    assert timers[-1].soort == "ronde-sluiten" and timers[-1].vervalt_op == ronde.deadline
    assert regels.openen(traject, stos, "schoolfoto", OPEN) is None  # één ronde per fase


def test_doelen_verlengen_en_sluiten(traject, stos):
    with pytest.raises(OngeldigeInvoer, match="kies 1 tot 5000"):
        regels.doelen_zetten(traject, stos, LIJSTEN, 1, {"stos-ouders": 0})
    with pytest.raises(OngeldigeInvoer, match="geen groep met een groepslink"):
        regels.doelen_zetten(traject, stos, LIJSTEN, 1, {"stos-werkgroep": 2})
    ronde, _ = regels.doelen_zetten(traject, stos, LIJSTEN, 1, {"stos-ouders": 120})
    assert ronde.doelen == {"1/stos-ouders": 120}
    with pytest.raises(OngeldigeInvoer, match="latere dag"):
        regels.verlengen(traject, date(2026, 11, 2), OPEN)
    verlengd, gebeurtenis = regels.verlengen(traject, date(2026, 11, 20), OPEN)
    assert verlengd.deadline == datetime(2026, 11, 20, 18, 0, tzinfo=BRUSSEL) and gebeurtenis.soort == "ronde_verlengd"
    gesloten, _ = regels.sluiten(traject, "coordinator")
    assert gesloten.status == RondeStatus.GESLOTEN
    dicht = Traject(1, "stos", "x", "schoolfoto", partners=traject.partners, rondes=(gesloten,))
    with pytest.raises(Geweigerd, match="al gesloten"):
        regels.verlengen(dicht, date(2026, 11, 30), OPEN + timedelta(days=1))
