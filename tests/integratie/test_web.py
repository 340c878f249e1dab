"""Het webformulier met FastAPIs TestClient op SQLite en PostgreSQL: links (onbekend, verlopen,
gebruikt, geraden), validatie zonder iets half te bewaren, dubbel verzenden, en anonieme antwoorden
zonder spoor naar een link of persoon."""

import re
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import inspect, select

from config.vragenlijst import laad_vragenlijsten
from kansrijk.web import maak_app
from opslag.tabellen import AntwoordsetRij, ToegangRij

_, LIJSTEN = laad_vragenlijsten()
OUDERS = LIJSTEN["stos-ouders"]


@pytest.fixture
def school(commando):
    t = commando.traject_nieuw("stos", "Sint-Jozef").id
    p = commando.partner_toevoegen(t, "school", "Sint-Jozef").id
    c = commando.contact_toevoegen(t, p, "An Peeters", "an@sintjozef.be", "werkgroep").id
    return t, p, c


@pytest.fixture
def web(commando):
    return TestClient(maak_app(commando), follow_redirects=False)


def kenmerk(html: str) -> str:
    return re.search(r'name="formulier" value="([^"]+)"', html).group(1)


def alles(vragenlijst, keuze: str = "4", **extra) -> dict:
    return {f"i-{i.code}": keuze for i in vragenlijst.items} | extra


def opgeslagen(databank) -> list[AntwoordsetRij]:
    with databank.transactie() as sessie:
        return list(sessie.scalars(select(AntwoordsetRij)))


def test_groepslink_invullen_twee_keer_verzonden_een_keer_bewaard(commando, school, web):
    t, p, _ = school
    geheim = commando.link_maken(t, p, OUDERS, None, 14)
    assert len(geheim) >= 32  # 192 bits
    pagina = web.get(f"/v/{geheim}")
    assert pagina.status_code == 200 and "Vragenlijst voor ouders" in pagina.text
    assert pagina.headers["cache-control"] == "no-store" and pagina.headers["referrer-policy"] == "no-referrer"
    velden = alles(OUDERS, **{"formulier": kenmerk(pagina.text), "i-vi1": "?", "o-communicatie": "<b>Te duur</b>"})
    antwoord = web.post(f"/v/{geheim}", data=velden)
    assert antwoord.status_code == 303 and antwoord.headers["location"] == f"/v/{geheim}/bedankt"
    assert web.post(f"/v/{geheim}", data=velden).status_code == 303  # dubbelklik: zelfde formulier
    (rij,) = opgeslagen(commando.databank)
    assert rij.bron == "web" and rij.scores["vi1"] is None and rij.scores["vi2"] == 4
    assert rij.open == {"communicatie": "<b>Te duur</b>"}
    # Een tweede ouder met dezelfde groepslink:
    web.post(f"/v/{geheim}", data=alles(OUDERS, "2", formulier=kenmerk(web.get(f"/v/{geheim}").text)))
    assert len(opgeslagen(commando.databank)) == 2
    # Anoniem: geen kolom die naar een link of persoon wijst.
    assert {k.name for k in inspect(AntwoordsetRij).columns}.isdisjoint({"toegang_id", "contact_id", "email"})
    with commando.databank.transactie() as sessie:
        assert sessie.scalars(select(ToegangRij.hash)).one() != geheim  # alleen de hash


def test_ontbrekende_en_foute_antwoorden_niets_bewaard_waarden_blijven(commando, school, web):
    t, p, _ = school
    geheim = commando.link_maken(t, p, OUDERS, None, 14)
    velden = alles(OUDERS, formulier=kenmerk(web.get(f"/v/{geheim}").text), **{"o-kostenbeleid": "<script>x</script>"})
    del velden["i-co2"]
    velden["i-so1"] = "7"
    pagina = web.post(f"/v/{geheim}", data=velden)
    assert pagina.status_code == 422 and 'role="alert"' in pagina.text
    assert pagina.text.count('class="fout"') == 2 and 'href="#i-co2"' in pagina.text and 'href="#i-so1"' in pagina.text
    assert "&lt;script&gt;x&lt;/script&gt;" in pagina.text and "<script>x" not in pagina.text
    assert 'name="i-vi1" value="4" checked' in pagina.text  # wat al ingevuld was, blijft
    assert opgeslagen(commando.databank) == []


def test_persoonlijke_link_werkt_een_keer(commando, school, web):
    t, p, c = school
    geheim = commando.link_maken(t, p, LIJSTEN["stos-werkgroep"], c, 14)
    velden = alles(LIJSTEN["stos-werkgroep"], formulier=kenmerk(web.get(f"/v/{geheim}").text))
    assert web.post(f"/v/{geheim}", data=velden).status_code == 303
    nog_eens = web.get(f"/v/{geheim}")
    assert nog_eens.status_code == 410 and "Al ingevuld" in nog_eens.text
    assert web.post(f"/v/{geheim}", data=velden | {"formulier": "x" * 32}).status_code == 410
    assert len(opgeslagen(commando.databank)) == 1


def test_verlopen_en_onbekende_links_en_raden_wordt_afgeremd(commando, school, web, klok):
    t, p, _ = school
    geheim = commando.link_maken(t, p, OUDERS, None, 14)
    klok.nu += timedelta(days=14)
    verlopen = web.get(f"/v/{geheim}")
    assert verlopen.status_code == 410 and "afgesloten" in verlopen.text and "Vragenlijst voor ouders" not in verlopen.text
    for i in range(10):
        assert web.get(f"/v/geraden{i}").status_code == 404
    assert web.get(f"/v/{geheim}").status_code == 429  # ook een echte link, vanaf dit adres
    klok.nu += timedelta(minutes=11)
    assert web.get("/v/geraden").status_code == 404


def test_link_weigert_verkeerde_vragenlijst_of_contact(commando, school):
    t, p, c = school
    from domein.fouten import NietGevonden, OngeldigeInvoer

    with pytest.raises(OngeldigeInvoer, match="is anoniem"):
        commando.link_maken(t, p, OUDERS, c, 14)
    with pytest.raises(OngeldigeInvoer, match="is op naam"):
        commando.link_maken(t, p, LIJSTEN["stos-werkgroep"], None, 14)
    with pytest.raises(NietGevonden, match="Contactpersoon 99"):
        commando.link_maken(t, p, LIJSTEN["stos-werkgroep"], 99, 14)
    with pytest.raises(OngeldigeInvoer, match="1 tot 120 dagen"):
        commando.link_maken(t, p, OUDERS, None, 0)
