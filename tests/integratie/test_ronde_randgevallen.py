"""Randgevallen van de vragenlijstronde, op SQLite en PostgreSQL: iedereen klaar en toch nog een
antwoord, een school die haar doel verhoogt, verlengen en weer herinneren, stopzetten, concepten
zonder geheim en gedeeld door collega's, een link uit de CLI in een open ronde, een engine die
stillag, en geheimen die uit de outbox verdwijnen als een bericht definitief mislukt."""

import re
from datetime import date, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from config.vragenlijst import laad_vragenlijsten
from domein import ronde as regels
from domein.tijd import BRUSSEL
from kansrijk.web import maak_app
from opslag.tabellen import (
    BerichtRij,
    ConceptRij,
    GebeurtenisRij,
    TimerRij,
    ToegangRij,
    TrajectRij,
    naar_domein,
)
from tests.integratie.test_commando import az_in_aanloop
from tests.integratie.test_engine import maak_onderdelen
from tests.integratie.test_ronde import (
    _bericht,
    _outbox,
    _stand,
    invullen,
    kenmerk,
    links,
    stos_in_intake,
)
from workflows import timers, verzenden

_, LIJSTEN = laad_vragenlijsten()
GROEPEN = ("stos-leerkrachten", "stos-ouders", "stos-leerlingen")


@pytest.fixture
def web(commando):
    return TestClient(maak_app(commando), follow_redirects=False)


@pytest.fixture
def engine(databank, programmas, tmp_path):
    return maak_onderdelen(databank, programmas, tmp_path, None)  # zonder SMTP: de berichten blijven in de outbox


def schoolfoto(commando, klok) -> tuple[int, int, dict[str, str]]:
    """Een STOS-traject met open ronde; de links uit de uitnodigingen (werkgroep en groepen)."""
    t, s = stos_in_intake(commando, klok)
    commando.volgende_fase(t)
    berichten = {b.ontvanger: _bericht(b) for b in _outbox(commando.databank, "vragenlijst_uitnodiging")}
    groepslinks = dict(zip(GROEPEN, links(berichten["dirk@klimop.be"], "v"), strict=True))
    return t, s, groepslinks | {"stos-werkgroep": links(berichten["wendy@klimop.be"], "v")[0]}


def ronde_van(commando, t: int):
    with commando.databank.transactie() as sessie:
        return regels.huidige(naar_domein(sessie.get(TrajectRij, t)))


def gebeurtenissen(databank, soort: str) -> list[dict]:
    with databank.transactie() as sessie:
        return list(sessie.scalars(select(GebeurtenisRij.details).where(GebeurtenisRij.soort == soort)))


def test_iedereen_klaar_nog_een_antwoord_en_een_hoger_doel(commando, klok, web, engine):
    t, s, link = schoolfoto(commando, klok)
    commando.ronde_doelen(t, s, {code: 1 for code in GROEPEN})
    for code, url in link.items():
        assert invullen(web, url, code) == 303
    # Iedereen klaar; nog een ouder en dezelfde doelen nog eens: geen fout, niets dubbel.
    assert invullen(web, link["stos-ouders"], "stos-ouders") == 303
    commando.ronde_doelen(t, s, {code: 1 for code in GROEPEN})
    # De school verhoogt haar doel vóór de engine langskomt: de ronde blijft open.
    commando.ronde_doelen(t, s, {"stos-leerlingen": 3})
    verslag = timers.alle_timers(engine, klok.nu)
    assert verslag.vervallen >= 1 and not verslag.uitgevoerd["ronde-sluiten"]
    assert ronde_van(commando, t).status == "open"
    for _ in range(2):
        assert invullen(web, link["stos-leerlingen"], "stos-leerlingen") == 303
    assert timers.alle_timers(engine, klok.nu).uitgevoerd["ronde-sluiten"] == 1
    assert [g["reden"] for g in gebeurtenissen(commando.databank, "ronde_gesloten")] == ["iedereen"]


def test_doel_met_vreemde_cijfers_geeft_een_melding(commando, klok, web):
    t, _, _ = schoolfoto(commando, klok)
    (schoolpagina,) = links(_bericht(next(b for b in _outbox(commando.databank, "vragenlijst_uitnodiging")
                                          if b.ontvanger == "dirk@klimop.be")), "s")
    for waarde in ("²", "12x", "-3", "1" * 9):
        antwoord = web.post(schoolpagina, data={"doel-stos-ouders": waarde})
        assert antwoord.status_code == 422 and "als getal" in antwoord.text
    assert ronde_van(commando, t).doelen == {}


def test_na_verlengen_gaan_de_herinneringen_opnieuw(commando, klok, engine):
    t, _, _ = schoolfoto(commando, klok)
    ronde = ronde_van(commando, t)
    klok.nu = ronde.deadline - timedelta(days=3)  # de herinneringen van 14 en 7 dagen vóór zijn voorbij
    timers.alle_timers(engine, klok.nu)
    eerst = len(_outbox(commando.databank, "vragenlijst_herinnering"))
    assert eerst == 3  # Wendy en Wim (de werkgroep vulde nog niet in) en de directie
    commando.ronde_verlengen(t, (ronde.deadline + timedelta(days=21)).date())
    with commando.databank.transactie() as sessie:
        volgende = min(sessie.scalars(select(TimerRij.vervalt_op).where(
            TimerRij.soort == "ronde-herinnering", TimerRij.status == "wachtend")))
    klok.nu = volgende
    assert timers.alle_timers(engine, klok.nu).berichten == 3  # Wendy, Wim en de directie, opnieuw
    assert len(_outbox(commando.databank, "vragenlijst_herinnering")) == eerst + 3


def test_een_engine_die_stillag_stuurt_alleen_de_laatste_herinnering(commando, klok, engine):
    klok.nu = datetime(2027, 4, 12, 9, 0, tzinfo=BRUSSEL)  # na de paasvakantie: drie herinneringsdagen
    t, _, _ = schoolfoto(commando, klok)
    with commando.databank.transactie() as sessie:
        assert len(sessie.scalars(select(TimerRij).where(TimerRij.soort == "ronde-herinnering")).all()) == 3
    klok.nu = ronde_van(commando, t).deadline - timedelta(hours=12)  # alle drie zijn voorbij
    verslag = timers.alle_timers(engine, klok.nu)
    assert verslag.uitgevoerd["ronde-herinnering"] == 1 and verslag.vervallen == 2
    assert len(_outbox(commando.databank, "vragenlijst_herinnering")) == 3  # één per adres, één keer


def test_deadline_en_iedereen_klaar_in_dezelfde_pas_sluiten_een_keer(commando, klok, web, engine):
    t, s, link = schoolfoto(commando, klok)
    commando.ronde_doelen(t, s, {code: 1 for code in GROEPEN})
    for code, url in link.items():
        assert invullen(web, url, code) == 303
    klok.nu = ronde_van(commando, t).deadline
    assert timers.alle_timers(engine, klok.nu).uitgevoerd["ronde-sluiten"] == 1
    assert len(gebeurtenissen(commando.databank, "ronde_gesloten")) == 1
    assert len(_outbox(commando.databank, "rapport")) == 1


def test_stopzetten_sluit_de_ronde_zonder_rapporten(commando, klok, web):
    t, _, link = schoolfoto(commando, klok)
    pagina = web.get(link["stos-ouders"], follow_redirects=True)
    web.post(link["stos-ouders"], data={"formulier": kenmerk(pagina.text), "actie": "bewaren", "i-vi1": "3"})
    commando.stopzetten(t, "De school stapt uit")
    assert [g["reden"] for g in gebeurtenissen(commando.databank, "ronde_gesloten")] == ["stopgezet"]
    assert web.get(link["stos-ouders"]).status_code == 410
    with commando.databank.transactie() as sessie:
        assert sessie.scalars(select(ConceptRij)).all() == []
    assert _outbox(commando.databank, "rapport") == []


def test_concept_zonder_geheim_en_gedeeld_met_collegas(commando, klok, web):
    t, _bestuur, scholen = az_in_aanloop(commando)
    commando.contact_toevoegen(t, scholen[0], "Zorg De Vlinder", "zorg@devlinder.be", "zorgleerkracht")
    commando.volgende_fase(t, forceer=True, reden="Kennismaking viel samen met de infosessie")
    uitnodiging = {b.ontvanger: _bericht(b) for b in _outbox(commando.databank, "vragenlijst_uitnodiging")}
    (directie,), (zorg,) = links(uitnodiging["directie@devlinder.be"], "v"), links(uitnodiging["zorg@devlinder.be"], "v")
    pagina = web.get(directie)
    k = kenmerk(pagina.text)
    bewaard = web.post(directie, data={"formulier": k, "actie": "bewaren", "i-vi1": "2", "o-visie-op-armoede": "Eerst"})
    assert bewaard.status_code == 200 and "ziet deze bewaarde antwoorden ook" in bewaard.text
    with commando.databank.transactie() as sessie:
        (concept,) = sessie.scalars(select(ConceptRij))
        assert "formulier" not in concept.waarden and k not in str(concept.waarden)
    bij_collega = web.get(zorg)
    assert 'name="i-vi1" value="2" checked' in bij_collega.text and "Eerst" in bij_collega.text
    assert kenmerk(bij_collega.text) != k  # een nieuw formulier: het kenmerk stond nergens


def test_een_cli_link_in_een_open_ronde_hoort_bij_de_ronde(commando, klok, web):
    t, s, _ = schoolfoto(commando, klok)
    geheim = commando.link_maken(t, s, LIJSTEN["stos-ouders"], None, 14)
    ronde = ronde_van(commando, t)
    with commando.databank.transactie() as sessie:
        toegang = sessie.scalars(select(ToegangRij).order_by(ToegangRij.id.desc()).limit(1)).one()
    assert (toegang.ronde_id, toegang.verloopt_op) == (ronde.id, ronde.deadline)
    assert invullen(web, f"/v/{geheim}", "stos-ouders") == 303
    ouders = next(g for g in _stand(commando, t) if g.vragenlijst.code == "stos-ouders")
    assert ouders.antwoorden == 1


def test_geheimen_verdwijnen_ook_als_een_bericht_definitief_mislukt(commando, klok, databank, programmas, tmp_path,
                                                                     smtp_server):
    smtp_server.rcpt_antwoorden["dirk@klimop.be"] = "550 5.1.1 Onbekende gebruiker"
    schoolfoto(commando, klok)
    verslag = verzenden.berichten_versturen(maak_onderdelen(databank, programmas, tmp_path, smtp_server.poort), klok.nu)
    assert verslag.mislukt >= 1
    with databank.transactie() as sessie:
        (rij,) = sessie.scalars(select(BerichtRij).where(BerichtRij.soort == "vragenlijst_uitnodiging",
                                                         BerichtRij.ontvanger == "dirk@klimop.be"))
        assert (rij.status, rij.inhoud) == ("mislukt", b"")
        assert re.search(rb"/v/[\w-]{20,}", b"".join(sessie.scalars(select(BerichtRij.inhoud)))) is None


def test_verlengen_tot_een_zaterdag_wordt_de_maandag(commando, klok):
    t, _, _ = schoolfoto(commando, klok)
    melding = commando.ronde_verlengen(t, date(2027, 1, 16)).melding  # een zaterdag
    assert "18-01-2027 18:00" in melding



def test_na_vroeg_sluiten_zeggen_de_links_dat_de_ronde_afgesloten_is(commando, klok, web):
    """`ronde sluiten` vóór de deadline: de uitnodiging noemde een latere datum, dus de groepslink en
    de schoolpagina zeggen niet dat de termijn voorbij is, maar dat de ronde afgesloten is."""
    t, _, link = schoolfoto(commando, klok)
    (schoolpagina,) = links(_bericht(next(b for b in _outbox(commando.databank, "vragenlijst_uitnodiging")
                                          if b.ontvanger == "dirk@klimop.be")), "s")
    formulier = web.get(link["stos-ouders"], follow_redirects=True)
    commando.ronde_sluiten(t)
    velden = {f"i-{i.code}": "3" for i in LIJSTEN["stos-ouders"].items} | {"formulier": kenmerk(formulier.text)}
    for antwoord in (web.get(link["stos-ouders"]), web.post(link["stos-ouders"], data=velden), web.get(schoolpagina)):
        assert antwoord.status_code == 410
        assert "De vragenlijstronde is afgesloten." in antwoord.text and "termijn" not in antwoord.text
