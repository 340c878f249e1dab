"""De Prefect-flows van de engine. Eén flow run per pas of per opdracht van de coördinator, nooit
per bericht (een flow run kost hier ongeveer een seconde). Het werk zelf staat in `workflows.pas`.

In het dashboard: een flow run over één traject (fase-volgende, ronde-verlengen, ronde-sluiten,
herinneringsronde) draagt de tag
`traject-N`; in een pas heet de taak per traject 'timers van traject N' en draagt ze de tags
`programma-X` en `fase-Y` (geen tag per traject op taken: zie `TrajectMetWerk.tags`)."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from functools import partial

from prefect import flow, get_client, get_run_logger, tags, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.deployments.runner import EntrypointType, RunnerDeployment
from prefect.runtime import flow_run

from config.instellingen import Instellingen
from config.programma import PROGRAMMA_MAP, laad_programmas
from config.vragenlijst import VRAGENLIJST_MAP, laad_vragenlijsten, rondes_kloppen
from domein.fouten import KansrijkFout
from kansrijk.commando import Commando, Resultaat
from notificaties.post import Post
from opslag.databank import open_databank
from workflows import pas
from workflows.pas import Onderdelen, TrajectMetWerk

ARTEFACT = "trajectoverzicht"


class Geweigerd(Exception):
    """Een opdracht uit het dashboard die Kansrijk weigert; de flow run faalt met de reden."""


@contextmanager
def _weigering() -> Iterator[None]:
    """Een fout van Kansrijk (onbekend traject, open voorwaarde) laat de flow run falen met de
    Nederlandse reden, zonder Kansrijks eigen traceback."""
    try:
        yield
    except KansrijkFout as fout:
        raise Geweigerd(str(fout)) from None


@contextmanager
def onderdelen() -> Iterator[Onderdelen]:
    """Per flow run opnieuw uit de omgeving (KANSRIJK_*): een flow run in een apart proces
    (vanuit het dashboard) ziet zo dezelfde instellingen als de engine."""
    instellingen = Instellingen()
    databank = open_databank(instellingen.databank_url)
    try:
        programmas = laad_programmas(instellingen.programma_map or PROGRAMMA_MAP)
        vragenlijsten = laad_vragenlijsten(instellingen.vragenlijst_map or VRAGENLIJST_MAP)
        rondes_kloppen(programmas, vragenlijsten[1])
        yield Onderdelen(databank, programmas, Post.uit(instellingen), instellingen, vragenlijsten)
    finally:
        databank.engine.dispose()


# Niets cachen: een taak doet elke keer echt werk, en de onderdelen (databank) zijn niet te hashen.
_taak = partial(task, cache_policy=NO_CACHE)


def _nu(nu: datetime | None) -> datetime:
    return nu or datetime.now(UTC)


# -- taken -------------------------------------------------------------------------------------


@_taak(name="timers uitvoeren", task_run_name="timers van traject {traject.id}")
def timers_uitvoeren(o: Onderdelen, traject: TrajectMetWerk, nu: datetime) -> pas.Timerverslag:
    return pas.timers_uitvoeren(o, traject.id, nu)


@_taak(name="berichten versturen")
def berichten_versturen(o: Onderdelen, nu: datetime) -> pas.Verzendverslag:
    verslag = pas.berichten_versturen(o, nu)
    logger = get_run_logger()
    logger.info("Verzonden: %d, later opnieuw: %d, mislukt: %d, vervallen (achterhaald): %d.", verslag.verzonden,
                verslag.later_opnieuw, verslag.mislukt, verslag.vervallen)
    for fout in verslag.fouten:
        logger.warning("Niet verzonden: %s", fout)
    return verslag


@_taak(name="dagoverzicht klaarzetten")
def dagoverzicht_klaarzetten(o: Onderdelen, nu: datetime) -> bool:
    return pas.dagoverzicht(o, nu)


@_taak(name="rapporten publiceren", task_run_name="rapporten van ronde {ronde_id}")
def rapporten_publiceren(o: Onderdelen, ronde_id: int, nu: datetime) -> int:
    """De rapporten van een gesloten vragenlijstronde als markdown-artefacten in het dashboard."""
    stukken = pas.samenvattingen(o, ronde_id, nu)
    for s in stukken:
        create_markdown_artifact(s.markdown, key=s.sleutel, description=s.titel)
    return len(stukken)


@_taak(name="trajectoverzicht bijwerken")
def trajectoverzicht_bijwerken(o: Onderdelen, nu: datetime) -> int:
    rijen = pas.trajectoverzicht(o, nu)
    create_table_artifact(
        rijen or [{"traject": "geen lopende trajecten"}],
        key=ARTEFACT,
        description=f"Lopende trajecten op {nu.astimezone(o.instellingen.zone):%d-%m-%Y %H:%M}: fase, volgend "
        "moment, open voorwaarden en berichten.",
    )
    return len(rijen)


# -- flows -------------------------------------------------------------------------------------


@flow(name="engine-pas", flow_run_name="pas {nu}")
def engine_pas(nu: datetime | None = None, dagoverzicht: bool = False) -> dict[str, int]:
    """Eén pas: vervallen timers per traject, (het dagoverzicht,) alles versturen wat klaarstaat,
    en het trajectoverzicht bijwerken als er iets veranderde."""
    nu = _nu(nu)
    with onderdelen() as o:

        def getagd(traject: TrajectMetWerk) -> pas.Timerverslag:
            with tags(*traject.tags):
                return timers_uitvoeren(o, traject, nu)

        t = pas.alle_timers(o, nu, getagd)
        for ronde_id in pas.te_publiceren(o):
            rapporten_publiceren(o, ronde_id, nu)
        verslag = {"timers": sum(t.uitgevoerd.values()), "vervallen": t.vervallen, "overgeslagen": t.overgeslagen,
                   "dagoverzicht": 0}
        if dagoverzicht:
            verslag["dagoverzicht"] = int(dagoverzicht_klaarzetten(o, nu))
        v = berichten_versturen(o, nu)
        verslag |= {"verzonden": v.verzonden, "later_opnieuw": v.later_opnieuw, "mislukt": v.mislukt}
        gewijzigd = bool(verslag["timers"] or t.vervallen or v.verzonden or v.mislukt)
        if pas.trajectoverzicht_nodig(o, gewijzigd=gewijzigd):
            trajectoverzicht_bijwerken(o, nu)
    return verslag


@flow(name="dagoverzicht", flow_run_name="dagoverzicht {nu}")
def dagoverzicht(nu: datetime | None = None) -> bool:
    """Het ochtendoverzicht voor de coördinator, meteen verstuurd; één per dag."""
    nu = _nu(nu)
    with onderdelen() as o:
        nieuw = dagoverzicht_klaarzetten(o, nu)
        berichten_versturen(o, nu)
    return nieuw


@flow(name="fase-volgende", flow_run_name="traject {traject}: volgende fase")
def fase_volgende(traject: int, forceer: bool = False, reden: str | None = None, door: str = "dashboard") -> str:
    """Breng een traject naar zijn volgende fase, met dezelfde voorwaarden als `kansrijk fase
    volgende`. Wie forceert, geeft een reden. Een weigering laat de flow run falen met de open
    voorwaarden als reden."""
    return _opdracht_en_versturen(traject, "faseovergang", door,
                                  lambda c: c.volgende_fase(traject, forceer=forceer, reden=reden))


@flow(name="ronde-sluiten", flow_run_name="traject {traject}: vragenlijstronde sluiten")
def ronde_sluiten(traject: int, door: str = "dashboard") -> str:
    """Sluit de vragenlijstronde van een traject nu, zoals `kansrijk ronde sluiten`: de links
    verlopen, elke partner krijgt zijn rapport en de coördinator het overzicht; de rapporten staan
    daarna als artefact in het dashboard."""
    return _opdracht_en_versturen(traject, "vragenlijstronde sluiten", door, lambda c: c.ronde_sluiten(traject))


@flow(name="ronde-verlengen", flow_run_name="traject {traject}: vragenlijstronde verlengen tot {tot}")
def ronde_verlengen(traject: int, tot: date, door: str = "dashboard") -> str:
    """Verleng de vragenlijstronde tot `tot` (sluit om 18:00), zoals `kansrijk ronde verlengen`: de
    links werken langer en de herinneringen schuiven mee."""
    return _opdracht_en_versturen(traject, "vragenlijstronde verlengen", door, lambda c: c.ronde_verlengen(traject, tot))


def _opdracht_en_versturen(traject: int, wat: str, door: str, uitvoeren: Callable[[Commando], Resultaat]) -> str:
    """Een opdracht van de coördinator uit het dashboard als taak; daarna de rapporten van een
    gesloten ronde publiceren, versturen wat klaarstaat en het trajectoverzicht bijwerken."""
    with onderdelen() as o:
        _tag_deze_run(o, traject)
        melding = _opdracht(o, traject, wat, door, uitvoeren)
        nu = _nu(None)  # na het commando: zijn berichten staan klaar vanaf toen
        for ronde_id in pas.te_publiceren(o):
            rapporten_publiceren(o, ronde_id, nu)
        berichten_versturen(o, nu)
        trajectoverzicht_bijwerken(o, nu)
    return melding


@_taak(name="opdracht", task_run_name="traject {traject}: {wat}")
def _opdracht(o: Onderdelen, traject: int, wat: str, door: str, uitvoeren: Callable[[Commando], Resultaat]) -> str:
    commando = Commando(o.databank, o.programmas, post=o.post, door=door, vragenlijsten=o.vragenlijsten)
    with _weigering():
        melding = uitvoeren(commando).melding
    get_run_logger().info(melding)
    return melding


@flow(name="herinneringsronde", flow_run_name="traject {traject}: herinneringsronde")
def herinneringsronde(traject: int, dagen: int = 14) -> int:
    """Stuur nu een herinnering voor elk gepland moment van het traject in de komende `dagen`
    dagen (hoogstens één ronde per dag: een tweede klik stuurt niets dubbel)."""
    nu = _nu(None)
    with onderdelen() as o:
        _tag_deze_run(o, traject)
        aantal = _herinneringsronde(o, traject, dagen, nu)
        berichten_versturen(o, nu)
    return aantal


@_taak(name="herinneringsronde klaarzetten", task_run_name="traject {traject}: herinneringen")
def _herinneringsronde(o: Onderdelen, traject: int, dagen: int, nu: datetime) -> int:
    with _weigering():
        aantal = pas.herinneringsronde(o, traject, dagen, nu)
    get_run_logger().info("%d herinnering(en) klaargezet.", aantal)
    return aantal


def _tag_deze_run(o: Onderdelen, traject_id: int) -> None:
    """Zet `traject-N` (en programma en fase) op de lopende flow run, ook als ze uit het dashboard
    kwam: zo filtert de coördinator op een traject."""
    with _weigering():
        extra = pas.traject_met_werk(o, traject_id).flow_tags
    with get_client(sync_client=True) as client:
        run = client.read_flow_run(flow_run.id)
        client.update_flow_run(flow_run.id, tags=sorted(set(run.tags) | set(extra)))


def deployments() -> list[RunnerDeployment]:
    """Wat de engine serveert: de formulieren van de coördinator in het dashboard."""
    return [
        f.to_deployment(
            "kansrijk",
            description=f.__doc__,
            tags=["kansrijk"],
            entrypoint_type=EntrypointType.MODULE_PATH,  # los van de map waarin de engine start
        )
        for f in (fase_volgende, ronde_verlengen, ronde_sluiten, herinneringsronde, dagoverzicht)
    ]
