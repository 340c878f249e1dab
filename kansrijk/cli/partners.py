"""`kansrijk partner`, `kansrijk contact` en `kansrijk train-the-trainer`: wie er aan een traject meedoet."""

from typing import Annotated

import typer

from kansrijk.cli.gedeeld import (
    JsonOptie,
    PartnerArg,
    TrajectArg,
    commando,
    groep,
    meld,
    omgeving_van,
    print_json,
)

partner_app = groep("Partners van een traject: scholen, het lokaal bestuur, welzijnspartners.")
contact_app = groep("Contactpersonen van een partner.")
ttt_app = groep("Inschrijvingen voor de train-the-trainer (de eerste per partner is gratis).")


@commando(partner_app, "toevoegen")
def partner_toevoegen(
    ctx: typer.Context,
    traject: TrajectArg,
    soort: Annotated[str, typer.Option("--soort", help="school, lokaal-bestuur of welzijnspartner.", show_default=False)],
    naam: Annotated[str, typer.Option("--naam", help="De naam van de partner.", show_default=False)],
    mandaat: Annotated[
        str | None, typer.Option("--mandaat", help="Voor een lokaal bestuur: diensthoofd of schepencollege.")
    ] = None,
    als_json: JsonOptie = False,
) -> None:
    """Voeg een partner toe; toont de id van de partner."""
    omgeving = omgeving_van(ctx)
    resultaat = omgeving.commandos.partner_toevoegen(traject, soort, naam, mandaat)
    if als_json:
        print_json(next(p for p in omgeving.traject(traject)["partners"] if p["id"] == resultaat.id))
    else:
        typer.echo(resultaat.id)


@commando(partner_app, "bevestigen")
def partner_bevestigen(ctx: typer.Context, traject: TrajectArg, partner: PartnerArg) -> None:
    """Leg vast dat een partner zijn deelname bevestigde."""
    meld(omgeving_van(ctx).commandos.partner_bevestigen(traject, partner))


@commando(partner_app, "mandaat")
def partner_mandaat(
    ctx: typer.Context,
    traject: TrajectArg,
    partner: PartnerArg,
    mandaat: Annotated[str, typer.Option("--mandaat", help="diensthoofd of schepencollege.", show_default=False)],
) -> None:
    """Geef het lokaal bestuur zijn mandaat."""
    meld(omgeving_van(ctx).commandos.mandaat_geven(traject, partner, mandaat))


@commando(contact_app, "toevoegen")
def contact_toevoegen(
    ctx: typer.Context,
    traject: TrajectArg,
    partner: PartnerArg,
    naam: Annotated[str, typer.Option("--naam", help="Naam van de contactpersoon.", show_default=False)],
    email: Annotated[str, typer.Option("--email", help="E-mailadres.", show_default=False)],
    rol: Annotated[
        str,
        typer.Option("--rol", help="Bv. directie, zorgleerkracht, trekker, werkgroep (zie 'programma toon').", show_default=False),
    ],
) -> None:
    """Voeg een contactpersoon toe aan een partner; toont de id."""
    typer.echo(omgeving_van(ctx).commandos.contact_toevoegen(traject, partner, naam, email, rol).id)


@commando(ttt_app, "inschrijven")
def ttt_inschrijven(
    ctx: typer.Context,
    traject: TrajectArg,
    partner: PartnerArg,
    naam: Annotated[str, typer.Option("--naam", help="Naam van de deelnemer.", show_default=False)],
    email: Annotated[str, typer.Option("--email", help="E-mailadres.", show_default=False)],
) -> None:
    """Schrijf iemand van een partner in voor de train-the-trainer."""
    meld(omgeving_van(ctx).commandos.inschrijven_train_the_trainer(traject, partner, naam, email))
