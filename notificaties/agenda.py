"""De agenda-uitnodiging (iCalendar volgens iTIP/iMIP) bij een contactmoment."""

from collections.abc import Sequence
from datetime import UTC

from icalendar import Calendar, Event, vCalAddress

from domein.berichten import Afspraak, Ontvanger

PRODID = "-//vzw Krijt//Kansrijk//NL"


def methode(afspraak: Afspraak) -> str:
    """REQUEST zet de afspraak in de agenda of werkt ze bij; CANCEL haalt ze eruit."""
    return "CANCEL" if afspraak.geannuleerd else "REQUEST"


def agenda_uitnodiging(
    afspraak: Afspraak, organisator: Ontvanger, deelnemers: Sequence[Ontvanger]
) -> bytes:
    """Het .ics-bestand voor deze revisie van de afspraak.

    Begin en einde staan in UTC: een Brusselse wandkloktijd in het uur dat in de herfst twee keer
    voorkomt, is voor een agenda altijd de eerste keer (RFC 5545, 3.3.5), dus een einde om de
    tweede 02:30 kan zo niet. UTC voor beide (en niet alleen voor zo'n einde) houdt het bestand
    eenduidig zonder VTIMEZONE; elke agenda toont het in de tijdzone van de lezer.

    Agenda's herkennen een afspraak aan haar UID en nemen alleen een hogere SEQUENCE over;
    daarom telt `revisie` bij elke wijziging of annulering op. Dezelfde afspraak en revisie
    geven altijd dezelfde bytes (DTSTAMP = gewijzigd_op), zodat een bericht exact opnieuw
    op te bouwen is.
    """
    gebeurtenis = Event.new(
        uid=afspraak.uid,
        sequence=afspraak.revisie,
        summary=afspraak.titel,
        start=afspraak.start.astimezone(UTC),
        end=afspraak.einde.astimezone(UTC),
        stamp=afspraak.gewijzigd_op.astimezone(UTC),  # RFC 5545: DTSTAMP staat in UTC
        location=afspraak.locatie,
        organizer=vCalAddress.new(organisator.email, cn=organisator.naam),
        attendees=[
            vCalAddress.new(
                d.email, cn=d.naam, role="REQ-PARTICIPANT", partstat="NEEDS-ACTION", rsvp=True
            )
            for d in deelnemers
        ],
        status="CANCELLED" if afspraak.geannuleerd else "CONFIRMED",
    )
    # Calendar() en niet Calendar.new(): die geeft de kalender een willekeurige UID.
    kalender = Calendar()
    kalender.add("prodid", PRODID)
    kalender.add("version", "2.0")
    kalender.add("method", methode(afspraak))
    kalender.add_component(gebeurtenis)
    return kalender.to_ical()
