"""De weergave van een rapport: grafiek (PNG), HTML (geëscaped, met alt-tekst, de anonimiteit
uitgelegd en omgekeerde stellingen leesbaar), het overzicht per partner en markdown voor Prefect."""

import io
import re
from html.parser import HTMLParser

from PIL import Image

from config.vragenlijst import laad_vragenlijsten
from domein.scoring import Antwoordset, bereken
from notificaties import rapport

DOMEINEN, LIJSTEN = laad_vragenlijsten()
AANVAL = "<script>alert('x')</script>"


def antwoorden(code: str, n: int, score: int, open_: str = "") -> list[Antwoordset]:
    items = LIJSTEN[code].items
    return [Antwoordset(code, {i.code: score for i in items}, {"communicatie": open_}) for _ in range(n)]


RAPPORT = bereken(
    DOMEINEN, LIJSTEN,
    antwoorden("stos-ouders", 6, 2, AANVAL) + antwoorden("stos-leerkrachten", 5, 4) + antwoorden("stos-leerlingen", 3, 5)
    + antwoorden("stos-werkgroep", 1, 3),
)


def verwacht(code: str, score: int) -> list[int]:
    """De waarden van één respondent in communicatie: omgekeerde items tellen als 6 - score."""
    (dv,) = [d for d in LIJSTEN[code].domeinen if d.domein == "communicatie"]
    return [6 - score if i.omgekeerd else score for i in dv.items]


def komma(waarden: list[int]) -> str:
    return f"{sum(waarden) / len(waarden):.2f}".replace(".", ",")


OUDERS, LEERKRACHTEN = verwacht("stos-ouders", 2), verwacht("stos-leerkrachten", 4)
WERKGROEP, LEERLINGEN = verwacht("stos-werkgroep", 3), verwacht("stos-leerlingen", 5)
SAMEN = OUDERS * 6 + LEERKRACHTEN * 5 + WERKGROEP  # de 3 leerlingen alleen zouden uit het verschil blijken


class Lezer(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.scripts = [], 0

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self.scripts += tag == "script"


def test_grafiek_is_een_png_met_een_rij_per_groep():
    communicatie = next(d for d in RAPPORT.domeinen if d.code == "communicatie")
    beeld = Image.open(io.BytesIO(rapport.grafiek(communicatie)))
    assert beeld.format == "PNG" and beeld.width == rapport.BREEDTE
    assert beeld.height == rapport.BOVEN + rapport.RIJ * 4 + rapport.ONDER  # leerkrachten, ouders, werkgroep, samen
    assert rapport.grafiek_tekst(communicatie) == (
        f"Communicatie, gemiddelde op 5: Leerkrachten {komma(LEERKRACHTEN)}, Ouders {komma(OUDERS)}, "
        f"Werkgroep {komma(WERKGROEP)}, Samen {komma(SAMEN)}.")


def test_html_escapet_open_antwoorden_en_legt_de_drempel_uit():
    pagina = rapport.html(RAPPORT, "Schoolfoto De Vlinder", lambda code: f"cid:{code}")
    lezer = Lezer()
    lezer.feed(pagina)
    assert lezer.scripts == 0 and "&lt;script&gt;" in pagina
    beelden = [a for t, a in lezer.tags if t == "img"]
    assert [b["src"] for b in beelden] == [f"cid:{d.code}" for d in RAPPORT.domeinen]
    assert all(b["alt"].startswith(d.naam) for b, d in zip(beelden, RAPPORT.domeinen))
    assert "minder dan 5 antwoorden niet apart in dit\nrapport: Leerlingen" in pagina
    assert f'width="{rapport.BREEDTE}"' in pagina
    assert "Voorgestelde werkpunten" in pagina and RAPPORT.werkpunten[0].advies in pagina


def test_markdown_zonder_antwoorden_zegt_dat_er_geen_zijn():
    leeg = bereken(DOMEINEN, LIJSTEN, [])
    assert rapport.markdown(leeg, "Selfie-rapport Het Kompas") == (
        "# Selfie-rapport Het Kompas\n\nAntwoorden: geen. Er is (nog) niets om te rapporteren.")


def test_markdown_voor_prefect():
    tekst = rapport.markdown(RAPPORT, "Schoolfoto De Vlinder")
    assert "| domein | Leerkrachten | Ouders | Werkgroep | Samen |" in tekst
    assert (f"| Communicatie | {komma(LEERKRACHTEN)} | {komma(OUDERS)} | {komma(WERKGROEP)} | {komma(SAMEN)} |"
            in tekst)
    assert "Leerlingen 3" in tekst and "## Werkpunten" in tekst


def test_omgekeerde_stelling_met_het_antwoord_dat_een_lezer_verwacht():
    # De school is het helemaal eens met vi4 ('Het gebeurt dat een leerling moet uitleggen ...'):
    # antwoord 5, score 1. De rest is neutraal, zodat vi4 het enige punt om aan te werken is.
    lijst = LIJSTEN["az-school"]
    scores = {i.code: 5 if i.code == "vi4" else 3 for i in lijst.items}
    r = bereken(DOMEINEN, LIJSTEN, [Antwoordset("az-school", scores)])
    pagina = rapport.html(r, "Selfie-rapport De Vlinder", lambda code: code)
    om_aan_te_werken = pagina.split("<h3>Om aan te werken</h3>")[1].split("</ul>")[0]
    vi4 = next(i for i in lijst.items if i.code == "vi4")
    assert vi4.tekst in om_aan_te_werken
    assert ("(School: gemiddeld antwoord 5,00 op deze negatief geformuleerde stelling, omgekeerd gescoord als 1,00)"
            in om_aan_te_werken)
    assert "Geen stelling scoort boven de 3." in pagina


def test_overzicht_per_partner_met_gemiddelden_en_zwakste_clusters():
    lijst = LIJSTEN["az-school"]
    vlinder = bereken(DOMEINEN, LIJSTEN, [Antwoordset("az-school", {i.code: 2 for i in lijst.items})])
    (rij,) = rapport.partnerrijen([("De Vlinder", vlinder)])
    assert len(rij["gemiddelden"]) == 6 and all(g is not None for g in rij["gemiddelden"].values())
    assert len(rij["werkpunten"]) == 3
    pagina = rapport.OMGEVING.get_template("overzicht.html.j2").render(
        rapport=vlinder, titel="Overzicht", afbeelding=str, vervolg="x", SAMEN="samen", url=None,
        traject={"naam": "Zelzate", "programma": "A-Z"}, per_partner=[rij])
    tabel = pagina.split("<caption")[1].split("</table>")[0]
    assert "–" not in tabel and tabel.count('<td class="getal">') == 6
    assert f"{rij['werkpunten'][0].naam} <span class=\"klein\">(" in tabel
    assert '<main class="breed">' in pagina


def test_grafiek_in_de_mail_is_html_met_alleen_de_getoonde_groepen():
    pagina = rapport.html(RAPPORT, "Schoolfoto De Vlinder", None)
    lezer = Lezer()
    lezer.feed(pagina)
    assert not [t for t, _ in lezer.tags if t == "img"]  # niets om te laden of te blokkeren
    grafieken = [a for t, a in lezer.tags if t == "table" and a.get("role") == "img"]
    assert [g["aria-label"] for g in grafieken] == [rapport.grafiek_tekst(d) for d in RAPPORT.domeinen]
    communicatie = pagina.split('aria-label="Communicatie')[1].split("</table>\n")[0]
    # De leerlingen (3, onder de drempel) staan er niet, ook niet als staaf.
    rijen = re.findall(r'<tr><td width="34%"[^>]*>([^<]*)</td>', communicatie)
    assert rijen == ["Leerkrachten", "Ouders", "Werkgroep", "Samen"]
    d = next(d for d in RAPPORT.domeinen if d.code == "communicatie")
    for rij, (groep, score) in enumerate(d.groepen.items()):
        staaf = rapport.staaf(score.gemiddelde)
        assert (f'<table width="{staaf}%" cellpadding="0" cellspacing="0" border="0" style="width:{staaf}%;'
                in communicatie)
        assert f'bgcolor="{rapport.kleur(groep, rij)}"' in communicatie
    assert "Leerlingen" not in communicatie.replace(rapport.grafiek_tekst(d), "")


def test_staaf_van_1_tot_5():
    assert [rapport.staaf(g) for g in (1.0, 1.01, 3.0, 4.5, 5.0)] == [1, 1, 50, 88, 100]
