"""Het rapport van een vragenlijstronde weergeven: HTML voor de e-mail en de webpagina, een grafiek
per domein, en markdown voor het Prefect-artefact.

De grafiek in de e-mail is HTML: een tabel met een gekleurde cel per groep, zo breed als het
gemiddelde op de schaal 1-5. Outlook, Gmail en Apple Mail tonen dat zonder afbeeldingen, dus hangt
er geen PNG aan de mail (een PNG tekenen kostte 79 % van de tijd van een rapport). De webpagina
toont dezelfde grafiek als PNG (Pillow), pas getekend wanneer iemand de pagina opent."""

import io
from collections.abc import Callable, Mapping, Sequence
from functools import cache, lru_cache

from config.programma import VERVOLG, Programma
from domein.geschiedenis import aantal_antwoorden
from domein.model import Traject
from domein.scoring import SAMEN, Domeinrapport, Rapport
from notificaties.sjabloon import OMGEVING

# Smal en met grote letters: op een telefoon van 390 px breed wordt de grafiek hoogstens een tiende
# kleiner getekend, zodat ook de kleinste tekst (de schaal, 15 px) leesbaar blijft.
BREEDTE, RIJ, BOVEN, LINKS, RECHTS, ONDER = 400, 40, 48, 136, 44, 32
KLEUREN = ("#1d5c87", "#c4622d", "#4a8c3f", "#8a4f9e", "#b8860b", "#555555")
KLEUR_SAMEN = "#222222"


def groepsnaam(groep: str) -> str:
    return "Samen" if groep == SAMEN else groep.replace("-", " ").capitalize()


def per_groep(antwoorden: Mapping[str, int]) -> str:
    """'School: 2 antwoorden; Ouders: 1 antwoord' ('School 2' las als een schoolnummer); leeg zonder."""
    return "; ".join(f"{groepsnaam(g)}: {aantal_antwoorden(n)}" for g, n in antwoorden.items())


def getal(waarde: float | None) -> str:
    """3,25 (Nederlandse komma); '–' als er geen score is."""
    return "–" if waarde is None else f"{waarde:.2f}".replace(".", ",")


def kleur(groep: str, rij: int) -> str:
    """De kleur van de staaf van een groep (rij: haar plaats in de grafiek), in de PNG en in de mail."""
    return KLEUR_SAMEN if groep == SAMEN else KLEUREN[rij % len(KLEUREN)]


def staaf(gemiddelde: float) -> int:
    """De lengte van de staaf in procent van de schaal 1-5; minstens 1, zodat een cel met een
    breedte van 0 % niet verdwijnt of (in Outlook) de volle breedte krijgt."""
    return max(1, round((gemiddelde - 1) / 4 * 100))


@cache
def _letter(grootte: int):  # -> PIL.ImageFont.FreeTypeFont; Pillow laden we pas als er getekend wordt
    from PIL import ImageFont

    return ImageFont.load_default(size=grootte)  # ingebouwd in Pillow: geen systeemlettertypes nodig


def grafiek(domein: Domeinrapport) -> bytes:
    """Een liggende staaf per groep (en samen) met het gemiddelde op de schaal 1-5."""
    return _grafiek(domein.naam, tuple((g, s.gemiddelde) for g, s in domein.groepen.items()))


@lru_cache(maxsize=256)
def _grafiek(naam: str, groepen: tuple[tuple[str, float | None], ...]) -> bytes:
    # De grafiek hangt alleen af van de naam en de gemiddelden: dezelfde grafiek in het rapport en
    # het overzicht (één school) wordt één keer getekend.
    from PIL import Image, ImageDraw  # alleen de webpagina tekent PNG's

    hoogte = BOVEN + RIJ * max(len(groepen), 1) + ONDER
    beeld = Image.new("RGB", (BREEDTE, hoogte), "white")
    teken = ImageDraw.Draw(beeld)
    teken.text((8, 12), naam, fill="#222222", font=_letter(20))

    def x(score: float) -> float:
        return LINKS + (score - 1) / 4 * (BREEDTE - LINKS - RECHTS)

    onder = BOVEN + RIJ * max(len(groepen), 1)
    for schaal in range(1, 6):
        teken.line([(x(schaal), BOVEN - 4), (x(schaal), onder)], fill="#dddddd")
        teken.text((x(schaal) - 4, onder + 6), str(schaal), fill="#555555", font=_letter(15))
    for rij, (groep, gemiddelde) in enumerate(groepen):
        y = BOVEN + rij * RIJ
        teken.text((8, y + 9), groepsnaam(groep), fill="#222222", font=_letter(17))
        if gemiddelde is None:
            teken.text((LINKS + 4, y + 10), "geen scores", fill="#555555", font=_letter(15))
            continue
        teken.rectangle([(x(1), y + 6), (x(gemiddelde), y + RIJ - 8)], fill=kleur(groep, rij))
        teken.text((x(gemiddelde) + 5, y + 10), getal(gemiddelde), fill="#222222", font=_letter(16))
    if not groepen:
        teken.text((8, BOVEN + 10), "Te weinig antwoorden om te tonen", fill="#555555", font=_letter(17))
    uit = io.BytesIO()
    beeld.save(uit, format="PNG")
    return uit.getvalue()


def grafiek_tekst(domein: Domeinrapport) -> str:
    """Wat de grafiek toont, voor schermlezers (alt-tekst) en de platte tekst."""
    if not domein.groepen:
        return f"{domein.naam}: te weinig antwoorden om te tonen."
    delen = [f"{groepsnaam(g)} {getal(s.gemiddelde)}" for g, s in domein.groepen.items()]
    return f"{domein.naam}, gemiddelde op 5: " + ", ".join(delen) + "."


# De filters van het rapportsjabloon; de mailsjablonen gebruiken ze niet.
OMGEVING.filters.update(getal=getal, groepsnaam=groepsnaam, per_groep=per_groep, grafiek_tekst=grafiek_tekst, staaf=staaf)
OMGEVING.globals.update(GRAFIEK_BREEDTE=BREEDTE, kleur=kleur)


def html(rapport: Rapport, titel: str, afbeelding: Callable[[str], str] | None, *, vervolg: str = VERVOLG) -> str:
    """De HTML-pagina van het rapport; `afbeelding(domeincode)` geeft het adres van de PNG-grafiek
    op de webserver; zonder (None, in een e-mail) is de grafiek HTML."""
    return OMGEVING.get_template("_rapport.html.j2").render(
        rapport=rapport, titel=titel, afbeelding=afbeelding, vervolg=vervolg, SAMEN=SAMEN
    )


def partnerrijen(per_partner: Sequence[tuple[str, Rapport]]) -> list[dict]:
    """Per partner de antwoorden, het gemiddelde per domein (alle groepen samen) en de drie zwakste
    clusters: de tabel bovenaan het overzicht van het partnerschap. Een domein dat de vragenlijst van
    de partner niet kent (het lokaal bestuur heeft geen schoolrekening) ontbreekt; een domein zonder
    score (alleen 'weet niet') heeft None."""
    return [
        {"naam": naam, "antwoorden": r.antwoorden, "werkpunten": r.werkpunten[:3],
         "gemiddelden": {d.code: d.groepen[SAMEN].gemiddelde if SAMEN in d.groepen else None for d in r.domeinen}}
        for naam, r in per_partner
    ]


def overzicht_html(rapport: Rapport, titel: str, afbeelding: Callable[[str], str] | None, *, vervolg: str,
                   traject: Traject, programma: Programma, per_partner: Sequence[tuple[str, Rapport]]) -> str:
    """De webpagina van het overzicht van het partnerschap (dezelfde inhoud als de e-mail)."""
    return OMGEVING.get_template("overzicht.html.j2").render(
        rapport=rapport, titel=titel, afbeelding=afbeelding, vervolg=vervolg, SAMEN=SAMEN, url=None,
        traject={"naam": traject.naam, "programma": programma.naam}, per_partner=partnerrijen(per_partner),
    )


def markdown(rapport: Rapport, titel: str) -> str:
    """De samenvatting voor het Prefect-artefact en `kansrijk rapport`: gemiddelden per domein en
    groep, en de werkpunten. Zonder antwoorden alleen dat: een tabel vol '–' en 'geen werkpunten'
    zou een rapport lijken."""
    if not rapport.antwoorden:
        return f"# {titel}\n\nAntwoorden: geen. Er is (nog) niets om te rapporteren."
    groepen = [g for g in rapport.antwoorden if g not in rapport.verborgen] + [SAMEN]
    regels = [f"# {titel}", "", "Antwoorden: " + ", ".join(f"{groepsnaam(g)} {n}" for g, n in rapport.antwoorden.items()), ""]
    regels += ["| domein | " + " | ".join(groepsnaam(g) for g in groepen) + " |",
               "|---" * (len(groepen) + 1) + "|"]
    for d in rapport.domeinen:
        regels.append(f"| {d.naam} | " + " | ".join(
            getal(d.groepen[g].gemiddelde) if g in d.groepen else "–" for g in groepen) + " |")
    regels += ["", "## Werkpunten", ""]
    regels += [f"- **{w.naam}** ({getal(w.gemiddelde)}): {w.advies}" for w in rapport.werkpunten] or ["- geen"]
    return "\n".join(regels)
