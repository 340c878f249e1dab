"""De rapporten van een gesloten ronde (`/r/...`): het rapport van een partner, of zonder partner
het overzicht van het partnerschap, met een PNG-grafiek per domein."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from diensten.links import Rapportpagina, Toegang
from kansrijk.web.afhankelijkheden import Rapportlink
from kansrijk.web.paginas import HEADERS, melding

router = APIRouter()


def rapporten(request: Request, toegang: Toegang) -> Rapportpagina:
    """Uit de cache van de app (`maak_app`): de pagina en haar grafieken rekenen één keer."""
    return request.app.state.rapporten(toegang.traject_id, toegang.ronde_id)


@router.get("/r/{geheim}", response_class=HTMLResponse)
def rapport(request: Request, toegang: Rapportlink, geheim: str) -> Response:
    from notificaties import rapport as weergave

    r = rapporten(request, toegang)

    def afbeelding(code: str) -> str:
        return f"/r/{geheim}/{code}.png"

    if toegang.partner_id is None:
        per_partner = [(p.partner.naam, p.rapport) for p in r.rapporten.per_partner]
        inhoud = weergave.overzicht_html(r.rapporten.totaal, r.rapporten.titel, afbeelding, vervolg=r.rapporten.vervolg,
                                         traject=r.traject, programma=r.programma, per_partner=per_partner)
    else:
        eigen = next(p for p in r.rapporten.per_partner if p.partner.id == toegang.partner_id)
        inhoud = weergave.html(eigen.rapport, eigen.titel, afbeelding, vervolg=r.rapporten.vervolg)
    return HTMLResponse(inhoud, headers=HEADERS)


@router.get("/r/{geheim}/{domein}.png")
def grafiek(request: Request, toegang: Rapportlink, domein: str) -> Response:
    from notificaties import rapport as weergave

    r = rapporten(request, toegang).rapporten
    eigen = r.totaal if toegang.partner_id is None else next(
        p.rapport for p in r.per_partner if p.partner.id == toegang.partner_id)
    gevonden = next((d for d in eigen.domeinen if d.code == domein), None)
    if gevonden is None:
        return melding("Niet gevonden", "Deze grafiek bestaat niet.", 404)
    return Response(weergave.grafiek(gevonden), media_type="image/png", headers=HEADERS)
