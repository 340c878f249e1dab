"""`kansrijk ronde`: de vragenlijstronde van een traject volgen, doelen zetten, verlengen en sluiten."""

from typing import Annotated

import typer

from diensten import lezen as overzicht
from domein.tijd import lees_datum
from kansrijk import weergave
from kansrijk.cli.gedeeld import (
    GETAL,
    JsonOptie,
    PartnerArg,
    TrajectArg,
    commando,
    groep,
    meld,
    omgeving_van,
    print_json,
)

ronde_app = groep("De vragenlijstronde van een traject: de stand volgen, doelen zetten, verlengen en sluiten.")


@commando(ronde_app, "toon")
def ronde_toon(ctx: typer.Context, traject: TrajectArg, als_json: JsonOptie = False) -> None:
    """De vragenlijstronde: tot wanneer ze loopt, en per partner en groep de antwoorden tegenover het
    doel (of tegenover wie op naam uitgenodigd werd)."""
    omgeving = omgeving_van(ctx)
    stand = overzicht.ronde(omgeving.databank, omgeving.programmas, omgeving.vragenlijsten[1], traject,
                            omgeving.instellingen.zone)
    if als_json:
        print_json(stand)
    else:
        typer.echo(weergave.ronde(stand))


@commando(ronde_app, "doel")
def ronde_doel(
    ctx: typer.Context,
    traject: TrajectArg,
    partner: PartnerArg,
    vragenlijst: Annotated[str, typer.Option("--vragenlijst", help="Een anonieme groep, bv. stos-ouders.",
                                             show_default=False)],
    aantal: Annotated[int, typer.Option("--aantal", help="Hoeveel antwoorden de school verwacht.", show_default=False,
                                         parser=GETAL)],
) -> None:
    """Zet hoeveel antwoorden een school van een groep verwacht (dat kan de school ook zelf op haar pagina)."""
    meld(omgeving_van(ctx).commandos.ronde_doelen(traject, partner, {vragenlijst: aantal}))


@commando(ronde_app, "verlengen")
def ronde_verlengen(
    ctx: typer.Context,
    traject: TrajectArg,
    tot: Annotated[str, typer.Option("--tot", metavar="JJJJ-MM-DD", help="De nieuwe laatste dag (sluit om 18:00).",
                                     show_default=False)],
) -> None:
    """Verleng de vragenlijstronde: de links werken langer en de herinneringen schuiven mee."""
    meld(omgeving_van(ctx).commandos.ronde_verlengen(traject, lees_datum(tot)))


@commando(ronde_app, "sluiten")
def ronde_sluiten(ctx: typer.Context, traject: TrajectArg) -> None:
    """Sluit de vragenlijstronde nu: de links verlopen en elke partner met antwoorden krijgt zijn rapport."""
    meld(omgeving_van(ctx).commandos.ronde_sluiten(traject))
