"""`kansrijk web`: het formulier waarmee respondenten een vragenlijst invullen, de pagina waar een
school haar responsstand volgt en doelen zet, en de rapporten. Server-side HTML (Jinja2), werkt
zonder JavaScript, leesbaar op een telefoon en gelabeld voor schermlezers.

Een link bevat een geheim; de databank kent alleen zijn hash. Een persoonlijke link werkt één keer,
een groepslink tot de ronde sluit. Anonieme antwoorden krijgen geen verwijzing naar een link of
persoon. Elk formulier draagt een eenmalig kenmerk: twee keer verzenden bewaart één antwoordset,
en wie tussentijds bewaart, vindt zijn antwoorden terug met dat kenmerk (een groepslink) of met
zijn persoonlijke link."""

import re
import secrets
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path
from threading import Lock
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from config.vragenlijst import SCHAAL, WEET_NIET, Vragenlijst
from diensten import ronde as rondewerk
from diensten.commandos import Diensten
from diensten.eenheid import laad_traject
from diensten.toegang import hash_van
from domein import ronde as regels_ronde
from domein.antwoorden import MAX_OPEN, schoon
from domein.fouten import KansrijkFout
from domein.model import Ronde, RondeStatus, Traject
from notificaties.sjabloon import datum, tijd
from opslag.databank import voeg_toe_tenzij_er
from opslag.tabellen import (
    AntwoordsetRij,
    ConceptRij,
    PartnerRij,
    RondeRij,
    ToegangRij,
    naar_domein,
)

SJABLONEN = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "sjablonen"),
    autoescape=select_autoescape(enabled_extensions=("html.j2",)),
    undefined=StrictUndefined,  # een tikfout in een sjabloon is een fout, geen lege plek
    trim_blocks=True,
    lstrip_blocks=True,
)
SJABLONEN.filters.update(datum=datum, tijd=tijd)
KEUZES = [(str(k), f"{k} – {t}") for k, t in SCHAAL.items()] + [("?", WEET_NIET)]
HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY"}
KENMERK = re.compile(r"[A-Za-z0-9_-]{20,64}")  # zoals secrets.token_urlsafe(24) het maakt


class Afremmer:
    """Remt het raden van links, niet het gebruik ervan: wie vanaf één adres `maximum` verschillende
    onbekende links probeerde, krijgt tot `venster` na de eerste voor elke volgende onbekende link
    'even geduld'. Een geldige link werkt altijd, ook vanaf dat adres: een hele school achter één
    adres boet niet voor één verkeerd getypte link (en dezelfde foute link opnieuw telt niet mee).
    Het geheugen is begrensd: hoogstens `adressen` adressen, het langst niet geziene valt eerst weg."""

    def __init__(self, klok: Callable[[], datetime], maximum: int = 10, venster: timedelta = timedelta(minutes=10),
                 adressen: int = 10_000):
        self.klok, self.maximum, self.venster, self.adressen = klok, maximum, venster, adressen
        self._fouten: OrderedDict[str, dict[int, datetime]] = OrderedDict()  # adres -> hash(link) -> wanneer
        self._slot = Lock()  # de synchrone routes draaien in een threadpool

    def geremd(self, adres: str) -> bool:
        with self._slot:
            return len(self._recent(adres)) >= self.maximum

    def fout(self, adres: str, geheim: str) -> None:
        with self._slot:
            fouten = self._recent(adres)
            if len(fouten) < self.maximum:
                fouten.setdefault(hash(geheim), self.klok())
            self._fouten[adres] = fouten
            self._fouten.move_to_end(adres)
            while len(self._fouten) > self.adressen:
                self._fouten.popitem(last=False)

    def _recent(self, adres: str) -> dict[int, datetime]:
        grens = self.klok() - self.venster
        return {link: t for link, t in self._fouten.get(adres, {}).items() if t > grens}


@dataclass(frozen=True, slots=True)
class Toegang:
    """Een geopende link: waar hij toegang toe geeft."""

    geheim: str = field(repr=False)  # voor de link naar een nieuw formulier; nooit in een log
    toegang_id: int
    traject_id: int
    ronde_id: int | None
    partner_id: int | None
    partner: str | None
    vragenlijst: Vragenlijst | None
    contact_id: int | None

    @property
    def persoonlijk(self) -> bool:
        return self.contact_id is not None


def maak_app(commando: Diensten, vertrouwde_proxies: Sequence[str] = ()) -> FastAPI:
    """`commando` geeft de databank, de configuratie en de klok; de school zet er haar doelen mee.
    Alleen van `vertrouwde_proxies` (adressen of netwerken) geldt X-Forwarded-For als het adres van
    de bezoeker; de afremmer telt per adres."""
    app = FastAPI(title="Kansrijk", docs_url=None, redoc_url=None, openapi_url=None)
    if vertrouwde_proxies:
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=list(vertrouwde_proxies))
    databank, vragenlijsten, klok = commando.databank, commando.vragenlijsten, commando.klok
    afremmer = Afremmer(klok)

    def pagina(naam: str, status: int = 200, **context) -> HTMLResponse:
        return HTMLResponse(SJABLONEN.get_template(naam).render(**context), status_code=status, headers=HEADERS)

    def melding(titel: str, tekst: str, status: int) -> HTMLResponse:
        return pagina("melding.html.j2", status, titel=titel, tekst=tekst)

    def al_ingevuld() -> HTMLResponse:
        return melding("Al ingevuld", "Deze vragenlijst werd al ingevuld: met deze link, of door een collega of de "
                       "werkgroep met hun eigen link. Eén antwoord volstaat. Bedankt!", 410)

    def al_verstuurd(toegang: Toegang) -> HTMLResponse:
        return pagina("melding.html.j2", 409, titel="Al verstuurd", tekst="Dit formulier werd al verstuurd: je "
                      "antwoorden zijn goed ontvangen en tellen één keer. Bedankt!",
                      link=(f"/v/{toegang.geheim}", "Nog iemand vult in op dit toestel: een nieuw formulier"))

    def afgesloten(ronde_gesloten: bool) -> HTMLResponse:
        # Een ronde kan vóór haar deadline sluiten (`ronde sluiten`, of iedereen antwoordde): dan is
        # niet 'de termijn' voorbij, want de uitnodiging noemde een latere datum.
        reden = "De vragenlijstronde is afgesloten." if ronde_gesloten else "De termijn om te antwoorden is voorbij."
        return melding("Deze link is afgesloten", f"{reden} Bedankt voor je interesse!", 410)

    def zoek(request: Request, geheim: str, soort: str) -> Toegang | HTMLResponse:
        with databank.transactie() as sessie:
            rij = sessie.execute(
                select(ToegangRij, PartnerRij.naam, RondeRij.status)
                .outerjoin(PartnerRij, PartnerRij.id == ToegangRij.partner_id)
                .outerjoin(RondeRij, RondeRij.id == ToegangRij.ronde_id)
                .where(ToegangRij.hash == hash_van(geheim), ToegangRij.soort == soort)
            ).one_or_none()
        if rij is None:
            adres = request.client.host if request.client else "?"
            if afremmer.geremd(adres):
                return melding("Even geduld", "Er werden vanaf dit adres te veel onbekende links geprobeerd. Probeer "
                               "het over enkele minuten opnieuw, met de link uit je uitnodiging.", 429)
            afremmer.fout(adres, geheim)
            return melding("Deze link kennen we niet", "Controleer of je de volledige link uit je uitnodiging "
                           "gebruikte. Lukt het niet, vraag dan een nieuwe link aan wie je uitnodigde.", 404)
        toegang, partner, rondestatus = rij
        if toegang.gebruikt_op is not None:
            return al_ingevuld()
        # Een gesloten ronde sluit haar links, ook als de klok van de engine voorliep op deze.
        gesloten = soort != "rapport" and rondestatus == RondeStatus.GESLOTEN
        if toegang.verloopt_op <= klok() or gesloten:
            return afgesloten(gesloten)
        return Toegang(geheim, toegang.id, toegang.traject_id, toegang.ronde_id, toegang.partner_id, partner,
                    vragenlijsten.get(toegang.vragenlijst), toegang.contact_id)

    # -- het formulier ----------------------------------------------------------------------

    def formulier(toegang: Toegang, status: int = 200, waarden: dict | None = None, fouten: dict | None = None,
                  kenmerk: str | None = None) -> HTMLResponse:
        return pagina("formulier.html.j2", status, toegang=toegang, keuzes=KEUZES, waarden=waarden or {},
                      fouten=fouten or {}, kenmerk=kenmerk or secrets.token_urlsafe(24), max_open=MAX_OPEN)

    def verwante(sessie: Session, toegang: Toegang) -> list[ToegangRij]:
        """De links die één antwoord (en één concept) delen: bij een vragenlijst op naam alle
        persoonlijke links van de partner in de ronde (ook die uit een herinnering), anders alleen deze."""
        if toegang.persoonlijk and toegang.ronde_id is not None:
            return rondewerk.persoonlijke_links(sessie, toegang.ronde_id, toegang.partner_id, toegang.vragenlijst.code)
        return [sessie.get(ToegangRij, toegang.toegang_id)]

    def verstuurd(sessie: Session, kenmerk: str) -> bool:
        return sessie.scalar(select(AntwoordsetRij.id).where(AntwoordsetRij.formulier == hash_van(kenmerk))) is not None

    def weigering(sessie: Session, toegang: Toegang, links: list[ToegangRij], kenmerk: str) -> HTMLResponse | None:
        """Opnieuw, binnen de transactie die bewaart: is de ronde intussen gesloten (de ronde is
        vergrendeld), de link gebruikt, of dit formulier al verstuurd (het traject is vergrendeld:
        twee gelijktijdige verzendingen van één formulier zien elkaar)?"""
        if toegang.ronde_id is not None:
            ronde = sessie.scalars(select(RondeRij).where(RondeRij.id == toegang.ronde_id).with_for_update()).one()
            if ronde.status != RondeStatus.OPEN:
                return afgesloten(True)
        if any(t.verloopt_op <= klok() for t in links if t.id == toegang.toegang_id):
            return afgesloten(False)
        if toegang.persoonlijk and any(t.gebruikt_op is not None for t in links):
            return al_ingevuld()
        if verstuurd(sessie, kenmerk):
            return al_verstuurd(toegang)
        return None

    def concept(toegang: Toegang, kenmerk: str | None) -> dict | None:
        """Tussentijds bewaarde antwoorden: met het kenmerk uit de verder-link (een groepslink), of bij
        een persoonlijke link het laatste concept van de partner (ook van een collega)."""
        if not kenmerk and not toegang.persoonlijk:
            return None
        with databank.transactie() as sessie:
            vraag = select(ConceptRij).where(ConceptRij.toegang_id.in_([t.id for t in verwante(sessie, toegang)]))
            if kenmerk:
                vraag = vraag.where(ConceptRij.formulier == hash_van(kenmerk))
            rij = sessie.scalars(vraag.order_by(ConceptRij.bewaard_op.desc()).limit(1)).one_or_none()
            return dict(rij.waarden) if rij else None

    @app.get("/v/{geheim}", response_class=HTMLResponse)
    def toon(request: Request, geheim: str, verder: str | None = None) -> Response:
        toegang = zoek(request, geheim, "vragenlijst")
        if isinstance(toegang, HTMLResponse):
            return toegang
        if toegang.persoonlijk:  # de link zelf werkt één keer; zijn concept hangt aan de partner
            return formulier(toegang, waarden=concept(toegang, None))
        if verder is None or not KENMERK.fullmatch(verder):
            # Het kenmerk van een groepsformulier staat in zijn URL: wie na het versturen met 'Vorige'
            # terugkeert, haalt (no-store) dezelfde URL opnieuw op en krijgt 'al verstuurd' in plaats van
            # een nieuw formulier; de verder-link na tussentijds bewaren is dezelfde URL.
            kenmerk = urlencode({"verder": secrets.token_urlsafe(24)})
            return RedirectResponse(f"/v/{geheim}?{kenmerk}", status_code=303, headers=HEADERS)
        with databank.transactie() as sessie:
            if verstuurd(sessie, verder):
                return al_verstuurd(toegang)
        return formulier(toegang, waarden=concept(toegang, verder), kenmerk=verder)

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

    @app.post("/v/{geheim}", response_class=HTMLResponse)
    async def bewaar(request: Request, geheim: str) -> Response:
        toegang = zoek(request, geheim, "vragenlijst")
        if isinstance(toegang, HTMLResponse):
            return toegang
        # Alleen de velden van dit formulier, en zonder tekens die geen databank aankan (zo ook in het concept).
        velden = {"formulier", "actie", *(f"i-{i.code}" for i in toegang.vragenlijst.items),
                  *(f"o-{d.domein}" for d in toegang.vragenlijst.domeinen)}
        waarden = {k: schoon(v) for k, v in (await request.form()).items() if k in velden and isinstance(v, str)}
        kenmerk = waarden.get("formulier", "")
        if not KENMERK.fullmatch(kenmerk):
            return melding("Formulier niet herkend", "Open de link opnieuw en vul de vragenlijst opnieuw in.", 400)
        tussendoor = waarden.get("actie") == "bewaren"
        scores, open_, fouten = lees_antwoorden(toegang.vragenlijst, waarden, volledig=not tussendoor)
        if fouten:
            return formulier(toegang, 422, waarden, fouten, kenmerk)
        if tussendoor:
            if geweigerd := await run_in_threadpool(concept_bewaren, toegang, waarden, kenmerk):
                return geweigerd
            verder = None if toegang.persoonlijk else f"{commando.post.url('v', geheim)}?{urlencode({'verder': kenmerk})}"
            return pagina("bewaard.html.j2", toegang=toegang, verder=verder)
        if geweigerd := await run_in_threadpool(opslaan, toegang, scores, open_, kenmerk):
            return geweigerd
        return RedirectResponse(f"/v/{geheim}/bedankt", status_code=303, headers=HEADERS)

    def concept_bewaren(toegang: Toegang, waarden: dict, kenmerk: str) -> HTMLResponse | None:
        """Het concept van dit formulier (alleen de antwoorden; het kenmerk staat er als hash bij).
        Bij een persoonlijke link vervangt het de vorige concepten van de partner."""
        bewaard = {k: v for k, v in waarden.items() if k.startswith(("i-", "o-"))}
        with databank.transactie() as sessie:
            links = verwante(sessie, toegang)
            if geweigerd := weigering(sessie, toegang, links, kenmerk):
                return geweigerd
            if toegang.persoonlijk:
                sessie.execute(delete(ConceptRij).where(ConceptRij.toegang_id.in_([t.id for t in links]),
                                                        ConceptRij.formulier != hash_van(kenmerk)))
            if not voeg_toe_tenzij_er(sessie, ConceptRij, "formulier", toegang_id=toegang.toegang_id,
                                      formulier=hash_van(kenmerk), waarden=bewaard, bewaard_op=klok()):
                sessie.execute(update(ConceptRij).where(ConceptRij.formulier == hash_van(kenmerk),
                                                        ConceptRij.toegang_id == toegang.toegang_id)
                               .values(waarden=bewaard, bewaard_op=klok()))
        return None

    def opslaan(toegang: Toegang, scores: dict, open_: dict, kenmerk: str) -> HTMLResponse | None:
        """Eén transactie (in een draad, niet in de eventlus); een weigering als de ronde intussen
        sloot of de vragenlijst op naam net (in een ander tabblad, door een collega) ingevuld werd."""
        with databank.transactie() as sessie:
            # Het traject vergrendelen: zo telt de stand die beslist of iedereen klaar is elk antwoord.
            traject = naar_domein(laad_traject(sessie, toegang.traject_id, wijzigen=True))
            links = verwante(sessie, toegang)
            if geweigerd := weigering(sessie, toegang, links, kenmerk):
                return geweigerd
            voeg_toe_tenzij_er(
                sessie, AntwoordsetRij, "formulier", traject_id=toegang.traject_id, partner_id=toegang.partner_id,
                vragenlijst=toegang.vragenlijst.code, scores=scores, open=open_, bron="web", ingediend_op=klok(),
                formulier=hash_van(kenmerk), ronde_id=toegang.ronde_id,
            )
            if toegang.persoonlijk:
                for t in links:
                    t.gebruikt_op = klok()
            sessie.execute(delete(ConceptRij).where(
                ConceptRij.toegang_id.in_([t.id for t in links]),
                *(() if toegang.persoonlijk else (ConceptRij.formulier == hash_van(kenmerk),)),
            ))
            ronde = next((r for r in traject.rondes if r.id == toegang.ronde_id), None)
            if ronde is not None:
                sessie.flush()
                rondewerk.sluit_als_iedereen_klaar(sessie, traject, commando.programma(traject.programma), ronde,
                                                   vragenlijsten, klok())
        return None

    @app.get("/v/{geheim}/bedankt", response_class=HTMLResponse)
    def bedankt(geheim: str) -> Response:
        return melding("Bedankt!", "Je antwoorden zijn goed ontvangen. Je mag dit venster sluiten.", 200)

    # -- de pagina van de school ------------------------------------------------------------

    def schoolstand(toegang: Toegang) -> tuple[Ronde, list[regels_ronde.Groepsstand]]:
        with databank.transactie() as sessie:
            traject = naar_domein(laad_traject(sessie, toegang.traject_id))
            ronde = next(r for r in traject.rondes if r.id == toegang.ronde_id)
            stand = rondewerk.stand(sessie, traject, commando.programma(traject.programma), ronde, vragenlijsten)
        return ronde, [g for g in stand if g.partner_id == toegang.partner_id]

    def schoolpagina(toegang: Toegang, status: int = 200, fout: str | None = None, bewaard: bool = False) -> HTMLResponse:
        ronde, stand = schoolstand(toegang)
        return pagina("school.html.j2", status, toegang=toegang, ronde=ronde, stand=stand, fout=fout, bewaard=bewaard,
                      maximum=regels_ronde.MAX_DOEL)

    @app.get("/s/{geheim}", response_class=HTMLResponse)
    def school(request: Request, geheim: str) -> Response:
        toegang = zoek(request, geheim, "school")
        return toegang if isinstance(toegang, HTMLResponse) else schoolpagina(toegang)

    @app.post("/s/{geheim}", response_class=HTMLResponse)
    async def doelen_zetten(request: Request, geheim: str) -> Response:
        toegang = zoek(request, geheim, "school")
        if isinstance(toegang, HTMLResponse):
            return toegang
        ingevuld = {k[len("doel-"):]: str(v).strip() for k, v in (await request.form()).items() if k.startswith("doel-")}
        doelen = {}
        for code, tekst in ingevuld.items():
            if not tekst:
                continue
            if not re.fullmatch(r"[0-9]{1,6}", tekst):
                naam = vragenlijsten[code].naam if code in vragenlijsten else code
                return schoolpagina(toegang, 422, fout=f"Geef bij '{naam}' een aantal als getal, bv. 25.")
            doelen[code] = int(tekst)
        try:
            # Alles of niets: één ongeldig doel laat ook de andere ongewijzigd.
            await run_in_threadpool(commando.ronde_doelen, toegang.traject_id, toegang.partner_id, doelen)
        except KansrijkFout as fout:
            return schoolpagina(toegang, 422, fout=str(fout))
        return schoolpagina(toegang, bewaard=True)

    # -- de rapporten -----------------------------------------------------------------------

    @lru_cache(maxsize=64)
    def rapporten_van(traject_id: int, ronde_id: int) -> tuple[rondewerk.Rapporten, Traject]:
        """Een rapportlink bestaat pas als de ronde gesloten is, en dan veranderen de antwoorden niet
        meer: één keer berekenen voor de pagina en haar zes grafieken."""
        with databank.transactie() as sessie:
            traject = naar_domein(laad_traject(sessie, traject_id))
            ronde = next(r for r in traject.rondes if r.id == ronde_id)
            return rondewerk.rapporten_van(sessie, traject, commando.programma(traject.programma), ronde,
                                           commando.domeinen, vragenlijsten), traject

    @app.get("/r/{geheim}", response_class=HTMLResponse)
    def rapport(request: Request, geheim: str) -> Response:
        from notificaties import rapport as weergave

        toegang = zoek(request, geheim, "rapport")
        if isinstance(toegang, HTMLResponse):
            return toegang
        rapporten, traject = rapporten_van(toegang.traject_id, toegang.ronde_id)

        def afbeelding(code: str) -> str:
            return f"/r/{geheim}/{code}.png"

        if toegang.partner_id is None:
            inhoud = weergave.overzicht_html(rapporten.totaal, rapporten.titel, afbeelding, vervolg=rapporten.vervolg,
                                             traject=traject, programma=commando.programma(traject.programma),
                                             per_partner=[(r.partner.naam, r.rapport) for r in rapporten.per_partner])
        else:
            eigen = next(r for r in rapporten.per_partner if r.partner.id == toegang.partner_id)
            inhoud = weergave.html(eigen.rapport, eigen.titel, afbeelding, vervolg=rapporten.vervolg)
        return HTMLResponse(inhoud, headers=HEADERS)

    @app.get("/r/{geheim}/{domein}.png")
    def grafiek(request: Request, geheim: str, domein: str) -> Response:
        from notificaties import rapport as weergave

        toegang = zoek(request, geheim, "rapport")
        if isinstance(toegang, HTMLResponse):
            return toegang
        rapporten, _ = rapporten_van(toegang.traject_id, toegang.ronde_id)
        r = rapporten.totaal if toegang.partner_id is None else next(
            p.rapport for p in rapporten.per_partner if p.partner.id == toegang.partner_id)
        gevonden = next((d for d in r.domeinen if d.code == domein), None)
        if gevonden is None:
            return melding("Niet gevonden", "Deze grafiek bestaat niet.", 404)
        return Response(weergave.grafiek(gevonden), media_type="image/png", headers=HEADERS)

    return app
