"""Berichten: sjablonen, headers en agenda-uitnodiging, teruggelezen zoals een mailclient."""

import email
import email.policy
import hashlib
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from icalendar import Calendar
from jinja2 import UndefinedError

from domein.berichten import Afspraak, Ontvanger, moment_gegevens
from domein.model import Moment
from domein.tijd import BRUSSEL, lees_tijdstip
from notificaties.bericht import maak_bericht
from notificaties.sjabloon import datum, tijd, vul_in

AFZENDER = Ontvanger("Kansrijk – vzw Krijt", "kansrijk@krijt.be")
ZOE = Ontvanger("Zoë Van den Broeck", "zoe@deregenboog.be")
COORDINATOR = {"naam": "An Peeters", "email": "an@krijt.be"}
TRAJECT = {"naam": "De Regenboog Gent", "programma": "A-Z"}
VERZONDEN_OP = datetime(2026, 11, 25, 10, 0, tzinfo=BRUSSEL)
# 3 december 2026 13:00 UTC is 14:00 in Brussel (wintertijd, UTC+1)
WINTER = datetime(2026, 12, 3, 13, 0, tzinfo=UTC)
# 2 juli 2026 12:00 UTC is ook 14:00 in Brussel (zomertijd, UTC+2)
ZOMER = datetime(2026, 7, 2, 12, 0, tzinfo=UTC)


def moment(start=WINTER, **anders):
    return {"naam": "Intake", "start": start, "einde": start + timedelta(minutes=90), "duur": 90,
            "locatie": "Schoolstraat 1, Gent", "partner": "Stad Gent"} | anders


def context(soort, ontvanger=ZOE, **anders):
    basis = {"ontvanger": {"naam": ontvanger.naam}, "traject": TRAJECT, "coordinator": COORDINATOR}
    per_soort = {
        "uitnodiging": {"moment": moment()},
        "wijziging": {"moment": moment()},
        "annulering": {"moment": moment(), "reden": "De coach is ziek."},
        "herinnering": {"moment": moment(), "dagen_voor": 3},
        "nieuwe_fase": {"fase": {"naam": "Uitvoering"}, "vorige_fase": {"naam": "Verkenning"},
                        "momenten": [moment(), moment(ZOMER, naam="Werksessie", locatie=None)]},
        "terugkommoment": {"datum": date(2027, 12, 3)},
        "dagoverzicht": {
            "datum": date(2026, 12, 3), "verzonden": 12,
            "mislukt": [{"aan": "x@school.be", "onderwerp": "Uitnodiging: Intake",
                         "reden": "550 5.1.1 No such user"}],
            "vervallen": [{"aan": "y@school.be", "onderwerp": "Herinnering: Intake",
                           "reden": "het moment werd intussen geannuleerd"}],
            "wachtend": [{"traject": "De Regenboog Gent", "wat": "herinnering Intake",
                          "wanneer": ZOMER}],
            "open_voorwaarden": [{"traject": "Sint-Jan", "fase": "Verkenning",
                                  "tekst": "Het lokaal bestuur bevestigde nog niet."}],
        },
    }[soort]
    if soort == "dagoverzicht":
        basis = {"ontvanger": {"naam": ontvanger.naam}}
    return basis | per_soort | anders


def afspraak(**anders):
    return Afspraak(**{
        "uid": "moment-7@kansrijk.krijt.be", "revisie": 2, "titel": "Intake De Regenboog",
        "start": WINTER, "einde": WINTER + timedelta(minutes=90), "locatie": "Schoolstraat 1, Gent",
        "geannuleerd": False, "gewijzigd_op": datetime(2026, 11, 20, 9, 30, tzinfo=BRUSSEL),
    } | anders)


def bouw(soort="uitnodiging", ctx=None, **kw):
    kw = {"aan": ZOE, "afzender": AFZENDER, "sleutel": "uitnodiging:moment-7:r2",
          "verzonden_op": VERZONDEN_OP} | kw
    return maak_bericht(soort, ctx or context(soort), **kw)


def lees(bericht):
    return email.message_from_bytes(bericht.as_bytes(), policy=email.policy.default)


def delen(bericht):
    return [d.get_content_type() for d in bericht.walk()]


def test_datum_en_tijd_in_het_nederlands_en_in_brussel():
    assert datum(date(2026, 12, 3)) == "donderdag 3 december 2026"
    assert (datum(WINTER), tijd(WINTER)) == ("donderdag 3 december 2026", "14:00")
    assert (datum(ZOMER), tijd(ZOMER)) == ("donderdag 2 juli 2026", "14:00")
    # 23:30 UTC op 31 maart is in Brussel al 1 april
    assert datum(datetime(2026, 3, 31, 23, 30, tzinfo=UTC)) == "woensdag 1 april 2026"
    with pytest.raises(ValueError, match="zonder tijdzone"):
        tijd(datetime(2026, 12, 3, 14, 0))


@pytest.mark.parametrize("soort", ["uitnodiging", "wijziging", "annulering", "herinnering",
                                   "nieuwe_fase", "terugkommoment", "dagoverzicht"])
def test_elke_soort_geeft_onderwerp_tekst_en_html(soort):
    ingevuld = vul_in(soort, context(soort))
    assert ingevuld.onderwerp and "\n" not in ingevuld.onderwerp
    assert ingevuld.tekst.startswith("Beste Zoë Van den Broeck,\n")
    assert ingevuld.onderwerp not in ingevuld.tekst  # het onderwerp staat niet nog eens in de tekst
    assert "Beste Zoë Van den Broeck," in ingevuld.html
    assert f"<title>{ingevuld.onderwerp}</title>" in ingevuld.html
    with pytest.raises(UndefinedError):  # StrictUndefined: een vergeten variabele valt op
        vul_in(soort, {k: v for k, v in context(soort).items() if k != "ontvanger"})


def test_soortspecifieke_inhoud():
    annulering = vul_in("annulering", context("annulering"))
    assert "Reden: De coach is ziek." in annulering.tekst
    assert "Reden:" not in vul_in("annulering", context("annulering", reden=None)).tekst
    herinnering = vul_in("herinnering", context("herinnering"))
    assert "over 3 dagen" in herinnering.tekst
    assert "morgen" in vul_in("herinnering", context("herinnering", dagen_voor=1)).tekst
    fase = vul_in("nieuwe_fase", context("nieuwe_fase"))
    assert fase.onderwerp == "De Regenboog Gent: op naar de fase Uitvoering"
    assert "Waar:    nog af te spreken" in fase.tekst
    zonder_momenten = vul_in("nieuwe_fase", context("nieuwe_fase", momenten=[]))
    assert "plannen we binnenkort" in zonder_momenten.tekst
    overzicht = vul_in("dagoverzicht", context("dagoverzicht"))
    assert overzicht.onderwerp == "Kansrijk: dagoverzicht van donderdag 3 december 2026"
    assert "Verzonden: 12 berichten." in overzicht.tekst
    assert '- aan x@school.be: "Uitnodiging: Intake" – 550 5.1.1 No such user' in overzicht.tekst
    assert '- aan y@school.be: "Herinnering: Intake" – het moment werd intussen geannuleerd' in overzicht.tekst
    assert "herinnering Intake – donderdag 2 juli 2026 om 14:00" in overzicht.tekst
    assert "Sint-Jan (fase Verkenning): Het lokaal bestuur bevestigde nog niet." in overzicht.tekst


def test_bericht_zonder_afspraak_tekst_en_html():
    bericht = lees(bouw("terugkommoment"))
    assert delen(bericht) == ["multipart/alternative", "text/plain", "text/html"]
    assert "Rond vrijdag 3 december 2027" in bericht.get_body(("plain",)).get_content()


def test_headers():
    rauw = bouw().as_bytes()
    bericht = email.message_from_bytes(rauw, policy=email.policy.default)
    assert rauw.isascii()  # namen met ë en – zijn gecodeerd (RFC 2047), 7-bit-veilig
    assert bericht["From"].addresses[0].display_name == "Kansrijk – vzw Krijt"
    assert bericht["From"].addresses[0].addr_spec == "kansrijk@krijt.be"
    assert bericht["To"].addresses[0].display_name == "Zoë Van den Broeck"
    assert bericht["To"].addresses[0].addr_spec == "zoe@deregenboog.be"
    assert bericht["Subject"] == "Uitnodiging: Intake op donderdag 3 december 2026"
    assert bericht["Date"].datetime == VERZONDEN_OP
    verwacht = hashlib.sha256(b"uitnodiging:moment-7:r2").hexdigest()[:32]
    assert bericht["Message-ID"] == f"<{verwacht}@krijt.be>"
    assert bericht["X-Kansrijk-Sleutel"] == "uitnodiging:moment-7:r2"


@pytest.mark.parametrize("start", [WINTER, ZOMER], ids=["wintertijd", "zomertijd"])
def test_datums_in_de_tekst_in_brussel(start):
    ctx = context("uitnodiging", moment=moment(start))
    einde = start + timedelta(minutes=90)
    bericht = lees(bouw(ctx=ctx, afspraak=afspraak(start=start, einde=einde)))
    tekst = bericht.get_body(("plain",)).get_content()
    html = bericht.get_body(("html",)).get_content()
    dag = "donderdag 3 december 2026" if start == WINTER else "donderdag 2 juli 2026"
    assert f"Wanneer: {dag}, 14:00–15:30 (90 minuten)" in tekst
    assert f"{dag}<br>14:00–15:30" in html
    kalender = Calendar.from_ical(_agenda(bericht).get_content())
    assert kalender.walk("VEVENT")[0].decoded("DTSTART").astimezone(BRUSSEL).replace(tzinfo=None) == datetime(
        start.year, start.month, start.day, 14, 0)


def test_html_is_geescaped_de_tekst_niet():
    slecht = Ontvanger("<script>alert(1)</script>", "x@school.be")
    bericht = lees(bouw(ctx=context("uitnodiging", ontvanger=slecht), aan=slecht))
    html = bericht.get_body(("html",)).get_content()
    assert "<script>" not in html
    assert "Beste &lt;script&gt;alert(1)&lt;/script&gt;," in html
    assert "Beste <script>alert(1)</script>," in bericht.get_body(("plain",)).get_content()


def _agenda(bericht):
    return next(d for d in bericht.walk()
                if d.get_content_type() == "text/calendar" and not d.is_attachment())


def test_uitnodiging_met_agenda():
    deelnemers = [ZOE, Ontvanger("Jan Smet", "jan@gent.be")]
    bericht = lees(bouw(afspraak=afspraak(), deelnemers=deelnemers))
    assert delen(bericht) == ["multipart/mixed", "multipart/alternative", "text/plain",
                              "text/html", "text/calendar", "text/calendar"]
    inline = _agenda(bericht)
    bijlage = next(bericht.iter_attachments())
    assert bijlage.get_filename() == "uitnodiging.ics"
    assert inline.get_param("method") == bijlage.get_param("method") == "REQUEST"
    assert inline.get_content() == bijlage.get_content()

    kalender = Calendar.from_ical(inline.get_content())
    gebeurtenis = kalender.walk("VEVENT")[0]
    assert kalender["METHOD"] == "REQUEST"
    assert gebeurtenis["UID"] == "moment-7@kansrijk.krijt.be"
    assert gebeurtenis["SEQUENCE"] == 2
    assert gebeurtenis["STATUS"] == "CONFIRMED"
    assert gebeurtenis["SUMMARY"] == "Intake De Regenboog"
    assert gebeurtenis["LOCATION"] == "Schoolstraat 1, Gent"
    # Begin en einde in UTC (een 'Z' op het einde), dus geen TZID en geen VTIMEZONE nodig.
    assert gebeurtenis["DTSTART"].to_ical() == b"20261203T130000Z"
    assert gebeurtenis["DTEND"].to_ical() == b"20261203T143000Z"
    assert "TZID" not in gebeurtenis["DTSTART"].params and not kalender.walk("VTIMEZONE")
    assert gebeurtenis.decoded("DTSTAMP") == datetime(2026, 11, 20, 8, 30, tzinfo=UTC)
    assert gebeurtenis["ORGANIZER"] == "mailto:kansrijk@krijt.be"
    assert gebeurtenis["ORGANIZER"].params["CN"] == "Kansrijk – vzw Krijt"
    assert [str(a) for a in gebeurtenis["ATTENDEE"]] == ["mailto:zoe@deregenboog.be",
                                                         "mailto:jan@gent.be"]
    assert gebeurtenis["ATTENDEE"][0].params["CN"] == "Zoë Van den Broeck"


@pytest.mark.parametrize(("start", "einde_utc", "wanneer"), [
    # herfst: 01:30 zomertijd + 120 minuten is de tweede 02:30, na het terugzetten van de klok
    ("2026-10-25T01:30", datetime(2026, 10, 25, 1, 30, tzinfo=UTC), "01:30–02:30 (wintertijd)"),
    ("2027-10-31T01:30", datetime(2027, 10, 31, 1, 30, tzinfo=UTC), "01:30–02:30 (wintertijd)"),
    # lente: 01:30 wintertijd + 120 minuten is 04:30 zomertijd
    ("2027-03-28T01:30", datetime(2027, 3, 28, 2, 30, tzinfo=UTC), "01:30–04:30"),
], ids=["herfst-2026", "herfst-2027", "lente"])
def test_einde_over_de_klokwissel_hangt_niet_af_van_wanneer_het_bericht_gebouwd_werd(start, einde_utc, wanneer):
    """De uitnodiging bij het plannen (start in Brussel, uit het commando) en een latere (start in
    UTC, uit de databank, op een ander ogenblik): hetzelfde einde, in de agenda en in de tekst."""
    gepland = Moment(id=7, fase="aanloop", soort="kennismaking", start=lees_tijdstip(start), duur=120)
    geladen = replace(gepland, start=gepland.start.astimezone(UTC))
    gebeurtenissen = []
    for m, gewijzigd_op in ((gepland, VERZONDEN_OP), (geladen, VERZONDEN_OP + timedelta(days=40))):
        ctx = context("uitnodiging", moment=moment_gegevens(m, "Kennismaking", None))
        bericht = lees(bouw(ctx=ctx, afspraak=afspraak(start=m.start, einde=m.einde, gewijzigd_op=gewijzigd_op)))
        assert f"{wanneer} (120 minuten)" in bericht.get_body(("plain",)).get_content()
        gebeurtenis = Calendar.from_ical(_agenda(bericht).get_content()).walk("VEVENT")[0]
        assert gebeurtenis.decoded("DTEND") == einde_utc
        assert gebeurtenis["DTEND"].to_ical() == f"{einde_utc:%Y%m%dT%H%M%S}Z".encode()  # in UTC geschreven
        assert gebeurtenis.decoded("DTEND") - gebeurtenis.decoded("DTSTART") == timedelta(minutes=120)
        gebeurtenissen.append({k: v.to_ical() for k, v in gebeurtenis.items() if k != "DTSTAMP"})
    assert gebeurtenissen[0] == gebeurtenissen[1]


def test_zonder_deelnemers_is_de_ontvanger_genodigde():
    gebeurtenis = Calendar.from_ical(_agenda(lees(bouw(afspraak=afspraak()))).get_content())
    assert str(gebeurtenis.walk("VEVENT")[0]["ATTENDEE"]) == "mailto:zoe@deregenboog.be"


def test_annulering_met_cancel():
    ctx = context("annulering")
    bericht = lees(bouw("annulering", ctx, afspraak=afspraak(revisie=3, geannuleerd=True)))
    assert [d.get_param("method") for d in bericht.walk()
            if d.get_content_type() == "text/calendar"] == ["CANCEL", "CANCEL"]
    kalender = Calendar.from_ical(_agenda(bericht).get_content())
    gebeurtenis = kalender.walk("VEVENT")[0]
    assert (kalender["METHOD"], gebeurtenis["STATUS"]) == ("CANCEL", "CANCELLED")
    assert (gebeurtenis["UID"], gebeurtenis["SEQUENCE"]) == ("moment-7@kansrijk.krijt.be", 3)


def test_zelfde_invoer_geeft_dezelfde_bytes():
    eerste = bouw(afspraak=afspraak()).as_bytes()
    assert bouw(afspraak=afspraak()).as_bytes() == eerste
    assert bouw(afspraak=afspraak(revisie=3)).as_bytes() != eerste
    assert bouw(afspraak=afspraak(), sleutel="ander").as_bytes() != eerste


def test_afspraak_weigert_tijdstip_zonder_zone_en_einde_voor_begin():
    with pytest.raises(ValueError, match="tijdzone"):
        afspraak(start=datetime(2026, 12, 3, 14, 0))
    with pytest.raises(ValueError, match="einde"):
        afspraak(einde=WINTER)


def test_afspraak_vergelijkt_begin_en_einde_als_ogenblik():
    # 02:30 zomertijd tot 02:10 wintertijd is 40 minuten, al staat de wandklok op het einde lager
    a = afspraak(start=datetime(2026, 10, 25, 2, 30, tzinfo=BRUSSEL),
                 einde=datetime(2026, 10, 25, 2, 10, fold=1, tzinfo=BRUSSEL))
    assert a.einde.astimezone(UTC) - a.start.astimezone(UTC) == timedelta(minutes=40)
