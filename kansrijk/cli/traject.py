"""`kansrijk traject`: trajecten aanmaken, bekijken, pauzeren, hervatten en stopzetten."""

from typing import Annotated

import typer

from diensten import lezen as overzicht
from kansrijk import weergave
from kansrijk.cli.gedeeld import (
    JsonOptie,
    TrajectArg,
    commando,
    groep,
    meld,
    omgeving_van,
    print_json,
)

traject_app = groep("Trajecten aanmaken, bekijken, pauzeren en stopzetten.")

RedenOptie = Annotated[str, typer.Option("--reden", help="Waarom.", show_default=False)]


@commando(traject_app, "nieuw")
def traject_nieuw(
    ctx: typer.Context,
    programma: Annotated[str, typer.Option("--programma", help="az of stos.", show_default=False)],
    naam: Annotated[str, typer.Option("--naam", help="De naam van het traject.", show_default=False)],
    als_json: JsonOptie = False,
) -> None:
    """Maak een nieuw traject aan; toont de id (met --json: het traject)."""
    omgeving = omgeving_van(ctx)
    resultaat = omgeving.commandos.traject_nieuw(programma, naam)
    if als_json:
        print_json(omgeving.traject(resultaat.id))
    else:
        typer.echo(resultaat.id)


@commando(traject_app, "lijst")
def traject_lijst(ctx: typer.Context, als_json: JsonOptie = False) -> None:
    """Alle trajecten met hun fase en status."""
    omgeving = omgeving_van(ctx)
    rijen = overzicht.trajecten(omgeving.databank, omgeving.programmas, omgeving.instellingen.zone)
    if als_json:
        print_json(rijen)
    else:
        typer.echo(weergave.lijst(rijen))


@commando(traject_app, "toon")
def traject_toon(ctx: typer.Context, traject: TrajectArg, als_json: JsonOptie = False) -> None:
    """Een traject: partners, contactpersonen, momenten, voorwaarden voor de volgende fase en geschiedenis."""
    gegevens = omgeving_van(ctx).traject(traject)
    if als_json:
        print_json(gegevens)
    else:
        typer.echo(weergave.traject(gegevens))


@commando(traject_app, "pauzeren")
def traject_pauzeren(ctx: typer.Context, traject: TrajectArg, reden: RedenOptie) -> None:
    """Pauzeer een traject: geen faseovergangen en geen nieuwe momenten tot het hervat wordt."""
    meld(omgeving_van(ctx).commandos.pauzeren(traject, reden))
    typer.echo(f"Traject {traject} is gepauzeerd.")


@commando(traject_app, "hervatten")
def traject_hervatten(ctx: typer.Context, traject: TrajectArg) -> None:
    """Hervat een gepauzeerd traject."""
    meld(omgeving_van(ctx).commandos.hervatten(traject))
    typer.echo(f"Traject {traject} loopt weer.")


@commando(traject_app, "stopzetten")
def traject_stopzetten(ctx: typer.Context, traject: TrajectArg, reden: RedenOptie) -> None:
    """Zet een traject stop, vanuit elke fase; geplande momenten en timers vervallen."""
    meld(omgeving_van(ctx).commandos.stopzetten(traject, reden))
    typer.echo(f"Traject {traject} is stopgezet.")
