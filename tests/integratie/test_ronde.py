"""De vragenlijstronde van begin tot eind op SQLite en PostgreSQL, met een echte SMTP-server en het
webformulier (TestClient): openen met de fase, links uit de ontvangen mails, tussentijds bewaren,
doelen op de schoolpagina, herinneringen alleen aan wie nog niet antwoordde, verlengen, sluiten als
iedereen antwoordde, rapporten met PNG-grafieken in de mail en achter een onraadbare link."""

import email
import email.policy
import re
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from config.vragenlijst import laad_vragenlijsten
from diensten import lezen as overzicht
from diensten import ronde as rondewerk
from domein import ronde as regels
from domein.fouten import Geweigerd, OngeldigeInvoer
from domein.tijd import BRUSSEL
from kansrijk.web import maak_app
from opslag.tabellen import (
    BerichtRij,
    ConceptRij,
    ContactRij,
    GebeurtenisRij,
    TimerRij,
    ToegangRij,
    TrajectRij,
    naar_domein,
)
from tests.integratie.test_commando import az_in_aanloop
from tests.integratie.test_engine import maak_onderdelen
from workflows import timers, verzenden
from workflows.artefacten import samenvattingen, trajectoverzicht

_, LIJSTEN = laad_vragenlijsten()
DIRECTIE, WERKGROEP_1, WERKGROEP_2 = "dirk@klimop.be", "wendy@klimop.be", "wim@klimop.be"


@pytest.fixture
def web(commando):
    return TestClient(maak_app(commando), follow_redirects=False)


@pytest.fixture
def engine(databank, programmas, tmp_path, smtp_server):
    return maak_onderdelen(databank, programmas, tmp_path, smtp_server.poort)


def stos_in_intake(commando, klok) -> tuple[int, int]:
    t = commando.traject_nieuw("stos", "STOS De Klimop").id
    s = commando.partner_toevoegen(t, "school", "De Klimop").id
    commando.partner_bevestigen(t, s)
    commando.contact_toevoegen(t, s, "Dirk Directeur", DIRECTIE, "directie")
    commando.contact_toevoegen(t, s, "Wendy Werkgroep", WERKGROEP_1, "werkgroep")
    commando.contact_toevoegen(t, s, "Wim Werkgroep", WERKGROEP_2, "werkgroep")
    commando.volgende_fase(t)
    m = commando.moment_plannen(t, "intakegesprek", klok.nu + timedelta(days=1)).id
    klok.nu += timedelta(days=2)
    commando.moment_gehouden(t, m)
    return t, s


def ontvangen(smtp_server, engine, klok) -> dict[str, list[email.message.EmailMessage]]:
    """Laat de engine versturen en geeft per ontvanger de berichten die de mailserver nu kreeg."""
    al = len(smtp_server.berichten)
    # In een eigen draad: de verzender gebruikt asyncio.run, en Playwright (sync) heeft in de
    # draad van de browsertest al een eventlus.
    with ThreadPoolExecutor(1) as draad:
        verzonden = draad.submit(verzenden.berichten_versturen, engine, klok.nu).result().verzonden
    per_adres: dict[str, list] = {}
    for e in smtp_server.wacht_op(al + verzonden)[al:]:
        bericht = email.message_from_bytes(e.content, policy=email.policy.default)
        per_adres.setdefault(e.rcpt_tos[0], []).append(bericht)
    return per_adres


def links(bericht, pad: str) -> list[str]:
    """De links naar `pad` (v: vragenlijst, s: schoolpagina, r: rapport) in de tekst van een bericht."""
    tekst = bericht.get_body(("plain",)).get_content()
    return re.findall(rf"http://127\.0\.0\.1:\d+/{pad}/[\w-]+", tekst)


def kenmerk(html: str) -> str:
    return re.search(r'name="formulier" value="([^"]+)"', html).group(1)


def invullen(web, pad: str, vragenlijst: str, keuze: str = "4", **extra) -> int:
    pagina = web.get(pad, follow_redirects=True)
    if pagina.status_code != 200:
        return pagina.status_code
    velden = {f"i-{i.code}": keuze for i in LIJSTEN[vragenlijst].items} | {"formulier": kenmerk(pagina.text)} | extra
    return web.post(pad, data=velden).status_code


def test_een_schoolfoto_van_begin_tot_eind(commando, klok, web, engine, smtp_server, databank):
    t, _ = stos_in_intake(commando, klok)
    melding = commando.volgende_fase(t).melding
    assert "De vragenlijstronde is geopend tot" in melding
    (rij,) = trajectoverzicht(engine, klok.nu)  # het artefact in het dashboard
    assert rij["vragenlijstronde"].startswith("open tot ")

    # Openen: een persoonlijke link per werkgroeplid, groepslinks en de schoolpagina voor de directie.
    post = ontvangen(smtp_server, engine, klok)
    uitnodiging = {a: next(b for b in post[a] if "Vragenlijst voor De Klimop" in b["Subject"]) for a in post}
    (wendy,) = links(uitnodiging[WERKGROEP_1], "v")
    (wim,) = links(uitnodiging[WERKGROEP_2], "v")
    leerkrachten, ouders, leerlingen = links(uitnodiging[DIRECTIE], "v")
    (schoolpagina,) = links(uitnodiging[DIRECTIE], "s")
    assert "werkgroep" in web.get(wendy).text.lower()
    assert "Vragenlijst voor ouders" in web.get(ouders, follow_redirects=True).text

    # Tussentijds bewaren met een groepslink: alleen de verder-link brengt de antwoorden terug.
    pagina = web.get(ouders, follow_redirects=True)
    k = kenmerk(pagina.text)
    bewaard = web.post(ouders, data={"formulier": k, "actie": "bewaren", "i-vi1": "2", "o-communicatie": "Eerder"})
    assert bewaard.status_code == 200 and "Je antwoorden zijn bewaard" in bewaard.text
    verder = re.search(r'href="(http://127.0.0.1:8000/v/[^"]+verder=[^"]+)"', bewaard.text).group(1)
    terug = web.get(verder.replace("http://127.0.0.1:8000", ""))
    assert 'value="2" checked' in terug.text and "Eerder" in terug.text and kenmerk(terug.text) == k
    assert 'checked' not in web.get(ouders, follow_redirects=True).text  # een andere ouder ziet niets
    ongeldig = web.post(ouders, data={"formulier": k, "actie": "bewaren", "i-vi2": "9"})
    assert ongeldig.status_code == 422 and "Kies een antwoord bij" in ongeldig.text

    # De school zet haar doelen; een fout verandert niets.
    fout = web.post(schoolpagina, data={"doel-stos-leerkrachten": "2", "doel-stos-ouders": "abc"})
    assert fout.status_code == 422 and "als getal" in fout.text
    fout = web.post(schoolpagina, data={"doel-stos-leerkrachten": "2", "doel-stos-ouders": "0"})
    assert fout.status_code == 422 and "kies 1 tot 5000" in fout.text
    voor = web.get(schoolpagina).text  # niets gezet: de lege velden staan er nog
    assert voor.count('value=""') == 3 and "Nog niet ingevuld" in voor
    gezet = web.post(schoolpagina, data={"doel-stos-leerkrachten": "2", "doel-stos-ouders": "1",
                                         "doel-stos-leerlingen": "1"})
    assert gezet.status_code == 200 and "De doelen zijn bewaard" in gezet.text and 'value="2"' in gezet.text
    assert "0 antwoorden van de 2 verwacht." in gezet.text

    # Wendy vult in voor de werkgroep (samen één keer: ook Wims link is nu gebruikt); een leerkracht
    # antwoordt; de bewaarde ouder verstuurt.
    assert invullen(web, wendy, "stos-werkgroep", "2", **{"o-visie-op-armoede": "<script>x</script>"}) == 303
    assert invullen(web, wendy, "stos-werkgroep") == 410
    assert "Eén antwoord volstaat" in web.get(wim).text
    assert invullen(web, leerkrachten, "stos-leerkrachten", "5") == 303
    velden = {f"i-{i.code}": "3" for i in LIJSTEN["stos-ouders"].items} | {"formulier": k}
    assert web.post(ouders, data=velden).status_code == 303
    with databank.transactie() as sessie:
        assert sessie.scalars(select(ConceptRij)).all() == []  # het concept is weg na versturen

    # De herinnering 14 dagen vóór de deadline: alleen de directie (leerkrachten 1 van 2, leerlingen
    # 0 van 1); de werkgroep is klaar.
    with databank.transactie() as sessie:
        eerste = min(sessie.scalars(select(TimerRij.vervalt_op).where(TimerRij.soort == "ronde-herinnering")))
    klok.nu = eerste
    assert timers.alle_timers(engine, klok.nu).uitgevoerd["ronde-herinnering"] == 1
    post = ontvangen(smtp_server, engine, klok)
    assert set(post) == {DIRECTIE}
    (herinnering_dirk,) = post[DIRECTIE]
    tekst = herinnering_dirk.get_body(("plain",)).get_content()
    assert "(nu: 1 van 2)" in tekst and "(nu: 0 van 1)" in tekst and "persoonlijke link" not in tekst
    assert len(links(herinnering_dirk, "v")) == 3 and links(herinnering_dirk, "v")[1] != ouders  # nieuwe groepslinks

    # Verlengen: alleen naar later; de oude timers vervallen, nieuwe komen in de plaats.
    with pytest.raises(OngeldigeInvoer, match="latere dag"):
        commando.ronde_verlengen(t, date(2026, 1, 5))
    assert "loopt nu tot" in commando.ronde_verlengen(t, date(2027, 1, 8)).melding

    # De laatste leerkracht en een leerling: iedereen klaar, de engine sluit de ronde bij de volgende pas.
    assert invullen(web, leerkrachten, "stos-leerkrachten", "2") == 303
    assert invullen(web, leerlingen, "stos-leerlingen", "?") == 303
    verslag = timers.alle_timers(engine, klok.nu)
    assert verslag.uitgevoerd["ronde-sluiten"] == 1
    assert web.get(ouders).status_code == 410 and web.get(schoolpagina).status_code == 410
    with pytest.raises(Geweigerd, match="al gesloten"):
        commando.ronde_sluiten(t)

    # De rapporten: de directie met een grafiek per domein als HTML in de mail (geen afbeeldingen of
    # bijlagen), de coördinator het overzicht; de webpagina toont ze als PNG.
    post = ontvangen(smtp_server, engine, klok)
    assert set(post) == {DIRECTIE, "colette@krijt.test"}
    (rapport,) = post[DIRECTIE]
    assert rapport["Subject"] == "Schoolfoto De Klimop"
    html = rapport.get_body(("html",)).get_content()
    assert [d.get_content_type() for d in rapport.walk()] == ["multipart/alternative", "text/plain", "text/html"]
    assert html.count('<table role="img" aria-label="') == 6 and "<img" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html and "<script>x" not in html
    (overzichtmail,) = post["colette@krijt.test"]
    assert overzichtmail["Subject"].startswith("Overzicht van het partnerschap STOS De Klimop")
    (rapportlink,) = links(rapport, "r")
    pagina = web.get(rapportlink)
    assert pagina.status_code == 200 and "Schoolfoto De Klimop" in pagina.text and "Voorgestelde werkpunten" in pagina.text
    png = re.search(r'src="(/r/[^"]+\.png)"', pagina.text).group(1)
    assert web.get(png).content.startswith(b"\x89PNG")
    assert "De Klimop" in web.get(links(overzichtmail, "r")[0]).text
    assert web.get(rapportlink[:-3] + "xyz").status_code == 404

    # De geheimen staan alleen in de mailbox: in de databank hashes, en verzonden inhoud gewist.
    with databank.transactie() as sessie:
        hashes = {h for h in sessie.scalars(select(ToegangRij.hash))}
        assert all(len(h) == 64 for h in hashes) and rapportlink.split("/")[-1] not in str(hashes)
        assert all(b.inhoud == b"" for b in sessie.scalars(select(BerichtRij).where(BerichtRij.soort == "rapport")))
        soorten = [g for g in sessie.scalars(select(GebeurtenisRij.soort).where(GebeurtenisRij.soort.like("ronde%")))]
    assert soorten == ["ronde_geopend", "ronde_doelen_gezet", "ronde_verlengd", "ronde_gesloten"]
    geopend, doelen, verlengd, gesloten = [g["beschrijving"] for g in overzicht.traject(
        databank, commando.programmas, t, BRUSSEL)["geschiedenis"] if g["soort"].startswith("ronde")]
    assert geopend == "Vragenlijstronde van fase Schoolfoto geopend, tot 04-01-2027 18:00."
    assert doelen == "Verwachte aantallen antwoorden voor 'De Klimop': stos-leerkrachten 2, stos-leerlingen 1, stos-ouders 1."
    assert verlengd == "Vragenlijstronde verlengd van 04-01-2027 18:00 tot 08-01-2027 18:00."
    assert gesloten == "Vragenlijstronde gesloten: alle antwoorden zijn binnen."
    assert trajectoverzicht(engine, klok.nu)[0]["vragenlijstronde"] == "gesloten"
    assert commando.volgende_fase(t).melding.startswith(f"Traject {t} is nu in fase 'Werkgroepen")


def test_ronde_verlengen_en_sluiten_weigeren_zonder_open_ronde(commando, klok):
    t, s = stos_in_intake(commando, klok)
    with pytest.raises(Exception, match="geen vragenlijstronde"):
        commando.ronde_sluiten(t)
    commando.volgende_fase(t)
    with pytest.raises(OngeldigeInvoer, match="geen groep met een groepslink"):
        commando.ronde_doelen(t, s, {"stos-werkgroep": 3})
    with pytest.raises(OngeldigeInvoer, match="hoogstens 120 dagen"):
        commando.ronde_verlengen(t, (klok.nu + timedelta(days=200)).date())
    assert "gesloten" in commando.ronde_sluiten(t).melding
    with pytest.raises(Geweigerd, match="al gesloten"):
        commando.ronde_verlengen(t, (klok.nu + timedelta(days=60)).date())


def test_az_selfie_elke_school_haar_rapport_het_lokaal_bestuur_feedback_de_coordinator_het_overzicht(
    commando, klok, databank, engine
):
    t, bestuur, scholen = az_in_aanloop(commando)
    commando.contact_toevoegen(t, scholen[0], "Zorg De Vlinder", "zorg@devlinder.be", "zorgleerkracht")
    commando.volgende_fase(t, forceer=True, reden="Kennismaking viel samen met de infosessie")
    with databank.transactie() as sessie:
        uitnodigingen = {b.ontvanger for b in sessie.scalars(
            select(BerichtRij).where(BerichtRij.soort == "vragenlijst_uitnodiging"))}
    # Directie (en zorgleerkracht) van elke school, de trekker van het lokaal bestuur.
    assert uitnodigingen == {"tine@zelzate.be", "zorg@devlinder.be", *(f"directie@{n}.be" for n in
                             ("devlinder", "sint-jozef", "klavertjevier", "hetkompas"))}
    school, lb = LIJSTEN["az-school"], LIJSTEN["az-lokaal-bestuur"]
    for partner, lijst, score in ((scholen[0], school, "2"), (scholen[1], school, "5"), (bestuur, lb, "3")):
        rij = ",".join(score for _ in lijst.items)
        commando.csv_inlezen(t, partner, lijst, ",".join(i.code for i in lijst.items) + "\n" + rij)
    commando.ronde_sluiten(t)

    with databank.transactie() as sessie:
        berichten = {(b.soort, b.ontvanger): b for b in sessie.scalars(
            select(BerichtRij).where(BerichtRij.soort.in_(["rapport", "overzicht"])))}
    onderwerpen = {a: b.onderwerp for (s, a), b in berichten.items() if s == "rapport"}
    assert onderwerpen["tine@zelzate.be"] == "Selfie-feedback Gemeente Zelzate"
    assert onderwerpen["directie@devlinder.be"] == "Selfie-rapport De Vlinder"
    # Twee scholen en het lokaal bestuur antwoordden; de zorgleerkracht is geen contact. Wie niet
    # antwoordde, krijgt geen leeg rapport en geen rapportlink.
    assert set(onderwerpen) == {"directie@devlinder.be", "directie@sint-jozef.be", "tine@zelzate.be"}
    with databank.transactie() as sessie:
        met_link = set(sessie.scalars(select(ToegangRij.partner_id).where(ToegangRij.soort == "rapport")))
    assert met_link == {scholen[0], scholen[1], bestuur, None}  # None: het overzicht
    overzicht = email.message_from_bytes(berichten[("overzicht", "colette@krijt.test")].inhoud,
                                         policy=email.policy.default)
    tekst = overzicht.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert "\nDe Vlinder (School: 1 antwoord)\n" in tekst and "\nHet Kompas (geen antwoorden)\n" in tekst
    zonder = "elke partner met antwoorden kreeg zijn rapport. Geen antwoorden, dus geen rapport: Klavertje Vier, Het Kompas."
    assert zonder in " ".join(tekst.split()) and "elke partner kreeg" not in tekst
    assert "de voorbereidende opdracht van fase 2" in tekst
    html = overzicht.get_body(("html",)).get_content()
    assert html.count('<th scope="row">') >= 5 and "Gemeente Zelzate" in html
    assert zonder in " ".join(html.split()) and "School: 1 antwoord<" in html
    # De artefacten in het Prefect-dashboard: dezelfde drie rapporten en het overzicht.
    (ronde_id,) = {b.sleutel.split("/")[0].removeprefix("ronde-") for b in berichten.values()}
    artefacten = {s.sleutel for s in samenvattingen(engine, int(ronde_id), klok.nu)}
    assert artefacten == {f"rapport-traject-{t}-partner-{p}" for p in (scholen[0], scholen[1], bestuur)} | {
        f"overzicht-traject-{t}-ronde-{ronde_id}"}


def test_az_herinnering_alleen_aan_scholen_die_nog_niet_invulden(commando, klok, web, databank, engine):
    t, _bestuur, scholen = az_in_aanloop(commando)
    commando.contact_toevoegen(t, scholen[0], "Zorg De Vlinder", "zorg@devlinder.be", "zorgleerkracht")
    commando.volgende_fase(t, forceer=True, reden="Kennismaking viel samen met de infosessie")
    uitnodiging = {b.ontvanger: b for b in _outbox(databank, "vragenlijst_uitnodiging")}
    lijst = LIJSTEN["az-school"]
    for school in scholen[1:]:  # drie scholen leveren een CSV aan; De Vlinder en de gemeente nog niet
        commando.csv_inlezen(t, school, lijst, ",".join(i.code for i in lijst.items) + "\n" + ",".join("4" for _ in lijst.items))
    (sint_jozef,) = links(_bericht(uitnodiging["directie@sint-jozef.be"]), "v")
    assert "Eén antwoord volstaat" in web.get(sint_jozef).text  # de CSV telt als het antwoord van de school

    with databank.transactie() as sessie:
        klok.nu = min(sessie.scalars(select(TimerRij.vervalt_op).where(TimerRij.soort == "ronde-herinnering")))
    timers.alle_timers(engine, klok.nu)
    herinnering = {b.ontvanger: b for b in _outbox(databank, "vragenlijst_herinnering")}
    assert set(herinnering) == {"directie@devlinder.be", "zorg@devlinder.be", "tine@zelzate.be"}
    (nieuw,) = links(_bericht(herinnering["zorg@devlinder.be"]), "v")
    (eerste,) = links(_bericht(uitnodiging["directie@devlinder.be"]), "v")
    assert invullen(web, nieuw, "az-school", "3") == 303  # de zorgleerkracht, met de link uit de herinnering
    assert invullen(web, eerste, "az-school") == 410  # de directie hoeft niet meer
    stand = {g.partner: g.klaar for g in _stand(commando, t)}
    assert stand == {"Gemeente Zelzate": False, "De Vlinder": True, "Sint-Jozef": True, "Klavertje Vier": True,
                     "Het Kompas": True}


def _outbox(databank, soort: str) -> list[BerichtRij]:
    with databank.transactie() as sessie:
        return list(sessie.scalars(select(BerichtRij).where(BerichtRij.soort == soort)))


def _bericht(rij: BerichtRij):
    return email.message_from_bytes(rij.inhoud, policy=email.policy.default)


def _stand(commando, t: int):
    with commando.databank.transactie() as sessie:
        traject = naar_domein(sessie.get(TrajectRij, t))
        return rondewerk.stand(sessie, traject, commando.programma(traject.programma), regels.huidige(traject), LIJSTEN)


def test_na_een_stilstand_geen_persoonlijke_link_meer_voor_een_ingevulde_vragenlijst(
    commando, klok, web, engine, smtp_server, databank
):
    """De ronde opent; vóór de engine verstuurt, vult de werkgroep in met een link uit de CLI. Dagen
    later vertrekt de uitnodiging met persoonlijke links niet meer (ze zou 'Al ingevuld' openen); de
    groepslinks voor de directie wel, want de groepen kunnen nog antwoorden."""
    t, s = stos_in_intake(commando, klok)
    commando.volgende_fase(t)
    with databank.transactie() as sessie:
        wendy = sessie.scalar(select(ContactRij.id).where(ContactRij.email == WERKGROEP_1))
    geheim = commando.link_maken(t, s, LIJSTEN["stos-werkgroep"], wendy, 14)
    assert invullen(web, f"/v/{geheim}", "stos-werkgroep") == 303
    klok.nu += timedelta(days=3)

    post = ontvangen(smtp_server, engine, klok)
    vragenlijst = {a: [b for b in v if "Vragenlijst voor De Klimop" in b["Subject"]] for a, v in post.items()}
    assert {a for a, v in vragenlijst.items() if v} == {DIRECTIE}  # de fase-aankondiging gaat naar iedereen
    assert links(vragenlijst[DIRECTIE][0], "s")
    uitnodigingen = {b.ontvanger: (b.status, b.vervalreden) for b in _outbox(databank, "vragenlijst_uitnodiging")}
    vervallen = ("vervallen", "de vragenlijst werd intussen ingevuld")
    assert uitnodigingen == {DIRECTIE: ("verzonden", None), WERKGROEP_1: vervallen, WERKGROEP_2: vervallen}
