"""De opdrachtregel van de coördinator: `kansrijk`.

Exitcodes: 0 gelukt, 1 het domein weigert (een voorwaarde is niet voldaan), 2 ongeldige invoer,
3 een onverwachte fout (de details in <gegevensmap>/kansrijk.log).
Gewone commando's laden Prefect niet: dat kost hier al een seconde bij het importeren."""

import base64
import errno
import getpass
import json
import os
import socket
import stat
import sys
import tempfile
import traceback
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import ValidationError

from config.instellingen import Instellingen
from config.laden import ConfigFout
from config.vragenlijst import (
    Vragenlijst,
)
from diensten import lezen as overzicht
from diensten.commandos import Diensten
from diensten.eenheid import Resultaat, kies_programma
from domein import invoer
from domein.antwoorden import schoon
from domein.fouten import Geweigerd, KansrijkFout, OngeldigeInvoer, os_reden
from domein.tijd import lees_datum, lees_tijdstip
from kansrijk import weergave
from kansrijk.cli_nl import Commando, GebruiksFout, Groep, gebruiksfout
from opslag.databank import Databank
from opstart import Onderdelen


def _groep(hulp: str) -> typer.Typer:
    return typer.Typer(
        cls=Groep,
        help=hulp,
        no_args_is_help=True,
        add_completion=False,
        options_metavar="[OPTIES]",
        subcommand_metavar="COMMANDO [ARGUMENTEN]...",
    )


app = _groep("Kansrijk: de trajecten van vzw Krijt (A-Z en STOS), van aanloopfase tot terugkommoment.")
traject_app = _groep("Trajecten aanmaken, bekijken, pauzeren en stopzetten.")
partner_app = _groep("Partners van een traject: scholen, het lokaal bestuur, welzijnspartners.")
contact_app = _groep("Contactpersonen van een partner.")
moment_app = _groep("Contactmomenten plannen, verplaatsen, annuleren en als gehouden markeren.")
fase_app = _groep("De fase van een traject.")
programma_app = _groep("De programma's (A-Z, STOS) met hun fasen, momenten en voorwaarden.")
vragenlijst_app = _groep("De vragenlijsten per programma en groep, met hun domeinen en items.")
ronde_app = _groep("De vragenlijstronde van een traject: de stand volgen, doelen zetten, verlengen en sluiten.")
ttt_app = _groep("Inschrijvingen voor de train-the-trainer (de eerste per partner is gratis).")
db_app = _groep("De databank.")
berichten_app = _groep("De uitgaande berichten (de outbox): wat wacht, vertrok, mislukte of vervangen werd.")
for _naam, _sub in [
    ("traject", traject_app),
    ("partner", partner_app),
    ("contact", contact_app),
    ("moment", moment_app),
    ("fase", fase_app),
    ("programma", programma_app),
    ("vragenlijst", vragenlijst_app),
    ("ronde", ronde_app),
    ("train-the-trainer", ttt_app),
    ("db", db_app),
    ("berichten", berichten_app),
]:
    app.add_typer(_sub, name=_naam)


def _commando(groep: typer.Typer, naam: str):
    return groep.command(naam, cls=Commando, options_metavar="[OPTIES]")


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


def _omgeving(ctx: typer.Context) -> Omgeving:
    return ctx.find_root().obj


def _print_json(waarde: Any) -> None:
    typer.echo(json.dumps(waarde, ensure_ascii=False, indent=2))


def _meld(resultaat: Resultaat) -> None:
    for waarschuwing in resultaat.waarschuwingen:
        typer.echo(waarschuwing, err=True)
    if resultaat.melding:
        typer.echo(resultaat.melding)


def _getal(maximum: int) -> Callable[[str], int]:
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


GETAL = _getal(2**31 - 1)  # een id of aantal past in de databank (INTEGER op PostgreSQL: 32 bits)
JsonOptie = Annotated[bool, typer.Option("--json", help="Uitvoer als JSON.")]
TrajectArg = Annotated[int, typer.Argument(metavar="TRAJECT", help="De id van het traject.", show_default=False,
                                           parser=GETAL)]
PartnerArg = Annotated[int, typer.Argument(metavar="PARTNER", help="De id van de partner.", show_default=False,
                                           parser=GETAL)]
MomentArg = Annotated[int, typer.Argument(metavar="MOMENT", help="De id van het moment.", show_default=False,
                                          parser=GETAL)]


@app.callback()
def _hoofd(
    ctx: typer.Context,
    nu: Annotated[
        str | None,
        typer.Option("--nu", metavar="JJJJ-MM-DDTUU:MM", help="Doe alsof het nu dit tijdstip is (voor demo's en tests)."),
    ] = None,
    door: Annotated[
        str | None, typer.Option("--door", help="Wie het commando geeft (standaard: je gebruikersnaam).")
    ] = None,
) -> None:
    instellingen = Instellingen()
    ctx.obj = Omgeving(
        instellingen=instellingen,
        nu=lees_tijdstip(nu, instellingen.zone) if nu is not None else None,  # --nu "" is een fout, geen 'nu'
        door=invoer.tekst(door, "De naam bij --door") if door is not None else getpass.getuser(),
    )


# -- traject -----------------------------------------------------------------------------------


@_commando(traject_app, "nieuw")
def traject_nieuw(
    ctx: typer.Context,
    programma: Annotated[str, typer.Option("--programma", help="az of stos.", show_default=False)],
    naam: Annotated[str, typer.Option("--naam", help="De naam van het traject.", show_default=False)],
    als_json: JsonOptie = False,
) -> None:
    """Maak een nieuw traject aan; toont de id (met --json: het traject)."""
    omgeving = _omgeving(ctx)
    resultaat = omgeving.commandos.traject_nieuw(programma, naam)
    if als_json:
        _print_json(omgeving.traject(resultaat.id))
    else:
        typer.echo(resultaat.id)


@_commando(traject_app, "lijst")
def traject_lijst(ctx: typer.Context, als_json: JsonOptie = False) -> None:
    """Alle trajecten met hun fase en status."""
    omgeving = _omgeving(ctx)
    rijen = overzicht.trajecten(omgeving.databank, omgeving.programmas, omgeving.instellingen.zone)
    if als_json:
        _print_json(rijen)
    else:
        typer.echo(weergave.lijst(rijen))


@_commando(traject_app, "toon")
def traject_toon(ctx: typer.Context, traject: TrajectArg, als_json: JsonOptie = False) -> None:
    """Een traject: partners, contactpersonen, momenten, voorwaarden voor de volgende fase en geschiedenis."""
    gegevens = _omgeving(ctx).traject(traject)
    if als_json:
        _print_json(gegevens)
    else:
        typer.echo(weergave.traject(gegevens))


RedenOptie = Annotated[str, typer.Option("--reden", help="Waarom.", show_default=False)]


@_commando(traject_app, "pauzeren")
def traject_pauzeren(ctx: typer.Context, traject: TrajectArg, reden: RedenOptie) -> None:
    """Pauzeer een traject: geen faseovergangen en geen nieuwe momenten tot het hervat wordt."""
    _meld(_omgeving(ctx).commandos.pauzeren(traject, reden))
    typer.echo(f"Traject {traject} is gepauzeerd.")


@_commando(traject_app, "hervatten")
def traject_hervatten(ctx: typer.Context, traject: TrajectArg) -> None:
    """Hervat een gepauzeerd traject."""
    _meld(_omgeving(ctx).commandos.hervatten(traject))
    typer.echo(f"Traject {traject} loopt weer.")


@_commando(traject_app, "stopzetten")
def traject_stopzetten(ctx: typer.Context, traject: TrajectArg, reden: RedenOptie) -> None:
    """Zet een traject stop, vanuit elke fase; geplande momenten en timers vervallen."""
    _meld(_omgeving(ctx).commandos.stopzetten(traject, reden))
    typer.echo(f"Traject {traject} is stopgezet.")


# -- partner en contact ------------------------------------------------------------------------


@_commando(partner_app, "toevoegen")
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
    omgeving = _omgeving(ctx)
    resultaat = omgeving.commandos.partner_toevoegen(traject, soort, naam, mandaat)
    if als_json:
        _print_json(next(p for p in omgeving.traject(traject)["partners"] if p["id"] == resultaat.id))
    else:
        typer.echo(resultaat.id)


@_commando(partner_app, "bevestigen")
def partner_bevestigen(ctx: typer.Context, traject: TrajectArg, partner: PartnerArg) -> None:
    """Leg vast dat een partner zijn deelname bevestigde."""
    _meld(_omgeving(ctx).commandos.partner_bevestigen(traject, partner))


@_commando(partner_app, "mandaat")
def partner_mandaat(
    ctx: typer.Context,
    traject: TrajectArg,
    partner: PartnerArg,
    mandaat: Annotated[str, typer.Option("--mandaat", help="diensthoofd of schepencollege.", show_default=False)],
) -> None:
    """Geef het lokaal bestuur zijn mandaat."""
    _meld(_omgeving(ctx).commandos.mandaat_geven(traject, partner, mandaat))


@_commando(contact_app, "toevoegen")
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
    typer.echo(_omgeving(ctx).commandos.contact_toevoegen(traject, partner, naam, email, rol).id)


@_commando(ttt_app, "inschrijven")
def ttt_inschrijven(
    ctx: typer.Context,
    traject: TrajectArg,
    partner: PartnerArg,
    naam: Annotated[str, typer.Option("--naam", help="Naam van de deelnemer.", show_default=False)],
    email: Annotated[str, typer.Option("--email", help="E-mailadres.", show_default=False)],
) -> None:
    """Schrijf iemand van een partner in voor de train-the-trainer."""
    _meld(_omgeving(ctx).commandos.inschrijven_train_the_trainer(traject, partner, naam, email))


# -- momenten ----------------------------------------------------------------------------------


StartOptie = Annotated[
    str, typer.Option("--start", metavar="JJJJ-MM-DDTUU:MM", help="Begin, in Brusselse tijd; in het uur dat in de herfst twee keer voorkomt de eerste keer (zomertijd), de tweede met +01:00 erachter.", show_default=False)
]
DuurOptie = Annotated[
    int | None, typer.Option("--duur", metavar="MINUTEN", help="Duur in minuten (standaard: uit het programma).",
                              parser=GETAL)
]


@_commando(moment_app, "plannen")
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
    omgeving = _omgeving(ctx)
    resultaat = omgeving.commandos.moment_plannen(
        traject, soort, omgeving.lees_tijd(start), duur=duur, locatie=locatie, partner_id=partner, fase=fase
    )
    _meld(resultaat)
    if als_json:
        _print_json(next(m for m in omgeving.traject(traject)["momenten"] if m["id"] == resultaat.id))
    else:
        typer.echo(resultaat.id)


@_commando(moment_app, "verplaatsen")
def moment_verplaatsen(
    ctx: typer.Context, traject: TrajectArg, moment: MomentArg, start: StartOptie, duur: DuurOptie = None
) -> None:
    """Verplaats een gepland moment."""
    omgeving = _omgeving(ctx)
    _meld(omgeving.commandos.moment_verplaatsen(traject, moment, omgeving.lees_tijd(start), duur=duur))


@_commando(moment_app, "gehouden")
def moment_gehouden(
    ctx: typer.Context,
    traject: TrajectArg,
    moment: MomentArg,
    forceer: Annotated[bool, typer.Option("--forceer", help="Ook een moment dat nog niet begon (vraagt --reden).")] = False,
    reden: Annotated[str | None, typer.Option("--reden", help="Waarom het al gehouden is.")] = None,
) -> None:
    """Leg vast dat een moment plaatsvond; geweigerd (exitcode 1) zolang het niet begonnen is."""
    _meld(_omgeving(ctx).commandos.moment_gehouden(traject, moment, forceer=forceer, reden=reden))


@_commando(moment_app, "annuleren")
def moment_annuleren(
    ctx: typer.Context,
    traject: TrajectArg,
    moment: MomentArg,
    reden: Annotated[str | None, typer.Option("--reden", help="Waarom het niet doorgaat.")] = None,
) -> None:
    """Annuleer een gepland moment."""
    _meld(_omgeving(ctx).commandos.moment_annuleren(traject, moment, reden))


# -- fase --------------------------------------------------------------------------------------


@_commando(fase_app, "volgende")
def fase_volgende(
    ctx: typer.Context,
    traject: TrajectArg,
    forceer: Annotated[bool, typer.Option("--forceer", help="Ga verder ook al is niet alles voldaan (vraagt --reden).")] = False,
    reden: Annotated[str | None, typer.Option("--reden", help="Waarom je de voorwaarden overschrijft.")] = None,
    als_json: JsonOptie = False,
) -> None:
    """Breng een traject naar zijn volgende fase; geweigerd (exitcode 1) zolang een voorwaarde open staat."""
    omgeving = _omgeving(ctx)
    try:
        resultaat = omgeving.commandos.volgende_fase(traject, forceer=forceer, reden=reden)
    except Geweigerd as fout:
        if not als_json:
            raise
        # Een programma dat --json vraagt, leest ook een weigering als JSON (exitcode blijft 1).
        typer.echo(f"Fout: {fout}", err=True)
        open_ = [v for v in omgeving.traject(traject)["voorwaarden"] if not v["voldaan"]]
        _print_json({"traject": traject, "geweigerd": True, "melding": fout.args[0], "niet_voldaan": open_})
        raise typer.Exit(fout.exitcode) from None
    if als_json:
        _print_json(omgeving.traject(traject))
    else:
        _meld(resultaat)


# -- programma ---------------------------------------------------------------------------------


@_commando(programma_app, "lijst")
def programma_lijst(ctx: typer.Context) -> None:
    """De programma's die Kansrijk kent."""
    for programma in _omgeving(ctx).programmas.values():
        typer.echo(f"{programma.code}\t{programma.naam}")


@_commando(programma_app, "toon")
def programma_toon(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(metavar="PROGRAMMA", help="az of stos.", show_default=False)],
    als_json: JsonOptie = False,
) -> None:
    """De fasen van een programma met hun momenten (duur, deelnemers) en voorwaarden."""
    programma = kies_programma(_omgeving(ctx).programmas, code)
    if als_json:
        _print_json(programma.model_dump(mode="json"))
    else:
        typer.echo(weergave.programma(programma))


@_commando(vragenlijst_app, "lijst")
def vragenlijst_lijst(ctx: typer.Context) -> None:
    """De vragenlijsten die Kansrijk kent."""
    for v in _omgeving(ctx).vragenlijsten[1].values():
        typer.echo(f"{v.code}\t{v.programma}\t{v.groep}\t{'anoniem' if v.anoniem else 'op naam'}\t{v.naam}")


@_commando(vragenlijst_app, "toon")
def vragenlijst_toon(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(metavar="VRAGENLIJST", help="Bv. stos-ouders.", show_default=False)],
    als_json: JsonOptie = False,
) -> None:
    """Een vragenlijst: inleiding, schaal, en per domein de items en de open vraag."""
    omgeving = _omgeving(ctx)
    lijst = _vragenlijst(omgeving, code)
    if als_json:
        _print_json(lijst.model_dump(mode="json"))
    else:
        typer.echo(weergave.vragenlijst(lijst, omgeving.vragenlijsten[0]))


def _vragenlijst(omgeving: Omgeving, code: str) -> Vragenlijst:
    vragenlijsten = omgeving.vragenlijsten[1]
    if code not in vragenlijsten:
        raise OngeldigeInvoer(f"Onbekende vragenlijst '{code}'; kies uit: {', '.join(vragenlijsten)}.")
    return vragenlijsten[code]


@_commando(vragenlijst_app, "importeer")
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
    omgeving = _omgeving(ctx)
    lijst = _vragenlijst(omgeving, vragenlijst)
    try:
        tekst = _lees_bestand(bestand).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise OngeldigeInvoer(
            f"Het bestand {bestand} is geen UTF-8-tekst; bewaar het in Excel als 'CSV UTF-8 (door komma's gescheiden)'."
        ) from None
    _meld(omgeving.commandos.csv_inlezen(traject, partner, lijst, tekst))


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


@_commando(vragenlijst_app, "link")
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
    omgeving = _omgeving(ctx)
    geheim = omgeving.commandos.link_maken(traject, partner, _vragenlijst(omgeving, vragenlijst), contact, dagen)
    typer.echo(omgeving.commandos.post.url("v", geheim))


# -- de vragenlijstronde -----------------------------------------------------------------------


@_commando(ronde_app, "toon")
def ronde_toon(ctx: typer.Context, traject: TrajectArg, als_json: JsonOptie = False) -> None:
    """De vragenlijstronde: tot wanneer ze loopt, en per partner en groep de antwoorden tegenover het
    doel (of tegenover wie op naam uitgenodigd werd)."""
    omgeving = _omgeving(ctx)
    stand = overzicht.ronde(omgeving.databank, omgeving.programmas, omgeving.vragenlijsten[1], traject,
                            omgeving.instellingen.zone)
    if als_json:
        _print_json(stand)
    else:
        typer.echo(weergave.ronde(stand))


@_commando(ronde_app, "doel")
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
    _meld(_omgeving(ctx).commandos.ronde_doelen(traject, partner, {vragenlijst: aantal}))


@_commando(ronde_app, "verlengen")
def ronde_verlengen(
    ctx: typer.Context,
    traject: TrajectArg,
    tot: Annotated[str, typer.Option("--tot", metavar="JJJJ-MM-DD", help="De nieuwe laatste dag (sluit om 18:00).",
                                     show_default=False)],
) -> None:
    """Verleng de vragenlijstronde: de links werken langer en de herinneringen schuiven mee."""
    _meld(_omgeving(ctx).commandos.ronde_verlengen(traject, lees_datum(tot)))


@_commando(ronde_app, "sluiten")
def ronde_sluiten(ctx: typer.Context, traject: TrajectArg) -> None:
    """Sluit de vragenlijstronde nu: de links verlopen en elke partner met antwoorden krijgt zijn rapport."""
    _meld(_omgeving(ctx).commandos.ronde_sluiten(traject))


@app.command("web", cls=Commando, options_metavar="[OPTIES]")
def web(
    ctx: typer.Context,
    host: Annotated[str, typer.Option("--host", help="Adres om op te luisteren.")] = "127.0.0.1",
    poort: Annotated[int, typer.Option("--poort", help="Poort.", parser=_getal(65535))] = 8000,
) -> None:
    """Start de webpagina's: de vragenlijsten, de schoolpagina met de stand en de rapporten (standaard alleen
    op deze machine: 127.0.0.1)."""
    import uvicorn

    from kansrijk.web import maak_app

    _kan_luisteren(host, poort)
    omgeving = _omgeving(ctx)
    # De school zet op haar pagina zelf doelen; het logboek noemt dan de schoolpagina.
    app_ = maak_app(omgeving.diensten("schoolpagina", omgeving.klok), vertrouwde_proxies=omgeving.instellingen.proxies)
    typer.echo(f"Het webformulier luistert op http://{host}:{poort} (Ctrl-C om te stoppen).")
    # Geen X-Forwarded-For van uvicorn zelf (dat vertrouwt standaard 127.0.0.1): alleen KANSRIJK_VERTROUWDE_PROXIES.
    uvicorn.run(app_, host=host, port=poort, log_level="warning", proxy_headers=False)


def _kan_luisteren(host: str, poort: int) -> None:
    """Vooraf, want uvicorn meldt een bezette poort of een onbekend adres in het Engels en stopt dan
    met een eigen exitcode."""
    try:
        with socket.create_server((host, poort)):
            pass
    except socket.gaierror:
        raise OngeldigeInvoer(f"Kan niet luisteren op {host}:{poort}: dat adres is onbekend.") from None
    except OSError as fout:
        raise OngeldigeInvoer(f"Kan niet luisteren op {host}:{poort}: {os_reden(fout)}.") from None


@app.command("rapport", cls=Commando, options_metavar="[OPTIES]")
def rapport_(
    ctx: typer.Context,
    traject: TrajectArg,
    partner: PartnerArg,
    html: Annotated[Path | None, typer.Option("--html", metavar="BESTAND",
                                              help="Schrijf het volledige rapport met grafieken als HTML-pagina.")] = None,
) -> None:
    """Het rapport van een school (of het lokaal bestuur) uit zijn antwoorden: per domein de groepen
    naast elkaar, en de voorgestelde werkpunten."""
    from notificaties import rapport as weergave_rapport  # Pillow alleen laden als het nodig is

    omgeving = _omgeving(ctx)
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


# -- agenda en berichten -----------------------------------------------------------------------


@app.command("agenda", cls=Commando, options_metavar="[OPTIES]")
def agenda(ctx: typer.Context, traject: TrajectArg, als_json: JsonOptie = False) -> None:
    """Wat voor een traject nog vertrekt, op datum: wachtende berichten en timers, met hun ontvangers."""
    omgeving = _omgeving(ctx)
    rijen = overzicht.agenda(
        omgeving.databank,
        omgeving.programmas,
        traject,
        omgeving.instellingen.zone,
        omgeving.instellingen.coordinator_adres,
        omgeving.klok(),
    )
    if als_json:
        _print_json(rijen)
    else:
        typer.echo(weergave.agenda(traject, rijen))


def _berichtstatus(waarde: str | None) -> str | None:
    if waarde is not None and waarde not in overzicht.BERICHTSTATUSSEN:
        raise typer.BadParameter(
            f"'{waarde}' is geen berichtstatus; kies uit {', '.join(overzicht.BERICHTSTATUSSEN)}."
        )
    return waarde


@_commando(berichten_app, "lijst")
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
    omgeving = _omgeving(ctx)
    rijen = overzicht.berichten(omgeving.databank, omgeving.instellingen.zone, status=status, traject_id=traject)
    if als_json:
        _print_json(rijen)
    else:
        typer.echo(weergave.berichten(rijen, status))


# -- engine ------------------------------------------------------------------------------------


def _prefect_standaarden(**extra: str) -> None:
    """Vóór Prefect geladen wordt; wat de gebruiker zelf instelde, blijft staan."""
    standaard = {
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",  # deze machines bellen niet naar buiten
        # Zonder PREFECT_API_URL start Prefect een tijdelijke server; op een drukke machine duurt
        # dat langer dan Prefects standaard van 20 s.
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
        **extra,
    }
    for naam, waarde in standaard.items():
        os.environ.setdefault(naam, waarde)


@app.command("engine", cls=Commando, options_metavar="[OPTIES]")
def engine(
    ctx: typer.Context,
    eenmalig: Annotated[
        bool, typer.Option("--eenmalig", help="Doe één pas (timers, dagoverzicht na het uur, versturen) en stop.")
    ] = False,
    nu: Annotated[
        str | None,
        typer.Option("--nu", metavar="JJJJ-MM-DDTUU:MM", help="Met --eenmalig: doe de pas alsof het dan is."),
    ] = None,
) -> None:
    """Start de engine: herinneringen, terugkommomenten, het dagoverzicht en het versturen van de
    berichten. Met PREFECT_API_URL als Prefect-flows, met de formulieren van de coördinator in het
    Prefect-dashboard; zonder rechtstreeks. Met --eenmalig één pas en klaar."""
    omgeving = _omgeving(ctx)
    if nu is not None and not eenmalig:
        raise GebruiksFout("De optie --nu gaat alleen samen met --eenmalig.", ctx=ctx)
    tijdstip = omgeving.lees_tijd(nu) if nu is not None else omgeving.nu
    _ = omgeving.databank  # het schema bijwerken, en een onbereikbare databank melden vóór Prefect start
    _prefect_standaarden()
    from workflows import engine as engine_  # Prefect pas laden als het echt nodig is

    if not eenmalig:
        engine_.draai(omgeving.instellingen, typer.echo)
        return
    typer.echo(engine_.postvak_melding(omgeving.instellingen))
    if not engine_.met_prefect():
        typer.echo(engine_.ZONDER_PREFECT)
    v = engine_.eenmalig(omgeving.instellingen, tijdstip)
    typer.echo(
        f"Pas klaar: {v['timers']} timer(s) uitgevoerd, {v['vervallen']} vervallen; {v['verzonden']} bericht(en) "
        f"verzonden, {v['later_opnieuw']} later opnieuw, {v['mislukt']} mislukt, {v['berichten_vervallen']} "
        "vervallen (achterhaald)" + ("; dagoverzicht klaargezet." if v["dagoverzicht"] else ".")
    )


# -- demo --------------------------------------------------------------------------------------


@app.command("demo", cls=Commando, options_metavar="[OPTIES]")
def demo(ctx: typer.Context) -> None:
    """Zet een A-Z-samenwerkingsverband en een STOS-school door hun jaar (met tijdreizen), met de
    engine die onderweg de uitnodigingen, herinneringen en terugkommomenten verstuurt."""
    _prefect_standaarden(PREFECT_LOGGING_LEVEL="WARNING")  # het verhaal van de demo blijft leesbaar
    from kansrijk.demo import Demoklok, Tijdreis, az_samenwerkingsverband, stos_school
    from workflows import engine as engine_

    omgeving = _omgeving(ctx)
    instellingen = omgeving.instellingen
    klok = Demoklok()
    commandos = omgeving.diensten("demo", klok)
    typer.echo(engine_.postvak_melding(instellingen))
    typer.echo("De engine doet zijn passen als Prefect-flows." if engine_.met_prefect() else engine_.ZONDER_PREFECT)
    reis = Tijdreis(klok, omgeving.databank, lambda nu: engine_.eenmalig(instellingen, nu))
    trajecten = [az_samenwerkingsverband(commandos, reis, typer.echo), stos_school(commandos, reis, typer.echo)]
    reis.tot_de_laatste_timer()
    typer.echo(f"Terugkommomenten aangekondigd; de klok staat nu op {klok.nu.astimezone(instellingen.zone):%d-%m-%Y}.")

    for t in trajecten:
        typer.echo("\n" + weergave.traject(omgeving.traject(t)))
    verzonden = Counter(b["soort"] for b in overzicht.berichten(omgeving.databank, instellingen.zone, status="verzonden"))
    typer.echo(f"\nDe gegevens staan in {instellingen.databank_url}.")
    typer.echo(
        f"Verzonden berichten: {sum(verzonden.values())} ("
        + ", ".join(f"{aantal} {soort}" for soort, aantal in sorted(verzonden.items())) + ")."
    )
    if not instellingen.smtp_host:
        typer.echo(f"Ze staan als .eml-bestanden in {instellingen.postvak}/ (open ze met je mailprogramma).")
    if engine_.met_prefect():
        typer.echo("In het Prefect-dashboard: een flow run per pas onder engine-pas, met een taak per traject, en het "
                   "artefact trajectoverzicht.")
    else:
        typer.echo(
            "Het Prefect-dashboard: start in een andere terminal '.venv/bin/prefect server start' (op "
            "127.0.0.1:4200), zet PREFECT_API_URL=http://127.0.0.1:4200/api en draai de demo of 'kansrijk engine' "
            "opnieuw; de flow runs staan onder engine-pas, met een taak per traject, en het artefact "
            "trajectoverzicht."
        )


# -- db ----------------------------------------------------------------------------------------


@_commando(db_app, "upgrade")
def db_upgrade(ctx: typer.Context) -> None:
    """Breng het schema van de databank bij (gebeurt ook vanzelf bij elk commando)."""
    databank = Databank(_omgeving(ctx).instellingen.databank_url)
    bijgewerkt = databank.bijwerken()
    versie = databank.schema_versie()
    typer.echo(f"Schema bijgewerkt tot versie {versie}." if bijgewerkt else f"Schema is al op versie {versie}.")


ONVERWACHT = 3  # een fout die niemand voorzag (een bug): niet 1 (geweigerd) en niet 2 (ongeldige invoer)


def uitvoeren(argumenten: list[str]) -> int:
    """Eén commando; geeft de exitcode. Wat misloopt, wordt één Nederlandse regel op stderr."""
    try:
        for argument in argumenten:
            _geldige_tekst(argument)
        uitkomst = app(args=argumenten, standalone_mode=False, prog_name="kansrijk")
    except GebruiksFout as fout:
        typer.echo(gebruiksfout(fout), err=True)
        return 2
    except (KansrijkFout, ConfigFout) as fout:
        typer.echo(f"Fout: {fout}", err=True)
        return fout.exitcode
    except ValidationError as fout:  # een ongeldige KANSRIJK_-instelling
        typer.echo(f"Fout: {_instellingsfout(fout)}", err=True)
        return 2
    except KeyboardInterrupt:
        typer.echo("Afgebroken.", err=True)
        return 130
    except Exception:  # noqa: BLE001  (bewust alles: de gebruiker krijgt nooit een traceback)
        # Een transactie die zo afbreekt, wordt teruggedraaid; de details zijn voor wie de bug oplost.
        log = _bewaar_traceback(argumenten)
        waar = f"De details staan in {log}." if log else "De details konden nergens bewaard worden."
        typer.echo(f"Fout: er ging onverwacht iets mis in Kansrijk (exitcode {ONVERWACHT}). {waar}", err=True)
        return ONVERWACHT
    return uitkomst if isinstance(uitkomst, int) else 0


def _instellingsfout(fout: ValidationError) -> str:
    """Wat er mis is met de eerste foute instelling: wat het veld verwacht (zijn `description`) en wat er stond."""
    fout_ = fout.errors()[0]
    veld = str(fout_["loc"][0])
    verwacht = Instellingen.model_fields[veld].description if veld in Instellingen.model_fields else None
    return f"ongeldige instelling KANSRIJK_{veld.upper()}: {verwacht or 'ongeldige waarde'}, niet {str(fout_['input'])!r}."


def _geldige_tekst(argument: str) -> None:
    # Bytes die geen UTF-8 zijn, komen als 'surrogates' binnen; geen databank kan ze bewaren.
    try:
        argument.encode("utf-8")
    except UnicodeEncodeError:
        raise OngeldigeInvoer(f"Het argument {argument!a} is geen geldige UTF-8-tekst.") from None
    # Dezelfde tekens die het webformulier en de CSV-import weglaten (schoon), maar hier geweigerd:
    # wie ze typt, bedoelt ze niet, en stil weglaten zou een naam of locatie ongezien veranderen.
    if schoon(argument) != argument:
        raise OngeldigeInvoer(f"Het argument {argument!a} bevat een stuurteken (bv. NUL of ESC); typ het zonder.")


def _bewaar_traceback(argumenten: list[str]) -> Path | None:
    """Schrijft de traceback bij in <gegevensmap>/kansrijk.log, of in de tijdelijke map als dat niet gaat."""
    try:
        mappen = [Instellingen().data_dir]
    except ValidationError:
        mappen = []
    regels = f"{datetime.now(UTC).isoformat()} kansrijk {' '.join(map(ascii, argumenten))}\n{traceback.format_exc()}\n"
    for map_ in [*mappen, Path(tempfile.gettempdir())]:
        log = map_ / "kansrijk.log"
        try:
            map_.mkdir(parents=True, exist_ok=True)
            with log.open("a", encoding="utf-8", errors="backslashreplace") as bestand:
                bestand.write(regels)
            return log
        except OSError:
            continue
    return None


def main() -> None:
    sys.exit(uitvoeren(sys.argv[1:]))
