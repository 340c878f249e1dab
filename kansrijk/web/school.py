"""De pagina van een school (`/s/...`): de responsstand van haar groepen, en de doelen die ze zet
(hoeveel antwoorden ze van elke groep verwacht)."""

import re

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from diensten import links
from diensten.commandos import Diensten
from diensten.links import Toegang
from domein import ronde as regels_ronde
from domein.fouten import KansrijkFout
from kansrijk.web.afhankelijkheden import DienstenDep, Schoollink
from kansrijk.web.paginas import pagina

router = APIRouter()


def schoolpagina(d: Diensten, toegang: Toegang, status: int = 200, fout: str | None = None,
                 bewaard: bool = False) -> HTMLResponse:
    ronde, stand = links.schoolstand(d, toegang)
    return pagina("school.html.j2", status, toegang=toegang, ronde=ronde, stand=stand, fout=fout, bewaard=bewaard,
                  maximum=regels_ronde.MAX_DOEL)


@router.get("/s/{geheim}", response_class=HTMLResponse)
def school(d: DienstenDep, toegang: Schoollink) -> Response:
    return schoolpagina(d, toegang)


@router.post("/s/{geheim}", response_class=HTMLResponse)
async def doelen_zetten(request: Request, d: DienstenDep, toegang: Schoollink) -> Response:
    ingevuld = {k[len("doel-"):]: str(v).strip() for k, v in (await request.form()).items() if k.startswith("doel-")}
    doelen = {}
    for code, tekst in ingevuld.items():
        if not tekst:
            continue
        if not re.fullmatch(r"[0-9]{1,6}", tekst):
            naam = d.vragenlijsten[code].naam if code in d.vragenlijsten else code
            return schoolpagina(d, toegang, 422, fout=f"Geef bij '{naam}' een aantal als getal, bv. 25.")
        doelen[code] = int(tekst)
    try:
        # Alles of niets: één ongeldig doel laat ook de andere ongewijzigd.
        await run_in_threadpool(d.ronde_doelen, toegang.traject_id, toegang.partner_id, doelen)
    except KansrijkFout as fout:
        return schoolpagina(d, toegang, 422, fout=str(fout))
    return schoolpagina(d, toegang, bewaard=True)
