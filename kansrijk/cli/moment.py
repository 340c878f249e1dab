"""`kansrijk moment`: contactmomenten plannen, verplaatsen, annuleren en als gehouden markeren."""

from typing import Annotated

import typer

from kansrijk.cli.gedeeld import (
    GETAL,
    JsonOptie,
    MomentArg,
    TrajectArg,
    commando,
    groep,
    meld,
    omgeving_van,
    print_json,
)

moment_app = groep("Contactmomenten plannen, verplaatsen, annuleren en als gehouden markeren.")


StartOptie = Annotated[
    str, typer.Option("--start", metavar="JJJJ-MM-DDTUU:MM", help="Begin, in Brusselse tijd; in het uur dat in de herfst twee keer voorkomt de eerste keer (zomertijd), de tweede met +01:00 erachter.", show_default=False)
]
DuurOptie = Annotated[
    int | None, typer.Option("--duur", metavar="MINUTEN", help="Duur in minuten (standaard: uit het programma).",
                              parser=GETAL)
]


@commando(moment_app, "plannen")
def moment_plannen(
    ctx: typer.Context,
    traject: TrajectArg,
    soort: Annotated[str, typer.Option("--soort", help="Bv. infosessie, kennismaking (zie 'programma toon').", show_default=False)],
    start: StartOptie,
    duur: DuurOptie = None,
    locatie: Annotated[str | None, typer.Option("--locatie", help="Waar het doorgaat.")] = None,
    partner: Annotated[
        int | None, typer.Option("--partner", metavar="PARTNER", help="De school, voor een moment per school.",
                                    parser=GETAL)
    ] = None,
    fase: Annotated[
        str | None, typer.Option("--fase", help="Plan vooruit voor een latere fase (standaard: de huidige).")
    ] = None,
    als_json: JsonOptie = False,
) -> None:
    """Plan een contactmoment; toont de id van het moment."""
    omgeving = omgeving_van(ctx)
    resultaat = omgeving.commandos.moment_plannen(
        traject, soort, omgeving.lees_tijd(start), duur=duur, locatie=locatie, partner_id=partner, fase=fase
    )
    meld(resultaat)
    if als_json:
        print_json(next(m for m in omgeving.traject(traject)["momenten"] if m["id"] == resultaat.id))
    else:
        typer.echo(resultaat.id)


@commando(moment_app, "verplaatsen")
def moment_verplaatsen(
    ctx: typer.Context, traject: TrajectArg, moment: MomentArg, start: StartOptie, duur: DuurOptie = None
) -> None:
    """Verplaats een gepland moment."""
    omgeving = omgeving_van(ctx)
    meld(omgeving.commandos.moment_verplaatsen(traject, moment, omgeving.lees_tijd(start), duur=duur))


@commando(moment_app, "gehouden")
def moment_gehouden(
    ctx: typer.Context,
    traject: TrajectArg,
    moment: MomentArg,
    forceer: Annotated[bool, typer.Option("--forceer", help="Ook een moment dat nog niet begon (vraagt --reden).")] = False,
    reden: Annotated[str | None, typer.Option("--reden", help="Waarom het al gehouden is.")] = None,
) -> None:
    """Leg vast dat een moment plaatsvond; geweigerd (exitcode 1) zolang het niet begonnen is."""
    meld(omgeving_van(ctx).commandos.moment_gehouden(traject, moment, forceer=forceer, reden=reden))


@commando(moment_app, "annuleren")
def moment_annuleren(
    ctx: typer.Context,
    traject: TrajectArg,
    moment: MomentArg,
    reden: Annotated[str | None, typer.Option("--reden", help="Waarom het niet doorgaat.")] = None,
) -> None:
    """Annuleer een gepland moment."""
    meld(omgeving_van(ctx).commandos.moment_annuleren(traject, moment, reden))
