"""De weergave van een rapport: grafiek (PNG), HTML (geëscaped, met alt-tekst en de anonimiteit
uitgelegd) en markdown voor Prefect."""

import io
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
SAMEN = OUDERS * 6 + LEERKRACHTEN * 5 + LEERLINGEN * 3 + WERKGROEP


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
    assert beeld.height == rapport.BOVEN + rapport.RIJ * 4 + 28  # leerkrachten, ouders, werkgroep, samen
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
    assert "Voorgestelde werkpunten" in pagina and RAPPORT.werkpunten[0].advies in pagina


def test_markdown_voor_prefect():
    tekst = rapport.markdown(RAPPORT, "Schoolfoto De Vlinder")
    assert "| domein | Leerkrachten | Ouders | Werkgroep | Samen |" in tekst
    assert (f"| Communicatie | {komma(LEERKRACHTEN)} | {komma(OUDERS)} | {komma(WERKGROEP)} | {komma(SAMEN)} |"
            in tekst)
    assert "Leerlingen 3" in tekst and "## Werkpunten" in tekst
