"""`kansrijk programma` en `kansrijk vragenlijst`: wat de programma's en vragenlijsten vragen, het
inlezen van antwoorden uit een CSV en de links naar een vragenlijst."""

import errno
import stat
from pathlib import Path
from typing import Annotated

import typer

from config.vragenlijst import Vragenlijst
from diensten.eenheid import kies_programma
from domein.fouten import OngeldigeInvoer, os_reden
from kansrijk import weergave
from kansrijk.cli.gedeeld import (
    GETAL,
    JsonOptie,
    Omgeving,
    PartnerArg,
    TrajectArg,
    commando,
    groep,
    meld,
    omgeving_van,
    print_json,
)

programma_app = groep("De programma's (A-Z, STOS) met hun fasen, momenten en voorwaarden.")
vragenlijst_app = groep("De vragenlijsten per programma en groep, met hun domeinen en items.")


@commando(programma_app, "lijst")
def programma_lijst(ctx: typer.Context) -> None:
    """De programma's die Kansrijk kent."""
    for programma in omgeving_van(ctx).programmas.values():
        typer.echo(f"{programma.code}\t{programma.naam}")


@commando(programma_app, "toon")
def programma_toon(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(metavar="PROGRAMMA", help="az of stos.", show_default=False)],
    als_json: JsonOptie = False,
) -> None:
    """De fasen van een programma met hun momenten (duur, deelnemers) en voorwaarden."""
    programma = kies_programma(omgeving_van(ctx).programmas, code)
    if als_json:
        print_json(programma.model_dump(mode="json"))
    else:
        typer.echo(weergave.programma(programma))


@commando(vragenlijst_app, "lijst")
def vragenlijst_lijst(ctx: typer.Context) -> None:
    """De vragenlijsten die Kansrijk kent."""
    for v in omgeving_van(ctx).vragenlijsten[1].values():
        typer.echo(f"{v.code}\t{v.programma}\t{v.groep}\t{'anoniem' if v.anoniem else 'op naam'}\t{v.naam}")


@commando(vragenlijst_app, "toon")
def vragenlijst_toon(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(metavar="VRAGENLIJST", help="Bv. stos-ouders.", show_default=False)],
    als_json: JsonOptie = False,
) -> None:
    """Een vragenlijst: inleiding, schaal, en per domein de items en de open vraag."""
    omgeving = omgeving_van(ctx)
    lijst = _vragenlijst(omgeving, code)
    if als_json:
        print_json(lijst.model_dump(mode="json"))
    else:
        typer.echo(weergave.vragenlijst(lijst, omgeving.vragenlijsten[0]))


def _vragenlijst(omgeving: Omgeving, code: str) -> Vragenlijst:
    vragenlijsten = omgeving.vragenlijsten[1]
    if code not in vragenlijsten:
        raise OngeldigeInvoer(f"Onbekende vragenlijst '{code}'; kies uit: {', '.join(vragenlijsten)}.")
    return vragenlijsten[code]


@commando(vragenlijst_app, "importeer")
def vragenlijst_importeer(
    ctx: typer.Context,
    traject: TrajectArg,
    partner: PartnerArg,
    bestand: Annotated[Path, typer.Argument(metavar="BESTAND", help="CSV in UTF-8, met , of ; gescheiden.",
                                            show_default=False)],
    vragenlijst: Annotated[str, typer.Option("--vragenlijst", help="Bv. stos-ouders.", show_default=False)],
) -> None:
    """Lees antwoorden uit een CSV (een rij per respondent, een kolom per itemcode en per
    open-<domein>); elke fout wordt gemeld met rij en kolom, en bij een fout wordt niets ingelezen."""
    omgeving = omgeving_van(ctx)
    lijst = _vragenlijst(omgeving, vragenlijst)
    try:
        tekst = _lees_bestand(bestand).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise OngeldigeInvoer(
            f"Het bestand {bestand} is geen UTF-8-tekst; bewaar het in Excel als 'CSV UTF-8 (door komma's gescheiden)'."
        ) from None
    meld(omgeving.commandos.csv_inlezen(traject, partner, lijst, tekst))


MAX_BESTAND = 20 * 1024 * 1024  # ruim meer dan de antwoorden van een grote school


def _lees_bestand(bestand: Path) -> bytes:
    """Alleen een gewoon bestand van hoogstens MAX_BESTAND: /dev/urandom of een pipe zou eindeloos lezen (of
    bij het openen al wachten), dus eerst stat, dan lezen."""
    try:
        status = bestand.stat()
        if stat.S_ISDIR(status.st_mode):
            raise IsADirectoryError(errno.EISDIR, "map")
        if not stat.S_ISREG(status.st_mode):
            raise OngeldigeInvoer(f"{bestand} is geen gewoon bestand (maar bv. een apparaat of pipe).")
        with bestand.open("rb") as invoer:
            inhoud = invoer.read(MAX_BESTAND + 1)  # niet meer lezen dan nodig om te weten dat het te groot is
    except OSError as fout:
        raise OngeldigeInvoer(f"Het bestand {bestand} is niet leesbaar: {os_reden(fout)}.") from None
    if len(inhoud) > MAX_BESTAND:
        raise OngeldigeInvoer(f"Het bestand {bestand} is groter dan {MAX_BESTAND // 2**20} MB.")
    return inhoud


@commando(vragenlijst_app, "link")
def vragenlijst_link(
    ctx: typer.Context,
    traject: TrajectArg,
    partner: PartnerArg,
    vragenlijst: Annotated[str, typer.Option("--vragenlijst", help="Bv. stos-ouders.", show_default=False)],
    contact: Annotated[int | None, typer.Option("--contact", metavar="CONTACT", parser=GETAL,
                                                help="Voor een vragenlijst op naam: de contactpersoon.")] = None,
    dagen: Annotated[int, typer.Option("--dagen", help="Hoe lang de link werkt.", parser=GETAL)] = 14,
) -> None:
    """Maak een link naar een vragenlijst: een groepslink die de school doorgeeft (anoniem), of een
    persoonlijke link die één keer werkt. Toont de link; Kansrijk bewaart alleen zijn hash."""
    omgeving = omgeving_van(ctx)
    geheim = omgeving.commandos.link_maken(traject, partner, _vragenlijst(omgeving, vragenlijst), contact, dagen)
    typer.echo(omgeving.commandos.post.url("v", geheim))
