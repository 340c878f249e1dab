"""Het formulier waarmee respondenten een vragenlijst invullen (`/v/...`): leesbaar op een telefoon,
gelabeld voor schermlezers. Elk formulier draagt een eenmalig kenmerk; het bewaren en versturen
zelf doet `diensten.formulier`."""

import re
import secrets
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from config.vragenlijst import SCHAAL, WEET_NIET, Vragenlijst
from diensten import formulier as formulierwerk
from diensten.links import Toegang, Weigering
from domein.antwoorden import MAX_OPEN, schoon
from domein.scoring import Antwoordset
from kansrijk.web.afhankelijkheden import DienstenDep, Vragenlijstlink
from kansrijk.web.paginas import HEADERS, geweigerd, melding, pagina

router = APIRouter()
KEUZES = [(str(k), f"{k} – {t}") for k, t in SCHAAL.items()] + [("?", WEET_NIET)]
KENMERK = re.compile(r"[A-Za-z0-9_-]{20,64}")  # zoals secrets.token_urlsafe(24) het maakt


def formulier(toegang: Toegang, status: int = 200, waarden: dict | None = None, fouten: dict | None = None,
              kenmerk: str | None = None) -> HTMLResponse:
    return pagina("formulier.html.j2", status, toegang=toegang, keuzes=KEUZES, waarden=waarden or {},
                  fouten=fouten or {}, kenmerk=kenmerk or secrets.token_urlsafe(24), max_open=MAX_OPEN)


@router.get("/v/{geheim}", response_class=HTMLResponse)
def toon(d: DienstenDep, toegang: Vragenlijstlink, geheim: str, verder: str | None = None) -> Response:
    if toegang.persoonlijk:  # de link zelf werkt één keer; zijn concept hangt aan de partner
        return formulier(toegang, waarden=formulierwerk.concept(d, toegang, None))
    if verder is None or not KENMERK.fullmatch(verder):
        # Het kenmerk van een groepsformulier staat in zijn URL: wie na het versturen met 'Vorige'
        # terugkeert, haalt (no-store) dezelfde URL opnieuw op en krijgt 'al verstuurd' in plaats van
        # een nieuw formulier; de verder-link na tussentijds bewaren is dezelfde URL.
        kenmerk = urlencode({"verder": secrets.token_urlsafe(24)})
        return RedirectResponse(f"/v/{geheim}?{kenmerk}", status_code=303, headers=HEADERS)
    if formulierwerk.verstuurd(d, verder):
        return geweigerd(Weigering.AL_VERSTUURD, geheim)
    return formulier(toegang, waarden=formulierwerk.concept(d, toegang, verder), kenmerk=verder)


def lees_antwoorden(vragenlijst: Vragenlijst, waarden: dict[str, str], *, volledig: bool):
    """(scores, open antwoorden, fouten); een leeg antwoord is alleen bij `volledig` een fout."""
    scores, open_, fouten = {}, {}, {}
    for dv in vragenlijst.domeinen:
        for item in dv.items:
            keuze = waarden.get(f"i-{item.code}")
            if keuze in dict(KEUZES):
                scores[item.code] = None if keuze == "?" else int(keuze)
            elif keuze or volledig:
                fouten[f"i-{item.code}"] = f"Kies een antwoord bij: {item.tekst}"
        tekst = waarden.get(f"o-{dv.domein}", "").strip()
        if len(tekst) > MAX_OPEN:
            fouten[f"o-{dv.domein}"] = f"Je antwoord is te lang: hoogstens {MAX_OPEN} tekens."
        elif tekst:
            open_[dv.domein] = tekst
    return scores, open_, fouten


@router.post("/v/{geheim}", response_class=HTMLResponse)
async def bewaar(request: Request, d: DienstenDep, toegang: Vragenlijstlink, geheim: str) -> Response:
    # Alleen de velden van dit formulier, en zonder tekens die geen databank aankan (zo ook in het concept).
    velden = {"formulier", "actie", *(f"i-{i.code}" for i in toegang.vragenlijst.items),
              *(f"o-{dv.domein}" for dv in toegang.vragenlijst.domeinen)}
    waarden = {k: schoon(v) for k, v in (await request.form()).items() if k in velden and isinstance(v, str)}
    kenmerk = waarden.get("formulier", "")
    if not KENMERK.fullmatch(kenmerk):
        return melding("Formulier niet herkend", "Open de link opnieuw en vul de vragenlijst opnieuw in.", 400)
    tussendoor = waarden.get("actie") == "bewaren"
    scores, open_, fouten = lees_antwoorden(toegang.vragenlijst, waarden, volledig=not tussendoor)
    if fouten:
        return formulier(toegang, 422, waarden, fouten, kenmerk)
    if tussendoor:
        await run_in_threadpool(formulierwerk.concept_bewaren, d, toegang, waarden, kenmerk)
        verder = None if toegang.persoonlijk else f"{d.post.url('v', geheim)}?{urlencode({'verder': kenmerk})}"
        return pagina("bewaard.html.j2", toegang=toegang, verder=verder)
    antwoord = Antwoordset(toegang.vragenlijst.code, scores, open_)
    await run_in_threadpool(formulierwerk.versturen, d, toegang, antwoord, kenmerk)
    return RedirectResponse(f"/v/{geheim}/bedankt", status_code=303, headers=HEADERS)


@router.get("/v/{geheim}/bedankt", response_class=HTMLResponse)
def bedankt(geheim: str) -> Response:
    return melding("Bedankt!", "Je antwoorden zijn goed ontvangen. Je mag dit venster sluiten.", 200)
