"""Tijd rond de overgangen van zomer- naar wintertijd en terug (Europe/Brussels).

Herfst: 2026-10-25 en 2027-10-31 gaat de klok om 03:00 terug naar 02:00 (02:00-03:00 komt twee
keer voor). Lente: 2027-03-28 springt hij om 02:00 naar 03:00 (02:00-03:00 bestaat niet)."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domein.fouten import OngeldigeInvoer
from domein.model import Moment
from domein.tijd import BRUSSEL, lees_tijdstip, zomer_of_winter

HERFST = ("2026-10-25", "2027-10-31")
LENTE = "2027-03-28"


def moment(start: datetime, duur: int) -> Moment:
    return Moment(id=1, fase="aanloop", soort="kennismaking", start=start, duur=duur)


@pytest.mark.parametrize("dag", HERFST)
def test_herfst_120_minuten_vanaf_01_30_eindigen_om_de_tweede_02_30(dag):
    m = moment(lees_tijdstip(f"{dag}T01:30"), 120)
    assert m.start.utcoffset() == timedelta(hours=2)  # 01:30 is nog zomertijd
    assert m.einde.astimezone(UTC) - m.start.astimezone(UTC) == timedelta(minutes=120)
    # de tweede 02:30, na het terugzetten van de klok
    assert m.einde.astimezone(BRUSSEL).isoformat() == f"{dag}T02:30:00+01:00"


def test_lente_120_minuten_vanaf_01_30_eindigen_om_04_30():
    m = moment(lees_tijdstip(f"{LENTE}T01:30"), 120)
    assert m.einde.astimezone(BRUSSEL).isoformat() == f"{LENTE}T04:30:00+02:00"


@pytest.mark.parametrize(("dag", "einde"), [
    (HERFST[0], "2026-10-25T02:30:00+01:00"), (HERFST[1], "2027-10-31T02:30:00+01:00"),
    (LENTE, "2027-03-28T04:30:00+02:00"),
])
def test_het_einde_hangt_niet_af_van_de_zone_waarin_de_start_binnenkwam(dag, einde):
    """Uit een commando komt de start in Brussel, uit de databank in UTC: hetzelfde einde."""
    brussel = moment(lees_tijdstip(f"{dag}T01:30"), 120)
    utc = moment(brussel.start.astimezone(UTC), 120)
    assert brussel.einde.astimezone(BRUSSEL).isoformat() == utc.einde.astimezone(BRUSSEL).isoformat() == einde


def test_een_start_in_het_dubbele_uur_is_de_eerste_keer_tenzij_met_offset():
    eerste = lees_tijdstip("2026-10-25T02:30")
    tweede = lees_tijdstip("2026-10-25T02:30+01:00")
    assert eerste == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert tweede == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
    # een vaste offset: gelijk aan hetzelfde ogenblik in UTC, en een uur vóór de tweede keer
    assert eerste.utcoffset() == timedelta(hours=2) and tweede - eerste == timedelta(hours=1)
    assert moment(tweede, 60).einde.astimezone(BRUSSEL).isoformat() == "2026-10-25T03:30:00+01:00"


def test_een_start_in_het_uur_dat_niet_bestaat_wordt_geweigerd():
    with pytest.raises(OngeldigeInvoer, match="bestaat niet in Europe/Brussels"):
        lees_tijdstip(f"{LENTE}T02:30")
    # met een offset is het een gewoon ogenblik: 02:30+01:00 is 03:30 zomertijd
    assert lees_tijdstip(f"{LENTE}T02:30+01:00").astimezone(BRUSSEL).isoformat() == f"{LENTE}T03:30:00+02:00"


def test_zomer_of_winter_alleen_in_het_dubbele_uur():
    assert zomer_of_winter(datetime(2026, 10, 25, 2, 30, tzinfo=BRUSSEL)) == " (zomertijd)"
    assert zomer_of_winter(datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=BRUSSEL)) == " (wintertijd)"
    assert zomer_of_winter(datetime(2026, 10, 25, 1, 30, tzinfo=UTC)) == " (wintertijd)"  # 02:30 CET
    assert zomer_of_winter(datetime(2026, 10, 25, 3, 0, tzinfo=BRUSSEL)) == ""
    assert zomer_of_winter(datetime(2027, 3, 28, 3, 30, tzinfo=BRUSSEL)) == ""


# Ogenblikken tot een dag voor en na elke overgang, en een duur tot een dag: ook starts in het
# dubbele uur (beide keren) en einden erin of er net over.
_OVERGANGEN = [datetime(2026, 10, 25, 1, 0, tzinfo=UTC), datetime(2027, 3, 28, 1, 0, tzinfo=UTC),
               datetime(2027, 10, 31, 1, 0, tzinfo=UTC)]


@settings(max_examples=300, deadline=None)
@given(
    overgang=st.sampled_from(_OVERGANGEN),
    verschuiving=st.integers(min_value=-24 * 60, max_value=24 * 60),
    duur=st.integers(min_value=1, max_value=24 * 60),
    zone=st.sampled_from([BRUSSEL, UTC]),
)
def test_einde_min_start_in_utc_is_de_duur(overgang, verschuiving, duur, zone):
    start = (overgang + timedelta(minutes=verschuiving)).astimezone(zone)
    einde = moment(start, duur).einde
    assert einde.astimezone(UTC) - start.astimezone(UTC) == timedelta(minutes=duur)
    assert einde.tzinfo is UTC and einde > start  # vergelijken met de start, in welke zone ook
    # in Brussel getoond (zoals de JSON): de wandklok met de offset van dat ogenblik, zonder verlies
    lokaal = einde.astimezone(BRUSSEL)
    assert datetime.fromisoformat(lokaal.isoformat()).astimezone(UTC) == einde.astimezone(UTC)
    assert lokaal.utcoffset() == (timedelta(hours=2) if lokaal.dst() else timedelta(hours=1))
