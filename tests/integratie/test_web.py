"""Het webformulier met FastAPIs TestClient op SQLite en PostgreSQL: links (onbekend, verlopen,
gebruikt, geraden), validatie zonder iets half te bewaren, dubbel verzenden, en anonieme antwoorden
zonder spoor naar een link of persoon."""

import re
import secrets
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import inspect, select

from config.vragenlijst import laad_vragenlijsten
from kansrijk.web import maak_app
from kansrijk.web.afremmer import Afremmer
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
    # Het kenmerk van het formulier staat in zijn URL, zodat 'Vorige' na het versturen hetzelfde formulier terugvindt.
    doorverwezen = web.get(f"/v/{geheim}")
    assert doorverwezen.status_code == 303 and doorverwezen.headers["location"].startswith(f"/v/{geheim}?verder=")
    pagina = web.get(doorverwezen.headers["location"])
    assert pagina.status_code == 200 and "Vragenlijst voor ouders" in pagina.text
    assert pagina.headers["cache-control"] == "no-store" and pagina.headers["referrer-policy"] == "no-referrer"
    assert doorverwezen.headers["location"].endswith(kenmerk(pagina.text))
    velden = alles(OUDERS, **{"formulier": kenmerk(pagina.text), "i-vi1": "?", "o-communicatie": "<b>Te duur</b>"})
    antwoord = web.post(f"/v/{geheim}", data=velden)
    assert antwoord.status_code == 303 and antwoord.headers["location"] == f"/v/{geheim}/bedankt"
    for opnieuw in (web.get(doorverwezen.headers["location"]), web.post(f"/v/{geheim}", data=velden)):
        # 'Vorige' na het versturen, en hetzelfde formulier nog eens verzonden (dubbelklik, of de pagina
        # uit de cache van de browser): 'al verstuurd', met een nieuw formulier voor wie nog moet invullen.
        assert opnieuw.status_code == 409 and "Al verstuurd" in opnieuw.text and f'href="/v/{geheim}"' in opnieuw.text
    (rij,) = opgeslagen(commando.databank)
    assert rij.bron == "web" and rij.scores["vi1"] is None and rij.scores["vi2"] == 4
    assert rij.open == {"communicatie": "<b>Te duur</b>"}
    # Een tweede ouder met dezelfde groepslink:
    web.post(f"/v/{geheim}", data=alles(OUDERS, "2", formulier=kenmerk(web.get(f"/v/{geheim}", follow_redirects=True).text)))
    assert len(opgeslagen(commando.databank)) == 2
    # Anoniem: geen kolom die naar een link of persoon wijst.
    assert {k.name for k in inspect(AntwoordsetRij).columns}.isdisjoint({"toegang_id", "contact_id", "email"})
    with commando.databank.transactie() as sessie:
        assert sessie.scalars(select(ToegangRij.hash)).one() != geheim  # alleen de hash


def test_twee_gelijktijdige_verzendingen_van_een_formulier_bewaren_een_antwoord(commando, school):
    t, p, _ = school
    geheim = commando.link_maken(t, p, OUDERS, None, 14)
    klanten = [TestClient(maak_app(commando), follow_redirects=False) for _ in range(2)]
    velden = alles(OUDERS, formulier=kenmerk(klanten[0].get(f"/v/{geheim}", follow_redirects=True).text))
    samen = threading.Barrier(2)

    def verstuur(klant: TestClient) -> int:
        samen.wait()
        return klant.post(f"/v/{geheim}", data=velden).status_code

    with ThreadPoolExecutor(2) as uitvoerder:
        assert sorted(uitvoerder.map(verstuur, klanten)) == [303, 409]
    assert len(opgeslagen(commando.databank)) == 1


def test_tekens_die_postgresql_niet_kan_bewaren_en_vreemde_velden(commando, school, web):
    """NUL en andere stuurtekens vallen weg (ook in een concept); velden die het formulier niet kent,
    herhaalde velden en een bestand in plaats van tekst veranderen niets."""
    t, p, _ = school
    geheim = commando.link_maken(t, p, OUDERS, None, 14)
    k = kenmerk(web.get(f"/v/{geheim}", follow_redirects=True).text)
    bewaard = web.post(f"/v/{geheim}", data={"formulier": k, "actie": "bewaren", "o-communicatie": "a\x00b\x1b",
                                             "i-\x00": "\x00", "o-bestaat-niet": "\x00" * 10})
    assert bewaard.status_code == 200
    terug = web.get(f"/v/{geheim}?verder={k}")
    assert ">ab</textarea>" in terug.text
    velden = alles(OUDERS, formulier=k, **{"o-communicatie": " Te\x00 duur\n\x7f", "o-x": "y"})
    antwoord = web.post(f"/v/{geheim}", data=velden | {"i-vi1": ["4", "2"]},
                        files={"o-kostenbeleid": ("brief.txt", b"\x00" * 100)})
    assert antwoord.status_code == 303, antwoord.text
    (rij,) = opgeslagen(commando.databank)
    assert rij.open == {"communicatie": "Te duur"} and rij.scores["vi1"] == 2


def test_ontbrekende_en_foute_antwoorden_niets_bewaard_waarden_blijven(commando, school, web):
    t, p, _ = school
    geheim = commando.link_maken(t, p, OUDERS, None, 14)
    velden = alles(OUDERS, formulier=kenmerk(web.get(f"/v/{geheim}", follow_redirects=True).text), **{"o-kostenbeleid": "<script>x</script>"})
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
    assert verlopen.status_code == 410 and "De termijn om te antwoorden is voorbij." in verlopen.text
    assert "Vragenlijst voor ouders" not in verlopen.text
    for i in range(10):
        assert web.get(f"/v/geraden{i}").status_code == 404
        assert web.get("/v/geraden0").status_code == (429 if i == 9 else 404)  # dezelfde link opnieuw: geen gok meer
    assert web.get("/v/geraden10").status_code == 429 and web.get("/r/geraden11").status_code == 429
    klok.nu += timedelta(minutes=11)
    assert web.get("/v/geraden12").status_code == 404


def test_raden_remt_geen_geldige_link_van_hetzelfde_adres(commando, school, web):
    """Een hele school achter één adres: tien verkeerd getypte links houden de echte niet tegen."""
    t, p, c = school
    groep = commando.link_maken(t, p, OUDERS, None, 14)
    persoonlijk = commando.link_maken(t, p, LIJSTEN["stos-werkgroep"], c, 14)
    for i in range(11):
        web.get(f"/v/geraden{i}")
    assert web.get("/v/nog-een-gok").status_code == 429
    pagina = web.get(f"/v/{groep}", follow_redirects=True)
    assert pagina.status_code == 200 and "Vragenlijst voor ouders" in pagina.text
    assert web.post(f"/v/{groep}", data=alles(OUDERS, formulier=kenmerk(pagina.text))).status_code == 303
    velden = alles(LIJSTEN["stos-werkgroep"], formulier=kenmerk(web.get(f"/v/{persoonlijk}").text))
    assert web.post(f"/v/{persoonlijk}", data=velden).status_code == 303
    assert len(opgeslagen(commando.databank)) == 2


def test_x_forwarded_for_alleen_van_een_vertrouwde_proxy(commando, school):
    def bezoeker(peer: str, vertrouwd: list[str]) -> Callable[[str], int]:
        web = TestClient(maak_app(commando, vertrouwd), follow_redirects=False, client=(peer, 40000))
        return lambda achter: web.get(f"/v/gok-{achter}-{secrets.token_hex(4)}",
                                      headers={"X-Forwarded-For": f"{achter}, 10.0.0.9"}).status_code

    # Achter de vertrouwde proxy telt elke bezoeker apart: tien gokken van de ene remmen de andere niet.
    proxy = bezoeker("10.0.0.2", ["10.0.0.0/24"])
    assert [proxy("198.51.100.7") for _ in range(11)] == [404] * 10 + [429]
    assert proxy("203.0.113.5") == 404
    # Van een adres dat geen vertrouwde proxy is, telt de kop niet: een andere kop omzeilt de rem niet.
    vreemd = bezoeker("192.0.2.1", ["10.0.0.0/24"])
    assert [vreemd(f"198.51.100.{i}") for i in range(11)] == [404] * 10 + [429]
    # Zonder instelling vertrouwt de app niemand.
    zonder = bezoeker("10.0.0.2", [])
    assert [zonder(f"198.51.100.{i}") for i in range(11)] == [404] * 10 + [429]


def test_het_geheugen_van_de_afremmer_is_begrensd(klok):
    afremmer = Afremmer(klok, maximum=2, adressen=3)
    for adres in ("a", "b", "c", "d"):
        for link in ("x", "y", "z"):
            afremmer.fout(adres, link)
    assert not afremmer.geremd("a") and all(afremmer.geremd(adres) for adres in "bcd")  # a viel weg
    afremmer.fout("b", "w")  # b is nu het laatst gezien: c valt weg bij een nieuw adres
    afremmer.fout("e", "x")
    assert not afremmer.geremd("c") and afremmer.geremd("b") and afremmer.geremd("d")
    assert len(afremmer._fouten) == 3 and all(len(f) <= 2 for f in afremmer._fouten.values())


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
