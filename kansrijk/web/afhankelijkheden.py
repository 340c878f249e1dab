"""Wat de routes via `Depends` krijgen: de diensten, de afremmer en de geopende link. Een link die
niet werkt, wordt een uitzondering die `maak_app` als melding toont; de route ziet alleen een
`Toegang` die werkt."""

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request

from diensten import links
from diensten.commandos import Diensten
from diensten.links import LinkGeweigerd, Toegang, Weigering
from kansrijk.web.afremmer import Afremmer


class Geremd(Exception):
    """Te veel onbekende links vanaf dit adres."""


def diensten(request: Request) -> Diensten:
    return request.app.state.diensten


def afremmer(request: Request) -> Afremmer:
    return request.app.state.afremmer


def _link(soort: str) -> Callable[..., Toegang]:
    def geopend(request: Request, geheim: str, d: Annotated[Diensten, Depends(diensten)],
                rem: Annotated[Afremmer, Depends(afremmer)]) -> Toegang:
        try:
            return links.openen(d, geheim, soort)
        except LinkGeweigerd as fout:
            if fout.reden == Weigering.ONBEKEND:  # alleen raden telt, geen gebruikte of verlopen link
                adres = request.client.host if request.client else "?"
                if rem.geremd(adres):
                    raise Geremd from None
                rem.fout(adres, geheim)
            raise

    return geopend


DienstenDep = Annotated[Diensten, Depends(diensten)]
Vragenlijstlink = Annotated[Toegang, Depends(_link("vragenlijst"))]
Schoollink = Annotated[Toegang, Depends(_link("school"))]
Rapportlink = Annotated[Toegang, Depends(_link("rapport"))]
