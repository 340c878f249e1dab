"""`kansrijk web`: het formulier waarmee respondenten een vragenlijst invullen. Server-side HTML
(Jinja2), werkt zonder JavaScript, leesbaar op een telefoon en gelabeld voor schermlezers.

Een link bevat een geheim; de databank kent alleen zijn hash. Een persoonlijke link werkt één keer,
een groepslink tot hij verloopt. Anonieme antwoorden krijgen geen verwijzing naar een link of
persoon. Elk formulier draagt een eenmalig kenmerk: twee keer verzenden bewaart één antwoordset."""

import secrets
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from config.vragenlijst import SCHAAL, WEET_NIET, Vragenlijst
from domein.antwoorden import MAX_OPEN
from kansrijk.toegang import hash_van
from opslag.databank import Databank, voeg_toe_tenzij_er
from opslag.tabellen import AntwoordsetRij, PartnerRij, ToegangRij

SJABLONEN = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "sjablonen"),
    autoescape=select_autoescape(enabled_extensions=("html.j2",)),
    trim_blocks=True,
    lstrip_blocks=True,
)
KEUZES = [(str(k), f"{k} – {t}") for k, t in SCHAAL.items()] + [("?", WEET_NIET)]
HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY"}


class Afremmer:
    """Wie vanaf één adres te veel onbekende links probeert, moet even wachten."""

    def __init__(self, klok: Callable[[], datetime], maximum: int = 10, venster: timedelta = timedelta(minutes=10)):
        self.klok, self.maximum, self.venster = klok, maximum, venster
        self._fouten: dict[str, deque[datetime]] = {}

    def geremd(self, adres: str) -> bool:
        fouten = self._fouten.get(adres)
        grens = self.klok() - self.venster
        while fouten and fouten[0] < grens:
            fouten.popleft()
        return bool(fouten) and len(fouten) >= self.maximum

    def fout(self, adres: str) -> None:
        self._fouten.setdefault(adres, deque()).append(self.klok())


@dataclass(frozen=True, slots=True)
class Link:
    toegang_id: int
    vragenlijst: Vragenlijst
    partner: str
    persoonlijk: bool


def maak_app(databank: Databank, vragenlijsten: dict[str, Vragenlijst],
             klok: Callable[[], datetime] = lambda: datetime.now(UTC)) -> FastAPI:
    app = FastAPI(title="Kansrijk", docs_url=None, redoc_url=None, openapi_url=None)
    afremmer = Afremmer(klok)

    def pagina(naam: str, status: int = 200, **context) -> HTMLResponse:
        return HTMLResponse(SJABLONEN.get_template(naam).render(**context), status_code=status, headers=HEADERS)

    def melding(titel: str, tekst: str, status: int) -> HTMLResponse:
        return pagina("melding.html.j2", status, titel=titel, tekst=tekst)

    def al_ingevuld() -> HTMLResponse:
        return melding("Al ingevuld", "Met deze persoonlijke link werd de vragenlijst al ingevuld. Bedankt!", 410)

    def zoek(request: Request, geheim: str) -> Link | HTMLResponse:
        adres = request.client.host if request.client else "?"
        if afremmer.geremd(adres):
            return melding("Even geduld", "Er werden vanaf dit adres te veel onbekende links geprobeerd. Probeer het "
                           "over enkele minuten opnieuw, met de link uit je uitnodiging.", 429)
        with databank.transactie() as sessie:
            rij = sessie.execute(
                select(ToegangRij, PartnerRij.naam).join(PartnerRij, PartnerRij.id == ToegangRij.partner_id)
                .where(ToegangRij.hash == hash_van(geheim))
            ).one_or_none()
        if rij is None:
            afremmer.fout(adres)
            return melding("Deze link kennen we niet", "Controleer of je de volledige link uit je uitnodiging "
                           "gebruikte. Lukt het niet, vraag dan een nieuwe link aan wie je uitnodigde.", 404)
        toegang, partner = rij
        if toegang.gebruikt_op is not None:
            return al_ingevuld()
        if toegang.verloopt_op <= klok():
            return melding("Deze vragenlijst is afgesloten", "De termijn om te antwoorden is voorbij. Bedankt "
                           "voor je interesse!", 410)
        return Link(toegang.id, vragenlijsten[toegang.vragenlijst], partner, toegang.contact_id is not None)

    def formulier(link: Link, status: int = 200, waarden: dict | None = None, fouten: dict | None = None,
                  kenmerk: str | None = None) -> HTMLResponse:
        return pagina("formulier.html.j2", status, link=link, keuzes=KEUZES, waarden=waarden or {},
                      fouten=fouten or {}, kenmerk=kenmerk or secrets.token_urlsafe(24), max_open=MAX_OPEN)

    @app.get("/v/{geheim}", response_class=HTMLResponse)
    def toon(request: Request, geheim: str) -> Response:
        link = zoek(request, geheim)
        return link if isinstance(link, HTMLResponse) else formulier(link)

    @app.post("/v/{geheim}", response_class=HTMLResponse)
    async def bewaar(request: Request, geheim: str) -> Response:
        link = zoek(request, geheim)
        if isinstance(link, HTMLResponse):
            return link
        ingevuld = await request.form()
        waarden = {k: str(v) for k, v in ingevuld.items()}
        kenmerk = waarden.get("formulier", "")
        scores, open_, fouten = {}, {}, {}
        for dv in link.vragenlijst.domeinen:
            for item in dv.items:
                keuze = waarden.get(f"i-{item.code}")
                if keuze not in dict(KEUZES):
                    fouten[f"i-{item.code}"] = f"Kies een antwoord bij: {item.tekst}"
                else:
                    scores[item.code] = None if keuze == "?" else int(keuze)
            tekst = waarden.get(f"o-{dv.domein}", "").strip()
            if len(tekst) > MAX_OPEN:
                fouten[f"o-{dv.domein}"] = f"Je antwoord is te lang: hoogstens {MAX_OPEN} tekens."
            elif tekst:
                open_[dv.domein] = tekst
        if len(kenmerk) < 20:
            return melding("Formulier niet herkend", "Open de link opnieuw en vul de vragenlijst opnieuw in.", 400)
        if fouten:
            return formulier(link, 422, waarden, fouten, kenmerk)
        if not await run_in_threadpool(opslaan, link, scores, open_, kenmerk):
            return al_ingevuld()
        return RedirectResponse(f"/v/{geheim}/bedankt", status_code=303, headers=HEADERS)

    def opslaan(link: Link, scores: dict, open_: dict, kenmerk: str) -> bool:
        """Eén transactie (in een draad, niet in de eventlus); False als een persoonlijke link net
        in een ander tabblad gebruikt werd."""
        with databank.transactie() as sessie:
            toegang = sessie.scalars(
                select(ToegangRij).where(ToegangRij.id == link.toegang_id).with_for_update()
            ).one()
            if toegang.gebruikt_op is not None:
                return False
            voeg_toe_tenzij_er(
                sessie, AntwoordsetRij, "formulier", traject_id=toegang.traject_id, partner_id=toegang.partner_id,
                vragenlijst=toegang.vragenlijst, scores=scores, open=open_, bron="web", ingediend_op=klok(),
                formulier=hash_van(kenmerk),
            )
            if link.persoonlijk:
                toegang.gebruikt_op = klok()
        return True

    @app.get("/v/{geheim}/bedankt", response_class=HTMLResponse)
    def bedankt(geheim: str) -> Response:
        return melding("Bedankt!", "Je antwoorden zijn goed ontvangen. Je mag dit venster sluiten.", 200)

    return app
