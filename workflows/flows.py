"""De Prefect-flows van de engine. Eén flow run per pas of per opdracht van de coördinator, nooit
per bericht (een flow run kost hier ongeveer een seconde). De volgorde van een pas staat in
`workflows.pas`, het werk in `workflows.timers`, `workflows.verzenden` en `workflows.artefacten`.

In het dashboard: een flow run over één traject (fase-volgende, ronde-verlengen, ronde-sluiten,
herinneringsronde) heet naar wat ze deed en het traject ('fase volgende: traject 3 Zelzate') en draagt
de tag `traject-N`; in een pas heet de taak per traject 'timers van traject N' en draagt ze de tags
`programma-X` en `fase-Y` (geen tag per traject op taken: zie `_taaktags`). Een weigering
van Kansrijk (open voorwaarde, onbekend traject) eindigt in de toestand 'Geweigerd' met de
Nederlandse reden als bericht; alleen een echte fout is Failed."""

import inspect
from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import partial
from typing import Any

from prefect import State, flow, get_client, get_run_logger, tags, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.deployments.runner import EntrypointType, RunnerDeployment
from prefect.runtime import flow_run
from prefect.states import Cancelled
from pydantic import Field

from config.instellingen import Instellingen
from diensten.commandos import Diensten
from diensten.eenheid import Resultaat
from diensten.lezen.engine import TrajectMetWerk, traject_met_werk
from diensten.timers import Timerverslag
from domein.fouten import Geweigerd, KansrijkFout
from notificaties.rapport import markdown
from opstart import Onderdelen, opstarten
from workflows import artefacten, pas, timers, verzenden
from workflows.verzenden import Verzendverslag

ARTEFACT = "trajectoverzicht"
# De eindtoestand van een opdracht die Kansrijk weigerde heet zoals de fout in het domein.
GEWEIGERD = Geweigerd.__name__


def _geweigerd(reden: str) -> State:
    """Een verwachte weigering is geen crash: type Cancelled (geen rode run, geen traceback), met de
    naam 'Geweigerd' en de reden van Kansrijk als bericht."""
    return Cancelled(name=GEWEIGERD, message=reden)


def _titel(titel: str, uitleg: str, standaard: Any = ...) -> Any:
    """Een parameter met een Nederlandse titel en uitleg in het formulier van het dashboard.
    (Prefect zet de titel altijd op de parameternaam; via json_schema_extra komt de onze erover.)"""
    return Field(standaard, description=uitleg, json_schema_extra={"title": titel})


# Niets cachen: een taak doet elke keer echt werk, en de onderdelen (databank) zijn niet te hashen.
_taak = partial(task, cache_policy=NO_CACHE)


def _nu(nu: datetime | None) -> datetime:
    return nu or datetime.now(UTC)


def _lokaal(nu: datetime | str | None, opmaak: str) -> str:
    """Een tijdstip voor een runnaam, in de tijdzone van de coördinator."""
    tijd = datetime.fromisoformat(nu) if isinstance(nu, str) else _nu(nu)
    return tijd.astimezone(Instellingen().zone).strftime(opmaak)


def _pasnaam() -> str:
    return f"pas {_lokaal(flow_run.parameters.get('nu'), '%d-%m-%Y %H:%M')}"


def _dagoverzichtnaam() -> str:
    return f"dagoverzicht {_lokaal(flow_run.parameters.get('nu'), '%d-%m-%Y')}"


def _taaktags(traject: TrajectMetWerk) -> list[str]:
    """Voor Prefect-taken: een begrensd aantal (programma, fase). Prefect 3 houdt per verschillende
    tagset een draad en vraagt per taakrun concurrency-slots aan (PrefectHQ/prefect#18615, #19367):
    een tag per traject kostte hier 0,5-2 s per taakrun en een draad per traject."""
    return [f"programma-{traject.programma}", f"fase-{traject.fase}"]


def _flowtags(traject: TrajectMetWerk) -> list[str]:
    """Voor een flow run over één traject (fase-volgende, herinneringsronde): ook het traject."""
    return [f"traject-{traject.id}", *_taaktags(traject)]


# -- taken -------------------------------------------------------------------------------------


@_taak(name="timers uitvoeren", task_run_name="timers van traject {traject.id}")
def timers_uitvoeren(o: Onderdelen, traject: TrajectMetWerk, nu: datetime) -> Timerverslag:
    return timers.timers_uitvoeren(o, traject.id, nu)


def _getagd(o: Onderdelen, traject: TrajectMetWerk, nu: datetime) -> Timerverslag:
    with tags(*_taaktags(traject)):
        return timers_uitvoeren(o, traject, nu)


@_taak(name="berichten versturen")
def berichten_versturen(o: Onderdelen, nu: datetime) -> Verzendverslag:
    verslag = verzenden.berichten_versturen(o, nu)
    logger = get_run_logger()
    logger.info("Verzonden: %d, later opnieuw: %d, mislukt: %d, vervallen (achterhaald): %d.", verslag.verzonden,
                verslag.later_opnieuw, verslag.mislukt, verslag.vervallen)
    for fout in verslag.fouten:
        logger.warning("Niet verzonden: %s", fout)
    return verslag


@_taak(name="dagoverzicht klaarzetten")
def dagoverzicht_klaarzetten(o: Onderdelen, nu: datetime) -> bool:
    return verzenden.dagoverzicht(o, nu)


@_taak(name="rapporten publiceren", task_run_name="rapporten van ronde {ronde_id}")
def rapporten_publiceren(o: Onderdelen, ronde_id: int, nu: datetime) -> int:
    """De rapporten van een gesloten vragenlijstronde als markdown-artefacten in het dashboard."""
    stukken = artefacten.samenvattingen(o, ronde_id, nu)
    for s in stukken:
        create_markdown_artifact(markdown(s.rapport, s.titel), key=s.sleutel, description=s.titel)
    return len(stukken)


@_taak(name="trajectoverzicht bijwerken")
def trajectoverzicht_bijwerken(o: Onderdelen, nu: datetime) -> int:
    rijen = artefacten.trajectoverzicht(o, nu)
    create_table_artifact(
        rijen or [{"traject": "geen lopende trajecten"}],
        key=ARTEFACT,
        description=f"Lopende trajecten op {nu.astimezone(o.instellingen.zone):%d-%m-%Y %H:%M}: fase, volgend "
        "moment, open voorwaarden en berichten.",
    )
    return len(rijen)


# De stappen van een pas als taken (de volgorde staat één keer, in `workflows.pas`).
PREFECT = pas.Stappen(timers=_getagd, versturen=berichten_versturen, dagoverzicht=dagoverzicht_klaarzetten,
                      publiceren=rapporten_publiceren, overzicht=trajectoverzicht_bijwerken)


# -- flows -------------------------------------------------------------------------------------


@flow(name="engine-pas", flow_run_name=_pasnaam)
def engine_pas(nu: datetime | None = None, dagoverzicht: bool = False) -> dict[str, int]:
    """Eén pas: vervallen timers per traject, (het dagoverzicht,) alles versturen wat klaarstaat,
    en het trajectoverzicht bijwerken als er iets veranderde."""
    with opstarten() as o:
        return pas.draai(o, _nu(nu), dagoverzicht, PREFECT)


@flow(name="dagoverzicht", flow_run_name=_dagoverzichtnaam)
def dagoverzicht(
    nu: datetime | None = _titel("Alsof het dan is", "Laat leeg voor nu; anders het dagoverzicht van die dag.", None),
) -> bool:
    """Het ochtendoverzicht voor de coördinator, meteen verstuurd; één per dag."""
    nu = _nu(nu)
    with opstarten() as o:
        nieuw = dagoverzicht_klaarzetten(o, nu)
        berichten_versturen(o, nu)
    return nieuw


TRAJECT = "Het nummer van het traject (kansrijk traject lijst toont ze)."
DOOR = "Wie de opdracht gaf; staat in de geschiedenis van het traject."


@flow(name="fase-volgende", flow_run_name="fase volgende: traject {traject}")
def fase_volgende(
    traject: int = _titel("Traject", TRAJECT),
    forceer: bool = _titel("Forceer", "Ook als een voorwaarde nog open staat; geef dan een reden.", False),
    reden: str = _titel("Reden", "Waarom je forceert (verplicht bij forceren).", ""),
    door: str = _titel("Door", DOOR, "dashboard"),
) -> str | State:
    """Breng een traject naar zijn volgende fase, met dezelfde voorwaarden als `kansrijk fase
    volgende`. Wie forceert, geeft een reden. Een weigering eindigt als 'Geweigerd' met de open
    voorwaarden."""
    return _opdracht_en_versturen(traject, "fase volgende", door,
                                  lambda c: c.volgende_fase(traject, forceer=forceer, reden=reden or None))


@flow(name="ronde-sluiten", flow_run_name="vragenlijstronde sluiten: traject {traject}")
def ronde_sluiten(traject: int = _titel("Traject", TRAJECT), door: str = _titel("Door", DOOR, "dashboard")
                  ) -> str | State:
    """Sluit de vragenlijstronde van een traject nu, zoals `kansrijk ronde sluiten`: de links
    verlopen, elke partner krijgt zijn rapport en de coördinator het overzicht; de rapporten staan
    daarna als artefact in het dashboard."""
    return _opdracht_en_versturen(traject, "vragenlijstronde sluiten", door, lambda c: c.ronde_sluiten(traject))


@flow(name="ronde-verlengen", flow_run_name="vragenlijstronde verlengen tot {tot}: traject {traject}")
def ronde_verlengen(
    traject: int = _titel("Traject", TRAJECT),
    tot: date = _titel("Tot", "De nieuwe laatste dag; de ronde sluit die dag om 18:00."),
    door: str = _titel("Door", DOOR, "dashboard"),
) -> str | State:
    """Verleng de vragenlijstronde tot `tot` (sluit om 18:00), zoals `kansrijk ronde verlengen`: de
    links werken langer en de herinneringen schuiven mee."""
    return _opdracht_en_versturen(traject, "vragenlijstronde verlengen", door, lambda c: c.ronde_verlengen(traject, tot))


def _opdracht_en_versturen(traject: int, wat: str, door: str, uitvoeren: Callable[[Diensten], Resultaat]
                           ) -> str | State:
    """Een opdracht van de coördinator uit het dashboard als taak; daarna de rapporten van een
    gesloten ronde publiceren, versturen wat klaarstaat en het trajectoverzicht bijwerken."""
    with opstarten() as o:
        try:
            _benoem_deze_run(o, traject, wat)
        except KansrijkFout as fout:
            return _geweigerd(str(fout))
        staat = _opdracht(o, traject, wat, door, uitvoeren, return_state=True)
        if staat.name == GEWEIGERD:
            return _geweigerd(staat.message)
        melding = staat.result()
        nu = _nu(None)  # na het commando: zijn berichten staan klaar vanaf toen
        for ronde_id in artefacten.te_publiceren(o):
            rapporten_publiceren(o, ronde_id, nu)
        berichten_versturen(o, nu)
        trajectoverzicht_bijwerken(o, nu)
    return melding


@_taak(name="opdracht", task_run_name="traject {traject}: {wat}")
def _opdracht(o: Onderdelen, traject: int, wat: str, door: str, uitvoeren: Callable[[Diensten], Resultaat]
              ) -> str | State:
    commando = o.diensten(door)
    try:
        melding = uitvoeren(commando).melding
    except KansrijkFout as fout:
        return _geweigerd(str(fout))
    get_run_logger().info(melding)
    return melding


@flow(name="herinneringsronde", flow_run_name="herinneringsronde: traject {traject}")
def herinneringsronde(
    traject: int = _titel("Traject", TRAJECT),
    dagen: int = _titel("Dagen", "Een herinnering voor elk gepland moment in zoveel komende dagen.", 14),
) -> int | State:
    """Stuur nu een herinnering voor elk gepland moment van het traject in de komende `dagen`
    dagen (hoogstens één ronde per dag: een tweede klik stuurt niets dubbel)."""
    nu = _nu(None)
    with opstarten() as o:
        try:
            _benoem_deze_run(o, traject, "herinneringsronde")
        except KansrijkFout as fout:
            return _geweigerd(str(fout))
        staat = _herinneringsronde(o, traject, dagen, nu, return_state=True)
        if staat.name == GEWEIGERD:
            return _geweigerd(staat.message)
        berichten_versturen(o, nu)
    return staat.result()


@_taak(name="herinneringsronde klaarzetten", task_run_name="traject {traject}: herinneringen")
def _herinneringsronde(o: Onderdelen, traject: int, dagen: int, nu: datetime) -> int | State:
    try:
        aantal = timers.herinneringsronde(o, traject, dagen, nu)
    except KansrijkFout as fout:
        return _geweigerd(str(fout))
    get_run_logger().info("%d herinnering(en) klaargezet.", aantal)
    return aantal


def _benoem_deze_run(o: Onderdelen, traject_id: int, wat: str) -> None:
    """Noem de lopende flow run naar wat ze doet en het traject, en zet `traject-N` (en programma en
    fase) erop, ook als ze uit het dashboard kwam: zo filtert de coördinator op een traject."""
    traject = traject_met_werk(o.databank, traject_id)
    with get_client(sync_client=True) as client:
        run = client.read_flow_run(flow_run.id)
        client.update_flow_run(flow_run.id, name=f"{wat}: traject {traject.id} {traject.naam}",
                               tags=sorted(set(run.tags) | set(_flowtags(traject))))


# De formulieren van de coördinator: elke deployment heet naar wat ze doet.
FORMULIEREN = {
    "fase-volgende": "traject naar de volgende fase",
    "ronde-verlengen": "vragenlijstronde verlengen",
    "ronde-sluiten": "vragenlijstronde nu sluiten",
    "herinneringsronde": "herinneringen nu versturen",
    "dagoverzicht": "dagoverzicht nu versturen",
}


def deployments() -> list[RunnerDeployment]:
    """Wat de engine serveert: de formulieren van de coördinator in het dashboard."""
    return [
        f.to_deployment(
            FORMULIEREN[f.name],
            description=inspect.cleandoc(f.fn.__doc__),
            tags=["kansrijk"],
            entrypoint_type=EntrypointType.MODULE_PATH,  # los van de map waarin de engine start
        )
        for f in (fase_volgende, ronde_verlengen, ronde_sluiten, herinneringsronde, dagoverzicht)
    ]
