"""Het groepsbericht (één keer ingevuld en gecodeerd, per ontvanger aangevuld) tegen de maatstaf
`maak_bericht` (EmailMessage): na het teruglezen met de stdlib dezelfde headers, dezelfde structuur
en dezelfde gedecodeerde delen, voor elke soort."""

import email
import email.policy
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domein.berichten import Link, Ontvanger
from notificaties.bericht import groepsbericht, maak_bericht
from tests.notificaties.test_bericht import AFZENDER, VERZONDEN_OP, ZOE, afspraak, context, moment

JAN = Ontvanger("Jan Smet", "jan@gent.be")
SPECIAAL = Ontvanger('Jan "Jos" M. Peeters, jr. <b>&</b>', "jos@gent.be")
LANG = Ontvanger("Marie-Thérèse Van den Bossche-" + "Verstraeten " * 8, "mt@deregenboog.be")
ONTVANGERS = [ZOE, JAN, SPECIAAL, LANG]
DEADLINE = datetime(2026, 12, 18, 16, 0, tzinfo=UTC)
AGENDA = ("uitnodiging", "wijziging", "annulering")


def rondecontext(soort):
    return {
        "traject": {"naam": "De Regenboog Gent", "programma": "STOS"}, "coordinator": {"naam": "An", "email": "an@krijt.be"},
        "partner": "Basisschool De Regenboog", "deadline": DEADLINE, "schoolpagina": "https://kansrijk.test/school/abc",
        "persoonlijk": [Link("Werkgroep", "https://kansrijk.test/v/persoonlijk-geheim-123")],
        "groepen": [Link("Ouders", "https://kansrijk.test/g/ouders-456", "3 van 25")],
    }


def ctx(soort, **anders):
    if soort.startswith("vragenlijst"):
        return rondecontext(soort) | anders
    return {k: v for k, v in context(soort).items() if k != "ontvanger"} | anders


def lees(rauw):
    """Wat een mailclient ziet: de headers (gedecodeerd), en per deel het type, de parameters, de
    bijlage-naam en de gedecodeerde inhoud."""
    bericht = email.message_from_bytes(rauw, policy=email.policy.default)
    koppen = [(k, str(v)) for k, v in bericht.items()]
    delen = [(d.get_content_type(), dict(d["Content-Type"].params), d.get_content_disposition(), d.get_filename(),
              None if d.is_multipart() else d.get_content()) for d in bericht.walk()]
    return koppen, delen


def beide(soort, context_, aan, deelnemers=ONTVANGERS[:2]):
    """(maatstaf, groepsbericht) als bytes voor `aan`, met dezelfde sleutel en hetzelfde tijdstip."""
    sleutel = f"moment-7/r2/{soort}/{aan.email}"
    extra = {"afspraak": afspraak(), "deelnemers": deelnemers} if soort in AGENDA else {}
    oud = maak_bericht(soort, context_ | {"ontvanger": {"naam": aan.naam}}, aan=aan, afzender=AFZENDER,
                       sleutel=sleutel, verzonden_op=VERZONDEN_OP, **extra)
    nieuw = groepsbericht(soort, context_, afzender=AFZENDER, verzonden_op=VERZONDEN_OP, **extra)
    return oud.as_bytes(policy=email.policy.SMTP), nieuw.voor(aan, sleutel)


@pytest.mark.parametrize("aan", ONTVANGERS, ids=["niet-ascii", "ascii", "speciale-tekens", "lang"])
@pytest.mark.parametrize("soort", ["uitnodiging", "wijziging", "annulering", "herinnering", "nieuwe_fase",
                                   "terugkommoment", "dagoverzicht", "vragenlijst_uitnodiging",
                                   "vragenlijst_herinnering"])
def test_elke_soort_zoals_emailmessage(soort, aan):
    oud, nieuw = beide(soort, ctx(soort), aan)
    assert lees(nieuw) == lees(oud)
    assert nieuw.isascii() and b"\x00" not in nieuw
    assert max(len(r) for r in nieuw.split(b"\r\n")) <= 78  # gevouwen headers, QP-regels van hoogstens 76
    assert b"\n" not in nieuw.replace(b"\r\n", b"")  # overal CRLF, zoals het over de lijn gaat


def test_lang_onderwerp_wordt_gevouwen():
    lang = ctx("herinnering", moment=moment(naam="Werkgroep " + "schoolklimaat en welbevinden " * 4))
    oud, nieuw = beide("herinnering", lang, JAN)
    assert lees(nieuw) == lees(oud)
    kop = nieuw.partition(b"\r\n\r\n")[0]
    assert b"\r\n Subject" not in kop and b"Subject: Herinnering: Werkgroep" in kop
    assert kop.count(b"\r\n ") >= 2  # het onderwerp loopt over meer dan één regel


def test_persoonlijke_link_staat_alleen_in_het_eigen_bericht():
    _, nieuw = beide("vragenlijst_uitnodiging", ctx("vragenlijst_uitnodiging"), ZOE)
    lezer = email.message_from_bytes(nieuw, policy=email.policy.default)
    assert "https://kansrijk.test/v/persoonlijk-geheim-123" in lezer.get_body(("plain",)).get_content()
    assert 'href="https://kansrijk.test/v/persoonlijk-geheim-123"' in lezer.get_body(("html",)).get_content()


def test_een_agenda_voor_alle_genodigden():
    bericht = groepsbericht("uitnodiging", ctx("uitnodiging"), afzender=AFZENDER, verzonden_op=VERZONDEN_OP,
                            afspraak=afspraak(), deelnemers=[ZOE, JAN])
    zoe, jan = (email.message_from_bytes(bericht.voor(a, f"k/{a.email}"), policy=email.policy.default)
                for a in (ZOE, JAN))
    ics = [[d.get_content() for d in b.walk() if d.get_content_type() == "text/calendar"] for b in (zoe, jan)]
    assert ics[0] == ics[1] and len(ics[0]) == 2
    assert "mailto:zoe@deregenboog.be" in ics[0][0] and "mailto:jan@gent.be" in ics[0][0]
    assert zoe["Message-ID"] != jan["Message-ID"]


namen = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")), max_size=60)


@settings(max_examples=40, deadline=None)
@given(naam=namen, traject=namen.filter(str.strip), momentnaam=namen.filter(str.strip),
       soort=st.sampled_from(["uitnodiging", "herinnering", "vragenlijst_herinnering"]))
def test_willekeurige_namen_en_onderwerpen(naam, traject, momentnaam, soort):
    aan = Ontvanger(naam, "iemand@school.be")
    context_ = ctx(soort) | {"traject": {"naam": traject, "programma": "A-Z"}}
    if not soort.startswith("vragenlijst"):
        context_["moment"] = moment(naam=momentnaam)
    oud, nieuw = beide(soort, context_, aan, deelnemers=[aan, JAN])
    assert lees(nieuw) == lees(oud)
    assert nieuw.isascii()


def test_regeleinde_in_een_naam_geeft_geen_extra_header():
    bericht = groepsbericht("herinnering", ctx("herinnering"), afzender=AFZENDER, verzonden_op=VERZONDEN_OP)
    with pytest.raises(ValueError):
        bericht.voor(Ontvanger("Jan\r\nBcc: iedereen@elders.be", "jan@gent.be"), "k/jan")
