"""`kansrijk fase`: een traject naar zijn volgende fase brengen."""

from typing import Annotated

import typer

from domein.fouten import Geweigerd
from kansrijk.cli.gedeeld import (
    JsonOptie,
    TrajectArg,
    commando,
    groep,
    meld,
    omgeving_van,
    print_json,
)

fase_app = groep("De fase van een traject.")


@commando(fase_app, "volgende")
def fase_volgende(
    ctx: typer.Context,
    traject: TrajectArg,
    forceer: Annotated[bool, typer.Option("--forceer", help="Ga verder ook al is niet alles voldaan (vraagt --reden).")] = False,
    reden: Annotated[str | None, typer.Option("--reden", help="Waarom je de voorwaarden overschrijft.")] = None,
    als_json: JsonOptie = False,
) -> None:
    """Breng een traject naar zijn volgende fase; geweigerd (exitcode 1) zolang een voorwaarde open staat."""
    omgeving = omgeving_van(ctx)
    try:
        resultaat = omgeving.commandos.volgende_fase(traject, forceer=forceer, reden=reden)
    except Geweigerd as fout:
        if not als_json:
            raise
        # Een programma dat --json vraagt, leest ook een weigering als JSON (exitcode blijft 1).
        typer.echo(f"Fout: {fout}", err=True)
        open_ = [v for v in omgeving.traject(traject)["voorwaarden"] if not v["voldaan"]]
        print_json({"traject": traject, "geweigerd": True, "melding": fout.args[0], "niet_voldaan": open_})
        raise typer.Exit(fout.exitcode) from None
    if als_json:
        print_json(omgeving.traject(traject))
    else:
        meld(resultaat)
