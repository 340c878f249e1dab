"""`kansrijk engine`: APScheduler drijft de passen en het dagoverzicht. Met `PREFECT_API_URL` is elke
pas een flow run en serveert Prefect de formulieren van de coördinator; zonder draait dezelfde code
rechtstreeks (de databank is de waarheid, Prefect het venster) en start er geen tijdelijke
Prefect-server van 20 seconden. Met `eenmalig` één pas en klaar (cron, tests, tijdreizen)."""

import os
import threading
from collections.abc import Callable
from datetime import UTC, datetime

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from config.instellingen import Instellingen
from opstart import opstarten
from workflows import pas, verzenden

ZONDER_PREFECT = (
    "Geen PREFECT_API_URL: de engine werkt zonder Prefect-dashboard (de databank is de waarheid). "
    "Voor het dashboard: start 'prefect server start' en zet PREFECT_API_URL=http://127.0.0.1:4200/api."
)


def met_prefect() -> bool:
    """Alleen een Prefect-API die de gebruiker zelf instelde; Prefect laden om het te vragen kost al
    seconden, en zonder API zou Prefect per proces een tijdelijke server starten."""
    return bool(os.environ.get("PREFECT_API_URL"))


def postvak_melding(instellingen: Instellingen) -> str:
    if instellingen.smtp_host:
        return f"Berichten gaan via {instellingen.smtp_host}:{instellingen.smtp_port}."
    return (
        f"Geen KANSRIJK_SMTP_HOST ingesteld: berichten komen als .eml-bestanden in {instellingen.postvak}."
    )


def een_pas(nu: datetime | None = None, dagoverzicht: bool = False) -> dict[str, int]:
    nu = nu or datetime.now(UTC)
    if met_prefect():
        from workflows import flows  # Prefect pas laden als er een API is

        return flows.engine_pas(nu=nu, dagoverzicht=dagoverzicht)
    with opstarten() as o:
        return pas.pas_zonder_prefect(o, nu, dagoverzicht)


def dagoverzicht_versturen() -> None:
    if met_prefect():
        from workflows import flows

        flows.dagoverzicht()
        return
    nu = datetime.now(UTC)
    with opstarten() as o:
        verzenden.dagoverzicht(o, nu)
        verzenden.berichten_versturen(o, nu)


def eenmalig(instellingen: Instellingen, nu: datetime | None) -> dict[str, int]:
    """Eén pas alsof het `nu` is. Het dagoverzicht van die dag gaat mee zodra het uur voorbij is:
    wie de engine uit cron draait (of door de tijd reist), mist het dan niet."""
    nu = nu or datetime.now(UTC)
    na_het_uur = nu.astimezone(instellingen.zone).hour >= instellingen.dagoverzicht_uur
    return een_pas(nu, dagoverzicht=na_het_uur)


def planner(instellingen: Instellingen) -> BackgroundScheduler:
    """De pas om de `tick_seconden` (nooit twee tegelijk; een gemiste tel wordt er één) en het
    dagoverzicht om `dagoverzicht_uur` in de ingestelde tijdzone."""
    zone = instellingen.zone
    planner_ = BackgroundScheduler(timezone=zone)
    planner_.add_job(
        een_pas,
        IntervalTrigger(seconds=instellingen.tick_seconden, timezone=zone),
        id="pas",
        max_instances=1,
        coalesce=True,
        next_run_time=datetime.now(zone),
    )
    planner_.add_job(
        dagoverzicht_versturen,
        CronTrigger(hour=instellingen.dagoverzicht_uur, minute=0, timezone=zone),
        id="dagoverzicht",
        coalesce=True,
        misfire_grace_time=3600,  # wie net na achten herstart, krijgt het nog
    )
    return planner_


def draai(instellingen: Instellingen, meld: Callable[[str], None], stop: threading.Event | None = None) -> None:
    """Tot Ctrl-C of SIGTERM (of `stop`): de planner in zijn eigen draad; met Prefect serveert deze
    draad de formulieren."""
    planner_ = planner(instellingen)
    meld(postvak_melding(instellingen))
    meld(
        f"De engine draait: een pas om de {instellingen.tick_seconden} s, het dagoverzicht om "
        f"{instellingen.dagoverzicht_uur:02d}:00. Stoppen met Ctrl-C."
    )
    planner_.start()
    try:
        if met_prefect():
            from prefect import serve

            from workflows import flows

            meld("In het Prefect-dashboard: de formulieren onder Deployments (" + ", ".join(flows.FORMULIEREN.values())
                 + ").")
            serve(*flows.deployments(), print_starting_message=False)
        else:
            meld(ZONDER_PREFECT)
            (stop or threading.Event()).wait()
    finally:
        planner_.shutdown(wait=True)
