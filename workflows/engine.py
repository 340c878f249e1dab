"""`kansrijk engine`: APScheduler drijft de passen en het dagoverzicht, Prefect serveert de
formulieren van de coördinator. Met `eenmalig` één pas en klaar (cron, tests, tijdreizen)."""

from collections.abc import Callable
from datetime import UTC, datetime

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from prefect import serve

from config.instellingen import Instellingen
from workflows import flows


def postvak_melding(instellingen: Instellingen) -> str:
    if instellingen.smtp_host:
        return f"Berichten gaan via {instellingen.smtp_host}:{instellingen.smtp_port}."
    return (
        f"Geen KANSRIJK_SMTP_HOST ingesteld: berichten komen als .eml-bestanden in {instellingen.postvak}."
    )


def eenmalig(instellingen: Instellingen, nu: datetime | None) -> dict[str, int]:
    """Eén pas alsof het `nu` is. Het dagoverzicht van die dag gaat mee zodra het uur voorbij is:
    wie de engine uit cron draait (of door de tijd reist), mist het dan niet."""
    nu = nu or datetime.now(UTC)
    na_het_uur = nu.astimezone(instellingen.zone).hour >= instellingen.dagoverzicht_uur
    return flows.engine_pas(nu=nu, dagoverzicht=na_het_uur)


def planner(instellingen: Instellingen) -> BackgroundScheduler:
    """De pas om de `tick_seconden` (nooit twee tegelijk; een gemiste tel wordt er één) en het
    dagoverzicht om `dagoverzicht_uur` in de ingestelde tijdzone."""
    zone = instellingen.zone
    planner_ = BackgroundScheduler(timezone=zone)
    planner_.add_job(
        flows.engine_pas,
        IntervalTrigger(seconds=instellingen.tick_seconden, timezone=zone),
        id="pas",
        max_instances=1,
        coalesce=True,
        next_run_time=datetime.now(zone),
    )
    planner_.add_job(
        flows.dagoverzicht,
        CronTrigger(hour=instellingen.dagoverzicht_uur, minute=0, timezone=zone),
        id="dagoverzicht",
        coalesce=True,
        misfire_grace_time=3600,  # wie net na achten herstart, krijgt het nog
    )
    return planner_


def draai(instellingen: Instellingen, meld: Callable[[str], None]) -> None:
    """Tot Ctrl-C of SIGTERM: de planner in zijn eigen draad, Prefects `serve` in deze."""
    planner_ = planner(instellingen)
    meld(postvak_melding(instellingen))
    meld(
        f"De engine draait: een pas om de {instellingen.tick_seconden} s, het dagoverzicht om "
        f"{instellingen.dagoverzicht_uur:02d}:00. In het Prefect-dashboard: de flows fase-volgende, "
        "herinneringsronde en dagoverzicht. Stoppen met Ctrl-C."
    )
    planner_.start()
    try:
        serve(*flows.deployments(), print_starting_message=False)
    finally:
        planner_.shutdown(wait=True)
