"""De HTML van de webpagina's (Jinja2, server-side, zonder JavaScript) en de meldingen die een
bezoeker krijgt als een link niet (meer) werkt."""

from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from diensten.links import Weigering
from notificaties.sjabloon import datum, tijd

SJABLONEN = Environment(
    loader=PackageLoader("kansrijk", "sjablonen"),
    autoescape=select_autoescape(enabled_extensions=("html.j2",)),
    undefined=StrictUndefined,  # een tikfout in een sjabloon is een fout, geen lege plek
    trim_blocks=True,
    lstrip_blocks=True,
)
SJABLONEN.filters.update(datum=datum, tijd=tijd)
HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY"}


def pagina(naam: str, status: int = 200, **context) -> HTMLResponse:
    return HTMLResponse(SJABLONEN.get_template(naam).render(**context), status_code=status, headers=HEADERS)


def melding(titel: str, tekst: str, status: int) -> HTMLResponse:
    return pagina("melding.html.j2", status, titel=titel, tekst=tekst)


def geremd() -> HTMLResponse:
    return melding("Even geduld", "Er werden vanaf dit adres te veel onbekende links geprobeerd. Probeer het over "
                   "enkele minuten opnieuw, met de link uit je uitnodiging.", 429)


def geweigerd(reden: Weigering, geheim: str) -> HTMLResponse:
    """De melding bij een link die niet (meer) werkt; `geheim` voor de link naar een nieuw formulier."""
    match reden:
        case Weigering.ONBEKEND:
            return melding("Deze link kennen we niet", "Controleer of je de volledige link uit je uitnodiging "
                           "gebruikte. Lukt het niet, vraag dan een nieuwe link aan wie je uitnodigde.", 404)
        case Weigering.AL_INGEVULD:
            return melding("Al ingevuld", "Deze vragenlijst werd al ingevuld: met deze link, of door een collega of "
                           "de werkgroep met hun eigen link. Eén antwoord volstaat. Bedankt!", 410)
        case Weigering.AL_VERSTUURD:
            return pagina("melding.html.j2", 409, titel="Al verstuurd", tekst="Dit formulier werd al verstuurd: je "
                          "antwoorden zijn goed ontvangen en tellen één keer. Bedankt!",
                          link=(f"/v/{geheim}", "Nog iemand vult in op dit toestel: een nieuw formulier"))
    # Een ronde kan vóór haar deadline sluiten (`ronde sluiten`, of iedereen antwoordde): dan is
    # niet 'de termijn' voorbij, want de uitnodiging noemde een latere datum.
    waarom = ("De vragenlijstronde is afgesloten." if reden == Weigering.RONDE_GESLOTEN
              else "De termijn om te antwoorden is voorbij.")
    return melding("Deze link is afgesloten", f"{waarom} Bedankt voor je interesse!", 410)
