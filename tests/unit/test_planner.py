"""De planner van de engine (APScheduler): de pas om de tick, het dagoverzicht om 8 uur in
Brussel, ook op de dag dat de klok verspringt."""

from datetime import datetime, timedelta

from config.instellingen import Instellingen
from domein.tijd import BRUSSEL
from workflows.engine import dagoverzicht_versturen, een_pas, planner


def test_pas_en_dagoverzicht():
    p = planner(Instellingen(tick_seconden=15, dagoverzicht_uur=8))
    pas, overzicht = p.get_job("pas"), p.get_job("dagoverzicht")
    assert (pas.func, overzicht.func) == (een_pas, dagoverzicht_versturen)
    assert pas.trigger.interval == timedelta(seconds=15)
    assert pas.max_instances == 1 and pas.coalesce  # nooit twee passen tegelijk, geen inhaalstorm

    # Zondag 29 maart 2026 springt de klok van 2 naar 3 uur: het overzicht blijft om 8 uur Brusselse tijd.
    for vorige, volgende in [
        (datetime(2026, 3, 29, 7, 0, tzinfo=BRUSSEL), datetime(2026, 3, 29, 8, 0, tzinfo=BRUSSEL)),
        (datetime(2026, 3, 29, 8, 0, 1, tzinfo=BRUSSEL), datetime(2026, 3, 30, 8, 0, tzinfo=BRUSSEL)),
    ]:
        gepland = overzicht.trigger.get_next_fire_time(None, vorige)
        assert gepland == volgende and gepland.utcoffset() == timedelta(hours=2)
