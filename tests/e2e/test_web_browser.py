"""Het webformulier in een echte headless Chromium (Debians /usr/bin/chromium, gestuurd door
Playwright): `kansrijk web` als proces, de link uit `kansrijk vragenlijst link`, op telefoonformaat."""

from tests.e2e.conftest import ZONDER_CHROMIUM
from tests.e2e.test_cli import ok

pytestmark = ZONDER_CHROMIUM


def test_ouder_vult_de_vragenlijst_in_op_een_telefoon(tmp_path, webserver, browser):
    ok(tmp_path, "traject", "nieuw", "--programma", "stos", "--naam", "De Regenboog")
    ok(tmp_path, "partner", "toevoegen", "1", "--soort", "school", "--naam", "De Regenboog")
    link = ok(tmp_path, "vragenlijst", "link", "1", "1", "--vragenlijst", "stos-ouders",
              KANSRIJK_BASIS_URL=f"http://127.0.0.1:{webserver}")
    pagina = browser.new_page(viewport={"width": 390, "height": 844})
    pagina.goto(link)
    assert pagina.get_by_role("heading", level=1).inner_text() == "Vragenlijst voor ouders"
    vragen = pagina.locator("fieldset")
    aantal = vragen.count()
    assert aantal >= 24

    # Eén vraag overgeslagen: een duidelijke melding, en wat al ingevuld was blijft staan.
    for i in range(1, aantal):
        vragen.nth(i).get_by_label("4 – akkoord").check()
    pagina.get_by_label(pagina.locator("label[for=o-communicatie] strong").inner_text()).fill("<b>Duidelijker brieven</b>")
    pagina.get_by_role("button", name="Verstuur mijn antwoorden").click()
    melding = pagina.get_by_role("alert")
    assert "Nog niet alles is ingevuld" in melding.inner_text()
    assert vragen.nth(1).get_by_label("4 – akkoord").is_checked()
    assert pagina.locator("#o-communicatie").input_value() == "<b>Duidelijker brieven</b>"

    melding.get_by_role("link").first.click()  # de link in de melding brengt je naar de vraag
    vragen.nth(0).get_by_label("weet niet").check()
    pagina.get_by_role("button", name="Verstuur mijn antwoorden").click()
    assert pagina.get_by_role("heading", level=1).inner_text() == "Bedankt!"

    samenvatting = ok(tmp_path, "rapport", "1", "1")
    assert "Antwoorden: Ouders 1" in samenvatting  # één ouder: onder de drempel, dus niet apart

    pagina.goto(link.rsplit("/", 1)[0] + "/geraden")
    assert pagina.get_by_role("heading", level=1).inner_text() == "Deze link kennen we niet"


def test_verstuurd_terug_met_de_knop_vorige_en_nog_eens_verstuurd_is_een_antwoord(tmp_path, webserver, browser):
    ok(tmp_path, "traject", "nieuw", "--programma", "stos", "--naam", "De Regenboog")
    ok(tmp_path, "partner", "toevoegen", "1", "--soort", "school", "--naam", "De Regenboog")
    link = ok(tmp_path, "vragenlijst", "link", "1", "1", "--vragenlijst", "stos-ouders",
              KANSRIJK_BASIS_URL=f"http://127.0.0.1:{webserver}")
    pagina = browser.new_page()
    pagina.goto(link)
    kopie = browser.new_page()  # hetzelfde formulier dat nog openstaat (zoals een pagina uit de cache van 'Vorige')
    kopie.goto(pagina.url)

    def verstuur(p) -> str:
        vragen = p.locator("fieldset")
        for i in range(vragen.count()):
            vragen.nth(i).get_by_label("4 – akkoord").check()
        p.get_by_role("button", name="Verstuur mijn antwoorden").click()
        return p.get_by_role("heading", level=1).inner_text()

    assert verstuur(pagina) == "Bedankt!"
    pagina.go_back()  # de browser haalt het formulier opnieuw op (no-store), met hetzelfde kenmerk in de URL
    assert pagina.get_by_role("heading", level=1).inner_text() == "Al verstuurd"
    assert verstuur(kopie) == "Al verstuurd"
    pagina.get_by_role("link", name="Nog iemand vult in").click()  # een volgende ouder aan hetzelfde toestel
    assert pagina.get_by_role("heading", level=1).inner_text() == "Vragenlijst voor ouders"
    assert "Antwoorden: Ouders 1" in ok(tmp_path, "rapport", "1", "1")
