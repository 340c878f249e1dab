"""Wat elke commandogroep deelt: de omgeving uit de opstart, de argumenttypes, de uitvoer en de
Nederlandse Typer-klassen voor groepen en commando's."""

import json
from collections.abc import Callable
from datetime import UTC, datetime
from functools import cached_property
from typing import Annotated, Any

import typer

from config.instellingen import Instellingen
from diensten import lezen as overzicht
from diensten.commandos import Diensten
from diensten.eenheid import Resultaat
from domein.tijd import lees_tijdstip
from kansrijk.cli.nl import Commando, Groep
from opstart import Onderdelen


def groep(hulp: str) -> typer.Typer:
    return typer.Typer(
        cls=Groep,
        help=hulp,
        no_args_is_help=True,
        add_completion=False,
        options_metavar="[OPTIES]",
        subcommand_metavar="COMMANDO [ARGUMENTEN]...",
    )


def commando(groep_: typer.Typer, naam: str):
    return groep_.command(naam, cls=Commando, options_metavar="[OPTIES]")


class Omgeving(Onderdelen):
    """De onderdelen uit de opstart, met wat de CLI meegeeft: --nu en --door."""

    def __init__(self, instellingen: Instellingen, nu: datetime | None, door: str) -> None:
        super().__init__(instellingen)
        self.nu = nu
        self.door = door

    def klok(self) -> datetime:
        return self.nu or datetime.now(UTC)

    @cached_property
    def commandos(self) -> Diensten:
        return self.diensten(self.door, self.klok)

    def lees_tijd(self, tekst: str) -> datetime:
        return lees_tijdstip(tekst, self.instellingen.zone)

    def traject(self, traject_id: int) -> dict[str, Any]:
        return overzicht.traject(self.databank, self.programmas, traject_id, self.instellingen.zone)


def omgeving_van(ctx: typer.Context) -> Omgeving:
    """De omgeving die de hoofdfunctie (`kansrijk --nu ... --door ...`) op de wortel zette."""
    return ctx.find_root().obj


def print_json(waarde: Any) -> None:
    typer.echo(json.dumps(waarde, ensure_ascii=False, indent=2))


def meld(resultaat: Resultaat) -> None:
    for waarschuwing in resultaat.waarschuwingen:
        typer.echo(waarschuwing, err=True)
    if resultaat.melding:
        typer.echo(resultaat.melding)


def getal(maximum: int) -> Callable[[str], int]:
    """Een geheel getal van gewone cijfers 0-9, hoogstens `maximum`. int() van Python leest ook ' 1',
    '1_0', '+1' en andere cijfers ('０１', '١') als getal; een id is wat de gebruiker ziet, niet meer."""

    def lees(tekst: str | int) -> int:
        if isinstance(tekst, int):  # Typer geeft ook de standaardwaarde door
            return tekst
        if not (tekst.isascii() and tekst.isdigit()):
            raise typer.BadParameter(f"verwacht een geheel getal (alleen de cijfers 0-9), niet '{tekst}'.")
        if int(tekst) > maximum:
            raise typer.BadParameter(f"verwacht een geheel getal van hoogstens {maximum}, niet {tekst}.")
        return int(tekst)

    return lees


GETAL = getal(2**31 - 1)  # een id of aantal past in de databank (INTEGER op PostgreSQL: 32 bits)
JsonOptie = Annotated[bool, typer.Option("--json", help="Uitvoer als JSON.")]
TrajectArg = Annotated[int, typer.Argument(metavar="TRAJECT", help="De id van het traject.", show_default=False,
                                           parser=GETAL)]
PartnerArg = Annotated[int, typer.Argument(metavar="PARTNER", help="De id van de partner.", show_default=False,
                                           parser=GETAL)]
MomentArg = Annotated[int, typer.Argument(metavar="MOMENT", help="De id van het moment.", show_default=False,
                                          parser=GETAL)]
