"""`kansrijk web`: het formulier waarmee respondenten een vragenlijst invullen (`vragenlijst`), de
pagina waar een school haar responsstand volgt en doelen zet (`school`), en de rapporten (`rapport`).
Server-side HTML (Jinja2), werkt zonder JavaScript. De routes vertalen alleen HTTP naar de
dienstlaag (`diensten.links`, `diensten.formulier`) en terug; een link die niet werkt, wordt hier
één keer een melding."""

from collections.abc import Sequence
from functools import lru_cache

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from diensten import links
from diensten.commandos import Diensten
from diensten.links import LinkGeweigerd
from kansrijk.web import rapport, school, vragenlijst
from kansrijk.web.afhankelijkheden import Geremd
from kansrijk.web.afremmer import Afremmer
from kansrijk.web.paginas import geremd, geweigerd


def maak_app(commando: Diensten, vertrouwde_proxies: Sequence[str] = ()) -> FastAPI:
    """`commando` geeft de databank, de configuratie en de klok; de school zet er haar doelen mee.
    Alleen van `vertrouwde_proxies` (adressen of netwerken) geldt X-Forwarded-For als het adres van
    de bezoeker; de afremmer telt per adres."""
    app = FastAPI(title="Kansrijk", docs_url=None, redoc_url=None, openapi_url=None)
    if vertrouwde_proxies:
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=list(vertrouwde_proxies))
    app.state.diensten = commando
    app.state.afremmer = Afremmer(commando.klok)

    @lru_cache(maxsize=64)
    def rapporten(traject_id: int, ronde_id: int) -> links.Rapportpagina:
        """Een rapportlink bestaat pas als de ronde gesloten is, en dan veranderen de antwoorden niet
        meer: één keer berekenen voor de pagina en haar zes grafieken."""
        return links.rapporten(commando, traject_id, ronde_id)

    app.state.rapporten = rapporten
    for pagina in (vragenlijst, school, rapport):
        app.include_router(pagina.router)

    @app.exception_handler(LinkGeweigerd)
    async def link_werkt_niet(request: Request, fout: LinkGeweigerd) -> HTMLResponse:
        return geweigerd(fout.reden, request.path_params.get("geheim", ""))

    @app.exception_handler(Geremd)
    async def te_veel_gegokt(request: Request, fout: Geremd) -> HTMLResponse:
        return geremd()

    return app
