"""Het rapport en het overzicht van een A-Z-ronde in headless Chromium, zoals een lezer ze ziet: het
overzicht past op een scherm van 1280 px zonder zijwaarts te schuiven, het rapport op een telefoon
van 390 px, en de grafieken worden daar hoogstens een tiende kleiner getekend (leesbare letters)."""

from datetime import UTC, datetime

from config.vragenlijst import laad_vragenlijsten
from diensten.commandos import Diensten
from tests.e2e.conftest import ZONDER_CHROMIUM
from tests.e2e.test_ronde_browser import onderdelen  # noqa: F401  (dezelfde engine, postvak en webserver)
from tests.integratie.conftest import Klok
from tests.integratie.test_commando import az_in_aanloop
from tests.integratie.test_rapporten import csv
from tests.integratie.test_ronde import links, ontvangen

pytestmark = ZONDER_CHROMIUM
_, LIJSTEN = laad_vragenlijsten()
BREEDTE = "document.documentElement.scrollWidth"


def test_overzicht_en_rapport_passen_op_het_scherm(onderdelen, smtp_server, browser):  # noqa: F811
    klok = Klok(datetime.now(UTC).replace(microsecond=0))
    c = Diensten(onderdelen.databank, onderdelen.programmas, post=onderdelen.post, door="colette", klok=klok)
    t, bestuur, scholen = az_in_aanloop(c)
    c.volgende_fase(t, forceer=True, reden="Kennismaking viel samen met de infosessie")
    for n, partner in enumerate(scholen):
        c.csv_inlezen(t, partner, LIJSTEN["az-school"], csv(LIJSTEN["az-school"], n))
    c.csv_inlezen(t, bestuur, LIJSTEN["az-lokaal-bestuur"], csv(LIJSTEN["az-lokaal-bestuur"], 4))
    c.ronde_sluiten(t)
    post = ontvangen(smtp_server, onderdelen, klok)
    overzicht = next(b for b in post["colette@krijt.be"] if b["Subject"].startswith("Overzicht"))

    scherm = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    scherm.goto(links(overzicht, "r")[0])
    assert scherm.get_by_role("heading", level=1).inner_text().startswith("Overzicht van het partnerschap")
    assert scherm.evaluate(BREEDTE) <= 1280
    tabel = scherm.locator(".tabel").first
    assert tabel.evaluate("e => e.scrollWidth <= e.clientWidth")  # ook de tabel per partner schuift niet
    assert "De Vlinder" in tabel.inner_text() and "Zwakste clusters" in tabel.inner_text()

    telefoon = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    rapport = next(b for b in post["directie@devlinder.be"] if b["Subject"] == "Selfie-rapport De Vlinder")
    telefoon.goto(links(rapport, "r")[0])
    assert telefoon.get_by_role("heading", level=1).inner_text() == "Selfie-rapport De Vlinder"
    assert telefoon.evaluate(BREEDTE) <= 390
    assert telefoon.locator(".tabel").evaluate_all("ts => ts.every(e => e.scrollWidth <= e.clientWidth)")
    grafieken = telefoon.get_by_role("img")
    assert grafieken.count() == 6
    schaal = grafieken.evaluate_all("bs => bs.map(b => b.complete && b.clientWidth / b.naturalWidth)")
    assert all(s >= 0.85 for s in schaal), schaal
    # Een kolomkop staat boven zijn cijfers: beide rechts uitgelijnd.
    kop, cijfer = telefoon.locator("th.getal").first, telefoon.locator("td.getal").first
    rechts = "e => e.getBoundingClientRect().right"
    assert abs(kop.evaluate(rechts) - cijfer.evaluate(rechts)) < 1
