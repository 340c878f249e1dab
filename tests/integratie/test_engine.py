"""Het werk van de engine (zonder Prefect) op SQLite en PostgreSQL, met een echte SMTP-server:
herinneringen, wijzigingen en annuleringen, het terugkommoment, fouten van de mailserver, een
engine die sterft, twee engines tegelijk, het dagoverzicht en het trajectoverzicht."""

import email
import email.policy
import socket
import threading
from datetime import datetime, timedelta

import pytest
from sqlalchemy import event, select

from config.instellingen import Instellingen
from diensten.timers import Timerverslag
from domein.fouten import Geweigerd
from domein.tijd import BRUSSEL
from notificaties.outbox import claim
from opslag.tabellen import BerichtRij, TimerRij
from opstart import Onderdelen
from tests.integratie.conftest import POST
from tests.integratie.test_commando import az_in_aanloop
from workflows import artefacten, pas, verzenden
from workflows.timers import alle_timers, herinneringsronde

KENNISMAKING = datetime(2026, 12, 15, 14, 0, tzinfo=BRUSSEL)  # een dinsdag
# 14 dagen vóór is dinsdag 1 december; 2 dagen vóór is een zondag, dus vrijdag 11 december.
HERINNERING_14 = datetime(2026, 12, 1, 9, 0, tzinfo=BRUSSEL)
HERINNERING_2 = datetime(2026, 12, 11, 9, 0, tzinfo=BRUSSEL)
DEELNEMERS = 5  # de trekker en vier directies


def maak_onderdelen(databank, programmas, tmp_path, poort: int | None) -> Onderdelen:
    instellingen = Instellingen(
        data_dir=tmp_path, smtp_host="127.0.0.1" if poort else None, smtp_port=poort or 25,
        mail_afzender="vzw Krijt <kansrijk@krijt.test>", coordinator="Colette Victor <colette@krijt.test>",
    )
    return Onderdelen(instellingen, databank=databank, programmas=programmas, post=POST)


@pytest.fixture
def onderdelen(databank, programmas, tmp_path, smtp_server):
    return maak_onderdelen(databank, programmas, tmp_path, smtp_server.poort)


def draai_pas(o: Onderdelen, nu: datetime) -> tuple[Timerverslag, verzenden.Verzendverslag]:
    """Wat de flow engine-pas doet, zonder Prefect."""
    return alle_timers(o, nu), verzenden.berichten_versturen(o, nu)


def ontvangen(smtp_server, vanaf: int = 0) -> list[email.message.EmailMessage]:
    return [
        email.message_from_bytes(e.original_content, policy=email.policy.default)
        for e in smtp_server.berichten[vanaf:]
    ]


def agenda(bericht) -> str:
    (deel,) = [d for d in bericht.walk() if d.get_content_type() == "text/calendar" and not d.get_filename()]
    return deel.get_content()


def tekst(bericht) -> str:
    return bericht.get_body(("plain",)).get_content()


def statussen(databank, tabel, **filter_) -> list[str]:
    with databank.transactie() as sessie:
        vraag = select(tabel.status).filter_by(**filter_).order_by(tabel.id)
        return list(sessie.scalars(vraag))


@pytest.fixture
def kennismaking(commando):
    t, _, _ = az_in_aanloop(commando)
    m = commando.moment_plannen(t, "kennismaking", KENNISMAKING, locatie="Gemeentehuis").id
    return t, m


def test_uitnodiging_en_herinneringen_op_tijd_aan_wie_het_moment_bijwoont(onderdelen, smtp_server, kennismaking, klok):
    timers, verzending = draai_pas(onderdelen, klok.nu)
    assert (sum(timers.uitgevoerd.values()), verzending.verzonden) == (0, DEELNEMERS)
    uitnodigingen = ontvangen(smtp_server)
    assert sorted(b["To"].addresses[0].addr_spec for b in uitnodigingen) == sorted(
        ["tine@zelzate.be", "directie@devlinder.be", "directie@sint-jozef.be", "directie@klavertjevier.be",
         "directie@hetkompas.be"])
    assert all("METHOD:REQUEST" in agenda(b) and "SEQUENCE:0" in agenda(b) for b in uitnodigingen)

    # Vlak voor de eerste herinnering: niets; erna de herinnering, één keer, ook bij een tweede pas.
    assert draai_pas(onderdelen, HERINNERING_14 - timedelta(hours=1))[1].verzonden == 0
    timers, verzending = draai_pas(onderdelen, HERINNERING_14)
    assert (timers.uitgevoerd["herinnering"], verzending.verzonden) == (1, DEELNEMERS)
    assert draai_pas(onderdelen, HERINNERING_14)[1].verzonden == 0
    herinneringen = ontvangen(smtp_server, DEELNEMERS)
    assert {b["Subject"] for b in herinneringen} == {"Herinnering: Kennismaking op dinsdag 15 december 2026 om 14:00"}
    assert all("over 14 dagen" in tekst(b) for b in herinneringen)

    timers, verzending = draai_pas(onderdelen, HERINNERING_2)
    assert (timers.uitgevoerd["herinnering"], verzending.verzonden) == (1, DEELNEMERS)
    assert all("over 4 dagen" in tekst(b) for b in ontvangen(smtp_server, 2 * DEELNEMERS))  # vrijdag → dinsdag
    assert len(smtp_server.berichten) == 3 * DEELNEMERS


def test_drie_keer_verplaatst_een_update_per_wijziging_en_geen_storm(onderdelen, smtp_server, kennismaking, commando, klok):
    t, m = kennismaking
    draai_pas(onderdelen, klok.nu)
    for uur in (15, 16, 9):  # drie keer in een uur; na elke wijziging een pas
        klok.nu += timedelta(minutes=20)
        commando.moment_verplaatsen(t, m, KENNISMAKING.replace(hour=uur))
        assert draai_pas(onderdelen, klok.nu)[1].verzonden == DEELNEMERS
    wijzigingen = ontvangen(smtp_server, DEELNEMERS)
    assert len(wijzigingen) == 3 * DEELNEMERS
    assert sorted({agenda(b).split("SEQUENCE:")[1][0] for b in wijzigingen}) == ["1", "2", "3"]
    # Alleen de herinneringen van de laatste versie blijven; ze gaan elk één keer.
    assert statussen(onderdelen.databank, TimerRij, moment_id=m).count("wachtend") == 2
    draai_pas(onderdelen, HERINNERING_14)
    draai_pas(onderdelen, HERINNERING_2)
    herinneringen = ontvangen(smtp_server, 4 * DEELNEMERS)
    assert len(herinneringen) == 2 * DEELNEMERS
    assert all("om 09:00" in b["Subject"] for b in herinneringen)


def test_wijzigingen_tussen_twee_passen_alleen_de_laatste_vertrekt(onderdelen, smtp_server, kennismaking, commando, klok):
    t, m = kennismaking
    for uur in (15, 16):
        commando.moment_verplaatsen(t, m, KENNISMAKING.replace(hour=uur))
    assert draai_pas(onderdelen, klok.nu)[1].verzonden == DEELNEMERS
    assert {"SEQUENCE:2" in agenda(b) for b in ontvangen(smtp_server)} == {True}
    assert statussen(onderdelen.databank, BerichtRij, moment_id=m).count("vervangen") == 2 * DEELNEMERS


def test_geannuleerd_moment_annulering_en_geen_herinneringen(onderdelen, smtp_server, kennismaking, commando, klok):
    t, m = kennismaking
    draai_pas(onderdelen, klok.nu)
    commando.moment_annuleren(t, m, "De zaal is niet vrij")
    assert draai_pas(onderdelen, klok.nu)[1].verzonden == DEELNEMERS
    annuleringen = ontvangen(smtp_server, DEELNEMERS)
    assert all("METHOD:CANCEL" in agenda(b) and "De zaal is niet vrij" in tekst(b) for b in annuleringen)
    assert set(statussen(onderdelen.databank, TimerRij, moment_id=m)) == {"geannuleerd"}
    assert draai_pas(onderdelen, HERINNERING_2)[1].verzonden == 0


def test_na_stilstand_alleen_de_laatste_herinnering(onderdelen, smtp_server, kennismaking, klok):
    """De engine lag stil tot na beide herinneringen: één herinnering per deelnemer, niet twee."""
    _, m = kennismaking
    timers, verzending = draai_pas(onderdelen, HERINNERING_2)
    assert (timers.uitgevoerd["herinnering"], timers.vervallen) == (1, 1)
    assert verzending.verzonden == 2 * DEELNEMERS  # de uitnodigingen en één herinnering
    assert statussen(onderdelen.databank, TimerRij, moment_id=m) == ["vervallen", "uitgevoerd"]


def test_moment_voorbij_dan_vervallen_de_herinneringen_en_de_uitnodigingen(onderdelen, smtp_server, kennismaking):
    timers, verzending = draai_pas(onderdelen, KENNISMAKING + timedelta(days=1))
    assert (sum(timers.uitgevoerd.values()), timers.vervallen) == (0, 2)
    assert (verzending.verzonden, verzending.vervallen) == (0, DEELNEMERS)  # ook de uitnodigingen: te laat
    assert smtp_server.berichten == []


def test_terugkommoment_een_jaar_later_aan_iedereen(onderdelen, smtp_server, commando, klok):
    t, _, _ = az_in_aanloop(commando)
    for fase in range(5):  # tot in de fase terugkommoment; fase 4 verlaten plant de timer
        commando.volgende_fase(t, forceer=True, reden="snel door de fasen")
        if fase == 0:
            commando.ronde_sluiten(t)  # de Selfie-ronde van fase 1: haar rapporten gaan nu al
    draai_pas(onderdelen, klok.nu)
    with onderdelen.databank.transactie() as sessie:
        vervalt = sessie.scalars(select(TimerRij.vervalt_op).where(TimerRij.soort == "terugkommoment")).one()
    assert vervalt - klok.nu > timedelta(days=364)
    eerder = len(smtp_server.berichten)
    assert draai_pas(onderdelen, vervalt - timedelta(minutes=1))[0].uitgevoerd["terugkommoment"] == 0
    timers, verzending = draai_pas(onderdelen, vervalt)
    assert timers.uitgevoerd["terugkommoment"] == 1
    assert verzending.verzonden == DEELNEMERS + 1  # en de coördinator
    nieuw = ontvangen(smtp_server, eerder)
    assert "colette@krijt.test" in {b["To"].addresses[0].addr_spec for b in nieuw}
    assert {b["Subject"] for b in nieuw} == {"Samenwerkingsverband Zelzate: tijd voor het terugkommoment"}


def test_tijdelijke_fout_later_opnieuw_permanente_fout_gemeld(onderdelen, smtp_server, kennismaking, klok):
    smtp_server.rcpt_antwoorden["tine@zelzate.be"] = "451 4.3.0 Probeer later"
    smtp_server.rcpt_antwoorden["directie@hetkompas.be"] = "550 5.1.1 Onbekende gebruiker"
    verzending = draai_pas(onderdelen, klok.nu)[1]
    assert (verzending.verzonden, verzending.later_opnieuw, verzending.mislukt) == (3, 1, 1)
    with onderdelen.databank.transactie() as sessie:
        per_adres = {b.ontvanger: b for b in sessie.scalars(select(BerichtRij))}
    tine, kompas = per_adres["tine@zelzate.be"], per_adres["directie@hetkompas.be"]
    assert (tine.status, tine.laatste_fout, tine.volgende_poging) == (
        "wachtend", "451 4.3.0 Probeer later", klok.nu + timedelta(minutes=1))
    assert (kompas.status, kompas.laatste_fout) == ("mislukt", "550 5.1.1 Onbekende gebruiker")

    assert draai_pas(onderdelen, klok.nu)[1].later_opnieuw == 0  # de wachttijd is niet om
    del smtp_server.rcpt_antwoorden["tine@zelzate.be"]
    assert draai_pas(onderdelen, klok.nu + timedelta(minutes=1))[1].verzonden == 1
    assert [e.rcpt_tos for e in smtp_server.berichten].count(["tine@zelzate.be"]) == 1
    assert draai_pas(onderdelen, klok.nu + timedelta(days=1))[1].verzonden == 0  # mislukt blijft mislukt


def test_wachttijd_in_echte_tijd_ook_in_de_herfstnacht(onderdelen, smtp_server, kennismaking):
    # 02:59:30 zomertijd, één minuut voor de klok teruggaat: de volgende poging komt één minuut later in
    # echte tijd (02:00:30 wintertijd), niet om 03:00:30 op de wandklok (61 minuten later).
    nacht = datetime(2026, 10, 25, 2, 59, 30, tzinfo=BRUSSEL)
    smtp_server.rcpt_antwoorden["tine@zelzate.be"] = "451 4.3.0 Probeer later"
    with onderdelen.databank.transactie() as sessie:  # de berichten staan klaar vanaf het begin van de nacht
        for b in sessie.scalars(select(BerichtRij)):
            b.volgende_poging = nacht - timedelta(hours=1)
    assert draai_pas(onderdelen, nacht)[1].later_opnieuw == 1
    with onderdelen.databank.transactie() as sessie:
        tine = sessie.scalars(select(BerichtRij).where(BerichtRij.ontvanger == "tine@zelzate.be")).one()
        assert tine.volgende_poging - nacht == timedelta(minutes=1)


def test_mailserver_uren_plat_niets_verloren_niets_dubbel(databank, programmas, tmp_path, smtp_server,
                                                        kennismaking, klok):
    with socket.socket() as s:  # een poort waar niemand luistert
        s.bind(("127.0.0.1", 0))
        dood = maak_onderdelen(databank, programmas, tmp_path, s.getsockname()[1])
    nu, pogingen = klok.nu, 0
    while nu < klok.nu + timedelta(hours=5):
        verzending = draai_pas(dood, nu)[1]
        pogingen += verzending.later_opnieuw > 0
        nu += timedelta(minutes=10)
    assert statussen(databank, BerichtRij) == ["wachtend"] * DEELNEMERS
    assert 4 <= pogingen <= 10  # met wachttijden die groeien, niet elke tien minuten
    levend = maak_onderdelen(databank, programmas, tmp_path, smtp_server.poort)
    assert draai_pas(levend, nu + timedelta(hours=2))[1].verzonden == DEELNEMERS
    assert draai_pas(levend, nu + timedelta(hours=4))[1].verzonden == 0
    assert len(smtp_server.berichten) == DEELNEMERS


def test_engine_sterft_na_claim_dan_na_de_lease_een_keer(onderdelen, smtp_server, kennismaking, klok):
    LEASE = timedelta(seconds=onderdelen.instellingen.outbox_lease_seconden)
    with onderdelen.databank.transactie() as sessie:
        assert len(claim(sessie, klok.nu, 100, LEASE).uitgaand) == DEELNEMERS  # en dan sterft het proces
    assert draai_pas(onderdelen, klok.nu + LEASE - timedelta(seconds=1))[1].verzonden == 0
    assert draai_pas(onderdelen, klok.nu + LEASE + timedelta(seconds=1))[1].verzonden == DEELNEMERS
    assert len(smtp_server.berichten) == DEELNEMERS


def test_engine_sterft_midden_in_de_timers_dan_alles_opnieuw_en_een_keer(onderdelen, smtp_server, kennismaking, klok):
    draai_pas(onderdelen, klok.nu)

    def sterf(sessie, *_):
        if any(isinstance(r, BerichtRij) for r in sessie.new) or any(
                isinstance(r, TimerRij) and r.status == "uitgevoerd" for r in sessie.dirty):
            raise RuntimeError("proces gestorven")

    event.listen(onderdelen.databank._sessies, "before_flush", sterf)
    try:
        with pytest.raises(RuntimeError):
            draai_pas(onderdelen, HERINNERING_14)
    finally:
        event.remove(onderdelen.databank._sessies, "before_flush", sterf)
    assert statussen(onderdelen.databank, TimerRij).count("wachtend") == 2
    timers, verzending = draai_pas(onderdelen, HERINNERING_14)
    assert (timers.uitgevoerd["herinnering"], verzending.verzonden) == (1, DEELNEMERS)


def test_twee_engines_tegelijk_doen_elk_werk_een_keer(databank, programmas, tmp_path, smtp_server, commando, klok):
    trajecten = []
    for i in range(3):
        t = commando.traject_nieuw("stos", f"School {i}").id
        school = commando.partner_toevoegen(t, "school", f"School {i}").id
        for j in range(4):
            commando.contact_toevoegen(t, school, f"Lid {j}", f"lid{j}@school{i}.be", "zorgleerkracht")
        commando.partner_bevestigen(t, school)
        commando.volgende_fase(t)
        commando.moment_plannen(t, "intakegesprek", KENNISMAKING)
        trajecten.append(t)
    engines = [maak_onderdelen(databank, programmas, tmp_path / n, smtp_server.poort) for n in "ab"]
    start = threading.Barrier(2)
    verslagen = []

    def engine(o):
        start.wait()
        verslagen.append(draai_pas(o, HERINNERING_14))

    draden = [threading.Thread(target=engine, args=(o,)) for o in engines]
    for d in draden:
        d.start()
    for d in draden:
        d.join()
    assert sum(t.uitgevoerd["herinnering"] for t, _ in verslagen) == 3
    assert sum(v.verzonden for _, v in verslagen) == 3 * 4 * 3  # nieuwe fase, uitnodiging, herinnering
    ontvangers = [e.rcpt_tos[0] for e in smtp_server.berichten]
    assert len(ontvangers) == 36 and all(ontvangers.count(a) == 3 for a in ontvangers)


def test_zonder_mailserver_in_het_postvak(databank, programmas, tmp_path, kennismaking, klok):
    o = maak_onderdelen(databank, programmas, tmp_path, None)
    later = klok.nu + timedelta(days=3)
    assert draai_pas(o, later)[1].verzonden == DEELNEMERS
    bestanden = sorted((tmp_path / "postvak").glob("*.eml"))
    assert len(bestanden) == DEELNEMERS
    bericht = email.message_from_bytes(bestanden[0].read_bytes(), policy=email.policy.default)
    assert bericht["Subject"] == "Uitnodiging: Kennismaking op dinsdag 15 december 2026"
    assert bericht["Date"].datetime == later  # het tijdstip van vertrek, niet dat van het commando


def test_dagoverzicht_een_keer_per_dag_met_fouten_en_open_voorwaarden(onderdelen, smtp_server, kennismaking, klok):
    smtp_server.rcpt_antwoorden["directie@hetkompas.be"] = "550 5.1.1 Onbekende gebruiker"
    draai_pas(onderdelen, klok.nu)
    morgen = klok.nu.replace(hour=8) + timedelta(days=1)
    assert verzenden.dagoverzicht(onderdelen, morgen) is True
    assert verzenden.dagoverzicht(onderdelen, morgen + timedelta(hours=3)) is False  # ook voor een tweede engine
    draai_pas(onderdelen, morgen)
    (overzicht,) = [b for b in ontvangen(smtp_server) if b["To"].addresses[0].addr_spec == "colette@krijt.test"]
    inhoud = tekst(overzicht)
    assert "Verzonden: 4 berichten." in inhoud
    assert "aan directie@hetkompas.be" in inhoud and "550 5.1.1 Onbekende gebruiker" in inhoud
    assert "Samenwerkingsverband Zelzate (fase Aanloopfase): 'Kennismaking' is gehouden" in inhoud
    assert "Staat klaar (1)" in inhoud  # de herinnering van 1 december valt in de komende week


def test_een_inhaalpas_telt_haar_eigen_berichten_in_het_dagoverzicht(onderdelen, smtp_server, kennismaking, klok):
    # De eerste pas komt pas na achten: wat ze verstuurt, staat al in het dagoverzicht dat ze meestuurt.
    na_achten = klok.nu.replace(hour=9) + timedelta(days=1)
    verslag = pas.pas_zonder_prefect(onderdelen, na_achten, met_dagoverzicht=True)
    assert (verslag["dagoverzicht"], verslag["verzonden"]) == (1, DEELNEMERS + 1)
    (overzicht,) = [b for b in ontvangen(smtp_server) if b["To"].addresses[0].addr_spec == "colette@krijt.test"]
    assert f"Verzonden: {DEELNEMERS} berichten." in tekst(overzicht)


def test_trajectoverzicht_bij_verandering(onderdelen, kennismaking, commando, klok):
    t, m = kennismaking
    assert artefacten.trajectoverzicht_nodig(onderdelen, gewijzigd=False) is True
    assert artefacten.trajectoverzicht_nodig(onderdelen, gewijzigd=False) is False  # de andere engine: niets nieuws
    assert artefacten.trajectoverzicht_nodig(onderdelen, gewijzigd=True) is True
    (rij,) = artefacten.trajectoverzicht(onderdelen, klok.nu)
    assert rij["volgend moment"] == "Kennismaking, 15-12-2026 14:00"
    assert rij["open voorwaarden"] == "'Kennismaking' is gehouden" and rij["vragenlijstronde"] == "geen"
    assert (rij["wachtend"], rij["verzonden"]) == (DEELNEMERS, 0)
    commando.moment_verplaatsen(t, m, KENNISMAKING + timedelta(days=1))
    assert artefacten.trajectoverzicht_nodig(onderdelen, gewijzigd=False) is True


def test_herinneringsronde_een_per_dag(onderdelen, smtp_server, kennismaking, klok):
    t, _ = kennismaking
    draai_pas(onderdelen, klok.nu)
    assert herinneringsronde(onderdelen, t, 14, klok.nu) == 0  # de kennismaking is over 20 dagen
    assert herinneringsronde(onderdelen, t, 30, klok.nu) == DEELNEMERS
    assert herinneringsronde(onderdelen, t, 30, klok.nu + timedelta(hours=2)) == 0
    assert herinneringsronde(onderdelen, t, 30, klok.nu + timedelta(days=1)) == DEELNEMERS
    assert verzenden.berichten_versturen(onderdelen, klok.nu + timedelta(days=1)).verzonden == 2 * DEELNEMERS


def test_herinneringsronde_voor_een_stopgezet_traject_geweigerd(onderdelen, kennismaking, commando, klok):
    t, _ = kennismaking
    commando.stopzetten(t, "Het lokaal bestuur stapt uit")
    with pytest.raises(Geweigerd, match="stopgezet; er verandert niets meer"):
        herinneringsronde(onderdelen, t, 30, klok.nu)


def test_engine_pas_zes_weken_na_de_commando_s_alleen_wat_nog_klopt(onderdelen, smtp_server, kennismaking, commando,
                                                                    klok):
    """De commando's op T, de eerste pas op T + 6 weken: geen uitnodiging voor een moment dat al
    voorbij is, geen annulering aan wie de uitnodiging nooit kreeg, de Date van vertrek, en het
    dagoverzicht zegt wat verviel en waarom."""
    t, _ = kennismaking  # 15 december: voorbij op T + 6 weken
    geannuleerd = commando.moment_plannen(t, "kennismaking", datetime(2027, 2, 3, 14, 0, tzinfo=BRUSSEL)).id
    commando.moment_annuleren(t, geannuleerd, "Valt samen met de infosessie")
    komend = commando.moment_plannen(t, "kennismaking", datetime(2027, 1, 27, 14, 0, tzinfo=BRUSSEL)).id
    na_de_stilstand = klok.nu + timedelta(weeks=6)

    timers, verzending = draai_pas(onderdelen, na_de_stilstand)
    assert timers.vervallen == 2  # de herinneringen voor 15 december
    assert (verzending.verzonden, verzending.vervallen) == (DEELNEMERS, 2 * DEELNEMERS)
    verzonden = ontvangen(smtp_server)
    assert {b["Subject"] for b in verzonden} == {"Uitnodiging: Kennismaking op woensdag 27 januari 2027"}
    assert {b["Date"].datetime for b in verzonden} == {na_de_stilstand}  # niet die van T
    with onderdelen.databank.transactie() as sessie:
        rijen = {r.sleutel: r for r in sessie.scalars(select(BerichtRij).where(BerichtRij.moment_id == komend))}
    for b in verzonden:  # dezelfde Message-ID als in de outbox
        bewaard = email.message_from_bytes(rijen[b["X-Kansrijk-Sleutel"]].inhoud, policy=email.policy.default)
        assert b["Message-ID"] == bewaard["Message-ID"]
    assert statussen(onderdelen.databank, BerichtRij, moment_id=geannuleerd) == (
        ["vervangen"] * DEELNEMERS + ["vervallen"] * DEELNEMERS)

    morgen = (na_de_stilstand + timedelta(days=1)).replace(hour=8)
    assert verzenden.dagoverzicht(onderdelen, morgen) is True
    assert verzenden.berichten_versturen(onderdelen, morgen).verzonden == 1
    inhoud = tekst(ontvangen(smtp_server, DEELNEMERS)[0])
    assert "Vervallen (10), niet verstuurd omdat ze bij vertrek achterhaald waren:" in inhoud
    assert inhoud.count("het moment begon al op 15-12-2026 om 14:00") == DEELNEMERS
    assert inhoud.count("de uitnodiging voor dit moment vertrok nooit") == DEELNEMERS
    assert "aan tine@zelzate.be: \"Geannuleerd: Kennismaking" in inhoud


def test_annulering_na_een_verzonden_uitnodiging_vertrekt_ook_na_de_start(onderdelen, smtp_server, kennismaking,
                                                                         commando, klok):
    t, m = kennismaking
    assert draai_pas(onderdelen, klok.nu)[1].verzonden == DEELNEMERS
    commando.moment_annuleren(t, m, "De zaal is niet vrij")
    verzending = draai_pas(onderdelen, KENNISMAKING + timedelta(days=3))[1]
    assert (verzending.verzonden, verzending.vervallen) == (DEELNEMERS, 0)
    assert all("METHOD:CANCEL" in agenda(b) for b in ontvangen(smtp_server, DEELNEMERS))


def test_na_stilstand_geen_links_van_een_gesloten_ronde_en_alleen_de_laatste_fase(onderdelen, smtp_server, commando,
                                                                                 klok):
    t, _, _ = az_in_aanloop(commando)
    commando.volgende_fase(t, forceer=True, reden="snel")  # fase 1 opent de Selfie-ronde
    commando.ronde_sluiten(t)
    commando.volgende_fase(t, forceer=True, reden="snel")
    verzending = draai_pas(onderdelen, klok.nu + timedelta(weeks=6))[1]
    with onderdelen.databank.transactie() as sessie:
        per_soort: dict[str, set[str]] = {}
        for soort, status, reden in sessie.execute(select(BerichtRij.soort, BerichtRij.status, BerichtRij.vervalreden)):
            per_soort.setdefault(soort, set()).add(f"{status}: {reden}" if reden else status)
    assert per_soort["vragenlijst_uitnodiging"] == {
        "vervallen: de vragenlijstronde is gesloten; de links werken niet meer"}
    assert per_soort["nieuwe_fase"] == {"verzonden", "vervallen: het traject zit intussen in een volgende fase"}
    # Niemand antwoordde: geen rapporten, wel het overzicht dat dat zegt.
    assert "rapport" not in per_soort and per_soort["overzicht"] == {"verzonden"}
    onderwerpen = [b["Subject"] for b in ontvangen(smtp_server) if "op naar de fase" in b["Subject"]]
    assert len(onderwerpen) == DEELNEMERS and all("op naar de fase Fase 2:" in o for o in onderwerpen)
    assert verzending.vervallen > 0
