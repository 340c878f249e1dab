"""Een hele vragenlijstronde met echte onderdelen: `kansrijk web` als proces, een echte SMTP-server,
de links uit de ontvangen mails, formulieren ingevuld in een headless Chromium (op telefoonformaat),
een herinnering alleen aan wie nog iets te doen heeft, de ronde gesloten en het rapport ontvangen en
geopend in de browser. De engine draait hier in het testproces (zonder Prefect), op de klok van de test."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from config.instellingen import Instellingen
from config.programma import laad_programmas
from diensten.commandos import Diensten
from notificaties.post import Post
from opslag.databank import open_databank
from opslag.tabellen import TimerRij
from opstart import Onderdelen
from tests.e2e.conftest import ZONDER_CHROMIUM
from tests.integratie.conftest import Klok
from tests.integratie.test_ronde import DIRECTIE, links, ontvangen, stos_in_intake
from tests.integratie.test_ronde import WERKGROEP_1 as WENDY
from tests.integratie.test_ronde import WERKGROEP_2 as WIM
from workflows import timers

pytestmark = ZONDER_CHROMIUM
AKKOORD = "4 – akkoord"


@pytest.fixture
def onderdelen(tmp_path, webserver, smtp_server):
    instellingen = Instellingen(data_dir=tmp_path, smtp_host="127.0.0.1", smtp_port=smtp_server.poort,
                                basis_url=f"http://127.0.0.1:{webserver}", mail_afzender="vzw Krijt <kansrijk@krijt.be>",
                                coordinator="Colette Victor <colette@krijt.be>")
    databank = open_databank(instellingen.databank_url)
    yield Onderdelen(instellingen, databank=databank, programmas=laad_programmas(), post=Post.uit(instellingen))
    databank.engine.dispose()


def vul_alles_in(pagina, label: str = AKKOORD) -> None:
    vragen = pagina.locator("fieldset")
    for i in range(vragen.count()):
        vragen.nth(i).get_by_label(label).check()


def verstuur(pagina) -> str:
    pagina.get_by_role("button", name="Verstuur mijn antwoorden").click()
    return pagina.get_by_role("heading", level=1).inner_text()


def test_een_hele_ronde_in_de_browser(onderdelen, smtp_server, browser):
    klok = Klok(datetime.now(UTC).replace(microsecond=0))
    c = Diensten(onderdelen.databank, onderdelen.programmas, post=onderdelen.post, door="colette", klok=klok)
    t, _ = stos_in_intake(c, klok)
    c.volgende_fase(t)  # de schoolfoto: de ronde gaat open

    post = ontvangen(smtp_server, onderdelen, klok)
    uitnodiging = {a: next(b for b in post[a] if b["Subject"].strip().startswith("Vragenlijst voor De Klimop")) for a in post}
    (wendy,), (wim,) = links(uitnodiging[WENDY], "v"), links(uitnodiging[WIM], "v")
    leerkrachten, ouders, leerlingen = links(uitnodiging[DIRECTIE], "v")
    (schoolpagina,) = links(uitnodiging[DIRECTIE], "s")

    telefoon = browser.new_context(viewport={"width": 390, "height": 844})
    pagina = telefoon.new_page()

    # Wendy vult de werkgroeplijst in met haar persoonlijke link.
    pagina.goto(wendy)
    vul_alles_in(pagina)
    assert verstuur(pagina) == "Bedankt!"

    # De directie zet de doelen op de schoolpagina.
    pagina.goto(schoolpagina)
    for groep in ("Leerkrachten", "Ouders", "Leerlingen"):  # zo leest een schermlezer het label
        pagina.get_by_label(f"Verwacht aantal voor {groep}").fill("1")
    pagina.get_by_role("button", name="Bewaar de doelen").click()
    assert "De doelen zijn bewaard" in pagina.get_by_role("status").inner_text()

    # Een ouder bewaart halverwege, komt terug met de verder-link en verstuurt.
    pagina.goto(ouders)
    pagina.locator("fieldset").first.get_by_label("2 – niet akkoord").check()
    pagina.get_by_role("button", name="Bewaar en vul later verder in").click()
    assert pagina.get_by_role("heading", level=1).inner_text() == "Je antwoorden zijn bewaard"
    pagina.get_by_role("link", name="Verder invullen").click()
    assert pagina.locator("fieldset").first.get_by_label("2 – niet akkoord").is_checked()
    vul_alles_in(pagina)
    assert verstuur(pagina) == "Bedankt!"

    # Wim hoeft niet meer: de werkgroep vult samen één keer in.
    pagina.goto(wim)
    assert pagina.get_by_role("heading", level=1).inner_text() == "Al ingevuld"

    # De eerste herinnering: alleen de directie (leerkrachten en leerlingen 0 van 1), met nieuwe groepslinks.
    with onderdelen.databank.transactie() as sessie:
        klok.nu = min(sessie.scalars(select(TimerRij.vervalt_op).where(TimerRij.soort == "ronde-herinnering")))
    assert timers.alle_timers(onderdelen, klok.nu).uitgevoerd["ronde-herinnering"] == 1
    post = ontvangen(smtp_server, onderdelen, klok)
    assert set(post) == {DIRECTIE}
    assert "(nu: 0 van 1)" in post[DIRECTIE][0].get_body(("plain",)).get_content()
    leerkrachten, _, leerlingen = links(post[DIRECTIE][0], "v")

    # Een leerkracht en een leerling met de groepslinks uit de herinnering.
    for link, label in ((leerkrachten, "5 – helemaal akkoord"), (leerlingen, "weet niet")):
        pagina.goto(link)
        vul_alles_in(pagina, label)
        assert verstuur(pagina) == "Bedankt!"

    # Iedereen klaar: de engine sluit de ronde; de directie krijgt het rapport, de coördinator het overzicht.
    assert timers.alle_timers(onderdelen, klok.nu).uitgevoerd["ronde-sluiten"] == 1
    post = ontvangen(smtp_server, onderdelen, klok)
    assert set(post) == {DIRECTIE, "colette@krijt.be"}
    (rapport,) = post[DIRECTIE]
    assert rapport["Subject"] == "Schoolfoto De Klimop"
    assert not [d for d in rapport.walk() if d.get_content_maintype() == "image"]  # de grafieken zijn HTML
    assert rapport.get_body(("html",)).get_content().count('<table role="img"') == 6

    pagina.goto(links(rapport, "r")[0])
    assert pagina.get_by_role("heading", level=1).inner_text() == "Schoolfoto De Klimop"
    grafieken = pagina.get_by_role("img")
    assert grafieken.count() == 6
    assert all(grafieken.nth(i).evaluate("b => b.complete && b.naturalWidth > 0") for i in range(6))
    pagina.goto(ouders)
    assert pagina.get_by_role("heading", level=1).inner_text() == "Deze link is afgesloten"
