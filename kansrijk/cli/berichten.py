"""Wat een traject voortbrengt: `kansrijk rapport`, `kansrijk agenda` en `kansrijk berichten`."""

import base64
from pathlib import Path
from typing import Annotated

import typer

from diensten import lezen as overzicht
from domein.fouten import OngeldigeInvoer, os_reden
from domein.model import BerichtStatus
from kansrijk import weergave
from kansrijk.cli.gedeeld import (
    GETAL,
    JsonOptie,
    PartnerArg,
    TrajectArg,
    commando,
    groep,
    omgeving_van,
    print_json,
)

berichten_app = groep("De uitgaande berichten (de outbox): wat wacht, vertrok, mislukte of vervangen werd.")


def rapport(
    ctx: typer.Context,
    traject: TrajectArg,
    partner: PartnerArg,
    html: Annotated[Path | None, typer.Option("--html", metavar="BESTAND",
                                              help="Schrijf het volledige rapport met grafieken als HTML-pagina.")] = None,
) -> None:
    """Het rapport van een school (of het lokaal bestuur) uit zijn antwoorden: per domein de groepen
    naast elkaar, en de voorgestelde werkpunten."""
    from notificaties import rapport as weergave_rapport  # Pillow alleen laden als het nodig is

    omgeving = omgeving_van(ctx)
    domeinen, vragenlijsten = omgeving.vragenlijsten
    titel, r = overzicht.rapport(omgeving.databank, omgeving.programmas, domeinen, vragenlijsten, traject, partner)
    if html is None:
        typer.echo(weergave_rapport.markdown(r, titel))
        return
    beelden = {d.code: base64.b64encode(weergave_rapport.grafiek(d)).decode() for d in r.domeinen}
    pagina = weergave_rapport.html(r, titel, lambda code: f"data:image/png;base64,{beelden[code]}")
    try:
        html.write_text(pagina, encoding="utf-8")
    except OSError as fout:
        raise OngeldigeInvoer(f"Kan {html} niet schrijven: {os_reden(fout)}.") from None
    typer.echo(f"Het rapport staat in {html}.")


def agenda(ctx: typer.Context, traject: TrajectArg, als_json: JsonOptie = False) -> None:
    """Wat voor een traject nog vertrekt, op datum: wachtende berichten en timers, met hun ontvangers."""
    omgeving = omgeving_van(ctx)
    rijen = overzicht.agenda(
        omgeving.databank,
        omgeving.programmas,
        traject,
        omgeving.instellingen.zone,
        omgeving.instellingen.coordinator_adres,
        omgeving.klok(),
    )
    if als_json:
        print_json(rijen)
    else:
        typer.echo(weergave.agenda(traject, rijen))


def _berichtstatus(waarde: str | None) -> str | None:
    if waarde is not None and waarde not in tuple(BerichtStatus):
        raise typer.BadParameter(f"'{waarde}' is geen berichtstatus; kies uit {', '.join(BerichtStatus)}.")
    return waarde


@commando(berichten_app, "lijst")
def berichten_lijst(
    ctx: typer.Context,
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            metavar="STATUS",
            help="Alleen berichten met deze status: wachtend, verzonden, mislukt, vervangen of vervallen.",
            callback=_berichtstatus,
        ),
    ] = None,
    traject: Annotated[
        int | None, typer.Option("--traject", metavar="TRAJECT", help="Alleen de berichten van dit traject.",
                                   parser=GETAL)
    ] = None,
    als_json: JsonOptie = False,
) -> None:
    """De outbox, nieuwste eerst; bij een mislukt bericht het antwoord van de server."""
    omgeving = omgeving_van(ctx)
    rijen = overzicht.berichten(omgeving.databank, omgeving.instellingen.zone, status=status, traject_id=traject)
    if als_json:
        print_json(rijen)
    else:
        typer.echo(weergave.berichten(rijen, status))
