"""De agenda (wat voor een traject nog vertrekt) en de outbox-lijst voor de coördinator, op een
echte databank (SQLite en PostgreSQL): berichten en timers uit de transactie van het commando."""

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select, update

from diensten import lezen as overzicht
from diensten.commandos import Diensten
from domein.fouten import NietGevonden, OngeldigeInvoer
from domein.tijd import BRUSSEL
from domein.traject import terugkomdatum
from kansrijk import weergave
from opslag.tabellen import BerichtRij, TimerRij
from tests.conftest import NU

COORDINATOR = ("Colette Victor", "colette@krijt.test")
TINE = "tine@zelzate.be"
ELS = "els@vlinder.be"
JOKE = "joke@kompas.be"
KAREL = "karel@caw.be"
KENNISMAKING = datetime(2026, 12, 15, 14, 0, tzinfo=BRUSSEL)  # een dinsdag


def _agenda(commando: Diensten, t: int) -> list[dict]:
    return overzicht.agenda(commando.databank, commando.programmas, t, BRUSSEL, COORDINATOR, commando.klok())


def _timers(agenda: list[dict]) -> list[tuple[str, str, set[str]]]:
    return [(x["tijdstip"], x["soort"], set(x["ontvangers"])) for x in agenda if x["wat"] == "timer"]


def _berichten(agenda: list[dict]) -> list[tuple[str, str, list[str]]]:
    return [(x["tijdstip"], x["soort"], x["ontvangers"]) for x in agenda if x["wat"] == "bericht"]


def az_met_contacten(commando: Diensten) -> tuple[int, dict[str, int]]:
    """Een A-Z-traject: lokaal bestuur met trekker, twee scholen met directie, en een welzijnspartner
    met een contactpersoon (die rol woont de kennismaking niet bij)."""
    t = commando.traject_nieuw("az", "Samenwerkingsverband Zelzate").id
    p = {
        "bestuur": commando.partner_toevoegen(t, "lokaal-bestuur", "Gemeente Zelzate", "diensthoofd").id,
        "vlinder": commando.partner_toevoegen(t, "school", "De Vlinder").id,
        "kompas": commando.partner_toevoegen(t, "school", "Het Kompas").id,
        "caw": commando.partner_toevoegen(t, "welzijnspartner", "CAW Oost-Vlaanderen").id,
    }
    commando.contact_toevoegen(t, p["bestuur"], "Tine Van Damme", TINE, "trekker")
    commando.contact_toevoegen(t, p["vlinder"], "Els Peeters", ELS, "directie")
    commando.contact_toevoegen(t, p["kompas"], "Joke Claes", JOKE, "directie")
    commando.contact_toevoegen(t, p["caw"], "Karel Mertens", KAREL, "contactpersoon")
    return t, p


def test_agenda_toont_uitnodigingen_en_herinneringen_met_ontvangers(commando):
    t, _ = az_met_contacten(commando)
    ander = commando.traject_nieuw("stos", "Sint-Jozef Eeklo").id
    school = commando.partner_toevoegen(ander, "school", "Sint-Jozef").id
    commando.contact_toevoegen(ander, school, "Ander", "ander@sintjozef.be", "directie")
    commando.moment_plannen(ander, "intakegesprek", KENNISMAKING, fase="intake")
    m = commando.moment_plannen(t, "kennismaking", KENNISMAKING, locatie="Gemeentehuis").id

    agenda = _agenda(commando, t)
    genodigden = {TINE, ELS, JOKE}  # Karel is 'contactpersoon': geen deelnemer van de kennismaking
    assert sorted(_berichten(agenda)) == sorted(
        ("2026-11-25T10:00:00+01:00", "uitnodiging", [adres]) for adres in genodigden
    )
    # 14 dagen vóór is dinsdag 1 december; 2 dagen vóór valt op zondag, dus vrijdag 11 december.
    assert _timers(agenda) == [
        ("2026-12-01T08:30:00+01:00", "herinnering", genodigden),
        ("2026-12-11T08:30:00+01:00", "herinnering", genodigden),
    ]
    assert [x["tijdstip"] for x in agenda] == sorted(x["tijdstip"] for x in agenda)
    assert all(x["moment_id"] == m for x in agenda)
    (twee,) = [x for x in agenda if x["wat"] == "timer" and x["details"]["dagen_voor"] == 2]
    assert twee["beschrijving"].startswith("herinnering (2 dagen vóór) Kennismaking op 15-12-2026 14:00 → ")
    assert "Tine Van Damme <tine@zelzate.be>" in twee["beschrijving"] and KAREL not in twee["beschrijving"]
    uitnodiging = next(x for x in agenda if x["ontvangers"] == [ELS])
    assert uitnodiging["beschrijving"] == (
        f"uitnodiging “{uitnodiging['onderwerp']}” → Els Peeters <{ELS}>"
    )
    assert "Kennismaking" in uitnodiging["onderwerp"]
    assert "ander@sintjozef.be" not in str(agenda)

    tekst = weergave.agenda(t, agenda)
    assert tekst.splitlines()[0] == f"Wat voor traject {t} nog vertrekt:"
    assert "  11-12-2026 08:30  timer    herinnering (2 dagen vóór) Kennismaking op 15-12-2026 14:00 → " in tekst
    assert f"  25-11-2026 10:00  bericht  uitnodiging “{uitnodiging['onderwerp']}” → Els Peeters <{ELS}>" in tekst


def test_een_moment_per_school_gaat_alleen_naar_die_school(commando):
    t, p = az_met_contacten(commando)
    commando.moment_plannen(t, "basisvorming", KENNISMAKING, partner_id=p["kompas"], fase="fase-3")
    agenda = _agenda(commando, t)
    assert {a for x in agenda for a in x["ontvangers"]} == {JOKE}
    assert {x["soort"] for x in agenda} == {"uitnodiging", "herinnering"}
    assert "Basisvorming armoede (studiedag) – Het Kompas op 15-12-2026 14:00" in _agenda(commando, t)[-1]["beschrijving"]


def test_verplaatsen_vervangt_uitnodigingen_en_herinneringen(commando, klok):
    t, _ = az_met_contacten(commando)
    m = commando.moment_plannen(t, "kennismaking", KENNISMAKING).id
    klok.nu = NU + timedelta(hours=1)
    commando.moment_verplaatsen(t, m, datetime(2026, 12, 17, 10, 0, tzinfo=BRUSSEL))

    agenda = _agenda(commando, t)
    genodigden = {TINE, ELS, JOKE}
    assert sorted(_berichten(agenda)) == sorted(
        ("2026-11-25T11:00:00+01:00", "wijziging", [adres]) for adres in genodigden
    )
    assert _timers(agenda) == [
        ("2026-12-03T08:30:00+01:00", "herinnering", genodigden),
        ("2026-12-15T08:30:00+01:00", "herinnering", genodigden),
    ]
    assert all("op 17-12-2026 10:00" in x["beschrijving"] for x in agenda if x["wat"] == "timer")
    assert all(x["details"]["revisie"] == 1 for x in agenda if x["wat"] == "timer")


def test_annuleren_haalt_uitnodigingen_en_herinneringen_weg(commando, klok):
    t, _ = az_met_contacten(commando)
    m = commando.moment_plannen(t, "kennismaking", KENNISMAKING).id
    assert _timers(_agenda(commando, t))
    klok.nu = NU + timedelta(days=1)
    commando.moment_annuleren(t, m, "Te weinig scholen")

    agenda = _agenda(commando, t)
    assert _timers(agenda) == []
    assert sorted(_berichten(agenda)) == sorted(
        ("2026-11-26T10:00:00+01:00", "annulering", [adres]) for adres in (TINE, ELS, JOKE)
    )


def test_terugkommoment_gaat_naar_iedereen_en_de_coordinator(commando, programmas):
    t, _ = az_met_contacten(commando)
    for _ in range(5):  # aanloopfase tot fase-4, en dan het terugkommoment
        commando.volgende_fase(t, forceer=True, reden="Test")
    agenda = _agenda(commando, t)
    (timer,) = [x for x in agenda if x["wat"] == "timer" and x["soort"] == "terugkommoment"]
    assert datetime.fromisoformat(timer["tijdstip"]).date() == terugkomdatum(programmas["az"], NU)
    assert timer["tijdstip"].endswith("+01:00")
    assert timer["ontvangers"] == [TINE, ELS, JOKE, KAREL, COORDINATOR[1]]
    assert "Colette Victor <colette@krijt.test>" in timer["beschrijving"]
    assert "Karel Mertens <karel@caw.be>" in timer["beschrijving"]
    # De berichten over de nieuwe fasen staan ook nog klaar: aan iedereen van het traject.
    assert {x["soort"] for x in agenda if x["wat"] == "bericht"} == {"nieuwe_fase"}
    assert agenda[-1] is timer

    commando.volgende_fase(t, forceer=True, reden="Terugkommoment vroeger gehouden")
    (timer,) = [x for x in _agenda(commando, t) if x["wat"] == "timer" and x["soort"] == "terugkommoment"]
    assert timer["ontvangers"] == [] and timer["beschrijving"].endswith("(vervalt: het traject is afgerond)")


def test_andere_timers_zonder_ontvangers_en_een_verouderde_herinnering(commando, databank):
    t, _ = az_met_contacten(commando)
    m = commando.moment_plannen(t, "kennismaking", KENNISMAKING).id
    with databank.transactie() as sessie:
        sessie.add_all([
            TimerRij(traject_id=t, soort="vragenlijst-deadline", sleutel=f"traject-{t}/vragenlijst",
                     vervalt_op=datetime(2026, 12, 20, 12, 0, tzinfo=BRUSSEL), status="wachtend",
                     details={}, aangemaakt_op=NU),
            TimerRij(traject_id=t, soort="herinnering", sleutel=f"moment-{m}/r7/herinnering-5",
                     vervalt_op=datetime(2026, 12, 10, 8, 30, tzinfo=BRUSSEL), status="wachtend",
                     details={"moment_id": m, "revisie": 7, "dagen_voor": 5}, aangemaakt_op=NU, moment_id=m),
            TimerRij(traject_id=t, soort="vragenlijst-deadline", sleutel=f"traject-{t}/klaar",
                     vervalt_op=datetime(2026, 12, 21, 12, 0, tzinfo=BRUSSEL), status="uitgevoerd",
                     details={}, aangemaakt_op=NU),
        ])
    agenda = _agenda(commando, t)
    (deadline,) = [x for x in agenda if x["soort"] == "vragenlijst-deadline"]
    assert deadline == {**deadline, "tijdstip": "2026-12-20T12:00:00+01:00", "wat": "timer",
                        "beschrijving": "vragenlijst-deadline", "ontvangers": []}
    (oud,) = [x for x in agenda if x["wat"] == "timer" and x["details"].get("revisie") == 7]
    assert oud["ontvangers"] == [] and oud["beschrijving"].endswith("(vervalt: het moment is intussen gewijzigd)")
    assert agenda[-1] is deadline


def test_onbekend_traject(commando):
    with pytest.raises(NietGevonden, match="Traject 999 bestaat niet"):
        _agenda(commando, 999)
    with pytest.raises(NietGevonden, match="Traject 999 bestaat niet"):
        overzicht.berichten(commando.databank, BRUSSEL, traject_id=999)
    with pytest.raises(OngeldigeInvoer, match="Onbekende berichtstatus 'weg'"):
        overzicht.berichten(commando.databank, BRUSSEL, status="weg")


def test_berichten_per_status_en_traject_nieuwste_eerst(commando, databank, klok):
    t, _ = az_met_contacten(commando)
    ander = commando.traject_nieuw("stos", "Sint-Jozef Eeklo").id
    school = commando.partner_toevoegen(ander, "school", "Sint-Jozef").id
    commando.contact_toevoegen(ander, school, "Ander", "ander@sintjozef.be", "directie")
    commando.moment_plannen(ander, "intakegesprek", KENNISMAKING, fase="intake")
    m = commando.moment_plannen(t, "kennismaking", KENNISMAKING).id
    klok.nu = NU + timedelta(hours=2)
    commando.moment_verplaatsen(t, m, datetime(2026, 12, 17, 10, 0, tzinfo=BRUSSEL))

    with databank.transactie() as sessie:
        els = sessie.scalar(select(BerichtRij.id).where(BerichtRij.ontvanger == ELS, BerichtRij.soort == "wijziging"))
        tine = sessie.scalar(select(BerichtRij.id).where(BerichtRij.ontvanger == TINE, BerichtRij.soort == "wijziging"))
        sessie.execute(update(BerichtRij).where(BerichtRij.id == els).values(
            status="mislukt", pogingen=1, laatste_fout="550 5.1.1 <els@vlinder.be>: Recipient address rejected",
            mislukt_op=NU + timedelta(hours=2, minutes=5)))
        sessie.execute(update(BerichtRij).where(BerichtRij.id == tine).values(
            status="verzonden", pogingen=1, verzonden_op=NU + timedelta(hours=2, minutes=1)))

    alles = overzicht.berichten(databank, BRUSSEL)
    assert [b["status"] for b in alles].count("vervangen") == 3
    assert [b["aangemaakt_op"] for b in alles] == sorted((b["aangemaakt_op"] for b in alles), reverse=True)
    assert alles[0]["aangemaakt_op"] == "2026-11-25T12:00:00+01:00"

    (mislukt,) = overzicht.berichten(databank, BRUSSEL, status="mislukt")
    assert (mislukt["id"], mislukt["ontvanger"], mislukt["soort"], mislukt["traject_id"], mislukt["pogingen"]) == (
        els, ELS, "wijziging", t, 1)
    assert mislukt["laatste_fout"] == "550 5.1.1 <els@vlinder.be>: Recipient address rejected"
    assert mislukt["verzonden_op"] is None and mislukt["volgende_poging"] == "2026-11-25T12:00:00+01:00"
    assert mislukt["mislukt_op"] == "2026-11-25T12:05:00+01:00"
    (verzonden,) = overzicht.berichten(databank, BRUSSEL, status="verzonden")
    assert (verzonden["id"], verzonden["verzonden_op"]) == (tine, "2026-11-25T12:01:00+01:00")
    assert {b["soort"] for b in overzicht.berichten(databank, BRUSSEL, status="vervangen")} == {"uitnodiging"}
    wachtend = overzicht.berichten(databank, BRUSSEL, status="wachtend", traject_id=t)
    assert [(b["soort"], b["ontvanger"]) for b in wachtend] == [("wijziging", JOKE)]
    van_ander = overzicht.berichten(databank, BRUSSEL, traject_id=ander)
    assert [(b["traject_id"], b["ontvanger"]) for b in van_ander] == [(ander, "ander@sintjozef.be")]
    assert len(overzicht.berichten(databank, BRUSSEL, traject_id=t)) == len(alles) - 1
    # De agenda toont alleen wat nog wacht: de mislukte en verzonden wijziging niet meer.
    assert _berichten(_agenda(commando, t)) == [("2026-11-25T12:00:00+01:00", "wijziging", [JOKE])]

    tekst = weergave.berichten(overzicht.berichten(databank, BRUSSEL, status="mislukt"), "mislukt")
    regels = tekst.splitlines()
    assert regels[0].split() == ["id", "status", "soort", "traject", "pogingen", "aangemaakt", "ontvanger"]
    assert regels[1].split() == [str(els), "mislukt", "wijziging", str(t), "1", "25-11-2026", "12:00", ELS]
    assert regels[2].strip().startswith("“Gewijzigd: Kennismaking")
    assert regels[2].endswith("”, mislukt op 25-11-2026 12:05")
    assert regels[3].strip() == "reden: 550 5.1.1 <els@vlinder.be>: Recipient address rejected"
    assert "verzonden op 25-11-2026 12:01" in weergave.berichten(overzicht.berichten(databank, BRUSSEL, status="verzonden"))
    assert weergave.berichten([], "mislukt") == "Geen berichten met status mislukt."


def test_agenda_zegt_welke_berichten_niet_meer_vertrekken(commando, klok):
    # Een kennismaking wordt gepland, gehouden en een tweede geannuleerd voor de engine een pas deed:
    # de agenda toont die berichten, maar met de reden waarom de engine ze laat vervallen.
    t, _ = az_met_contacten(commando)
    gehouden = commando.moment_plannen(t, "kennismaking", KENNISMAKING).id
    geannuleerd = commando.moment_plannen(t, "kennismaking", KENNISMAKING + timedelta(days=1)).id
    commando.moment_annuleren(t, geannuleerd, "Dubbel gepland")
    klok.nu = KENNISMAKING + timedelta(hours=3)
    commando.moment_gehouden(t, gehouden)
    berichten = [x for x in _agenda(commando, t) if x["wat"] == "bericht"]
    per_moment = {(x["moment_id"], x["soort"]): x for x in berichten}
    assert per_moment[(gehouden, "uitnodiging")]["vervalt"] == "het moment werd intussen gehouden"
    assert per_moment[(geannuleerd, "annulering")]["vervalt"] == "de uitnodiging voor dit moment vertrok nooit"
    assert all(x["beschrijving"].endswith(f"(vervalt: {x['vervalt']})") for x in berichten)
