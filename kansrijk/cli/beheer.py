"""Wat draait of onderhoudt: `kansrijk web`, `kansrijk engine`, `kansrijk demo` en `kansrijk db`.
Prefect, uvicorn, FastAPI en de demo worden pas in hun commando geladen: gewone commando's hoeven ze niet."""

import os
import socket
from collections import Counter
from typing import Annotated

import typer

from diensten import lezen as overzicht
from domein.fouten import OngeldigeInvoer, os_reden
from domein.model import BerichtStatus
from kansrijk import weergave
from kansrijk.cli.gedeeld import commando, getal, groep, omgeving_van
from opslag.databank import Databank

db_app = groep("De databank.")


def web(
    ctx: typer.Context,
    host: Annotated[str, typer.Option("--host", help="Adres om op te luisteren.")] = "127.0.0.1",
    poort: Annotated[int, typer.Option("--poort", help="Poort.", parser=getal(65535))] = 8000,
) -> None:
    """Start de webpagina's: de vragenlijsten, de schoolpagina met de stand en de rapporten (standaard alleen
    op deze machine: 127.0.0.1)."""
    import uvicorn

    from kansrijk.web import maak_app

    _kan_luisteren(host, poort)
    omgeving = omgeving_van(ctx)
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
    omgeving = omgeving_van(ctx)
    if nu is not None and not eenmalig:
        ctx.fail("De optie --nu gaat alleen samen met --eenmalig.")
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


def demo(ctx: typer.Context) -> None:
    """Zet een A-Z-samenwerkingsverband en een STOS-school door hun jaar (met tijdreizen), met de
    engine die onderweg de uitnodigingen, herinneringen en terugkommomenten verstuurt."""
    _prefect_standaarden(PREFECT_LOGGING_LEVEL="WARNING")  # het verhaal van de demo blijft leesbaar
    from kansrijk.demo import Demoklok, Tijdreis, az_samenwerkingsverband, stos_school
    from workflows import engine as engine_

    omgeving = omgeving_van(ctx)
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
    verzonden = Counter(b["soort"] for b in overzicht.berichten(omgeving.databank, instellingen.zone, status=BerichtStatus.VERZONDEN))
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


@commando(db_app, "upgrade")
def db_upgrade(ctx: typer.Context) -> None:
    """Breng het schema van de databank bij (gebeurt ook vanzelf bij elk commando)."""
    databank = Databank(omgeving_van(ctx).instellingen.databank_url)
    bijgewerkt = databank.bijwerken()
    versie = databank.schema_versie()
    typer.echo(f"Schema bijgewerkt tot versie {versie}." if bijgewerkt else f"Schema is al op versie {versie}.")
