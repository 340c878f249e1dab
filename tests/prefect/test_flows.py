"""De flows op een echte Prefect-API (`prefect_test_harness`, één per testsessie): namen en tags
per traject, het artefact trajectoverzicht, de formulieren fase-volgende en herinneringsronde, en
`kansrijk engine` als proces dat deployments serveert en zelf zijn passen doet."""

import email
import email.policy
import json
import os
import signal
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from prefect import get_client
from prefect.client.schemas.filters import (
    ArtifactFilter,
    ArtifactFilterFlowRunId,
    ArtifactFilterKey,
    FlowRunFilter,
    FlowRunFilterId,
    TaskRunFilter,
    TaskRunFilterTags,
)
from prefect.deployments import run_deployment
from prefect.settings import PREFECT_API_URL
from prefect.testing.utilities import prefect_test_harness

from config.programma import laad_programmas
from config.vragenlijst import laad_vragenlijsten
from diensten.commandos import Diensten
from domein.berichten import Ontvanger
from domein.tijd import BRUSSEL
from notificaties.post import Post
from opslag.databank import open_databank
from opslag.tabellen import TrajectRij, naar_domein
from workflows import flows

pytestmark = pytest.mark.xdist_group("prefect")  # één harnas per testsessie, niet per worker

KANSRIJK = str(Path(sys.executable).parent / "kansrijk")
POST = Post(Ontvanger("vzw Krijt", "kansrijk@krijt.test"), Ontvanger("Colette Victor", "colette@krijt.test"))


@pytest.fixture(scope="session")
def prefect_api():
    with prefect_test_harness(server_startup_timeout=90):
        yield PREFECT_API_URL.value()


@pytest.fixture
def omgeving(prefect_api, tmp_path, smtp_server, monkeypatch):
    """De KANSRIJK_-instellingen waar de flows (ook in een ander proces) hun onderdelen uit halen."""
    waarden = {
        "KANSRIJK_DATA_DIR": str(tmp_path),
        "KANSRIJK_SMTP_HOST": "127.0.0.1",
        "KANSRIJK_SMTP_PORT": str(smtp_server.poort),
        "KANSRIJK_MAIL_AFZENDER": "vzw Krijt <kansrijk@krijt.test>",
        "KANSRIJK_COORDINATOR": "Colette Victor <colette@krijt.test>",
    }
    for naam, waarde in waarden.items():
        monkeypatch.setenv(naam, waarde)
    return {**os.environ, **waarden, "PREFECT_API_URL": prefect_api}


@pytest.fixture
def commando(omgeving, tmp_path):
    databank = open_databank(f"sqlite:///{tmp_path / 'kansrijk.db'}")
    yield Diensten(databank, laad_programmas(), post=POST, door="test")
    databank.engine.dispose()


def stos_school(commando: Diensten, naam: str) -> int:
    t = commando.traject_nieuw("stos", naam).id
    school = commando.partner_toevoegen(t, "school", naam).id
    commando.contact_toevoegen(t, school, "Marleen Wouters", f"directie@{t}.school.be", "directie")
    return t


def wacht_tot(voorwaarde, timeout: float = 30.0):
    """Prefect schrijft taakruns via events: wacht tot ze er zijn, met een grens."""
    grens = time.monotonic() + timeout
    while not (uitkomst := voorwaarde()):
        if time.monotonic() > grens:
            raise TimeoutError("de Prefect-API toonde het niet op tijd")
        time.sleep(0.2)
    return uitkomst


def test_pas_als_flow_met_taken_per_traject_en_het_trajectoverzicht(commando, smtp_server):
    t = stos_school(commando, "Sint-Lodewijkscollege")
    commando.partner_bevestigen(t, 1)
    commando.volgende_fase(t)  # naar de intake
    start = datetime.now(BRUSSEL).replace(microsecond=0) + timedelta(days=20)
    commando.moment_plannen(t, "intakegesprek", start)

    pas = flows.engine_pas(nu=start - timedelta(days=5), dagoverzicht=False, return_state=True)
    verslag = pas.result()
    assert verslag["timers"] == 1 and verslag["verzonden"] == 3  # nieuwe fase, uitnodiging, herinnering
    assert len(smtp_server.wacht_op(3)) == 3

    with get_client(sync_client=True) as client:
        run = client.read_flow_run(pas.state_details.flow_run_id)
        assert run.name == f"pas {start - timedelta(days=5):%d-%m-%Y %H:%M}" and run.state.is_completed()
        taken = wacht_tot(lambda: client.read_task_runs(
            flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[run.id])),
            task_run_filter=TaskRunFilter(tags=TaskRunFilterTags(all_=["programma-stos", "fase-intake"]))))
        assert [r.name for r in taken] == [f"timers van traject {t}"]
    (artefact,) = _artefacten(["trajectoverzicht"], pas)
    rijen = json.loads(artefact.data) if isinstance(artefact.data, str) else artefact.data
    (rij,) = [r for r in rijen if r["traject"] == f"{t}: Sint-Lodewijkscollege"]
    assert rij["fase"] == "Intake" and rij["verzonden"] == 3 and rij["mislukt"] == 0


def test_de_pas_sluit_de_ronde_op_de_deadline_en_publiceert_de_rapporten(commando, smtp_server):
    t = stos_school(commando, "Het Anker")
    commando.partner_bevestigen(t, 1)
    commando.volgende_fase(t, forceer=True, reden="Intake al gedaan")
    commando.volgende_fase(t, forceer=True, reden="Werkgroep volgt")  # de schoolfoto: de ronde gaat open
    lijst = commando.vragenlijsten["stos-ouders"]
    rijen = [",".join(i.code for i in lijst.items)] + [",".join("2" for _ in lijst.items)] * 5
    commando.csv_inlezen(t, 1, lijst, "\n".join(rijen))
    with commando.databank.transactie() as sessie:
        (ronde,) = naar_domein(sessie.get(TrajectRij, t)).rondes

    pas = flows.engine_pas(nu=ronde.deadline, return_state=True)
    assert pas.result()["timers"] >= 1  # de herinneringen vielen eerder: alleen de laatste gaat, en het sluiten
    sleutels = [f"rapport-traject-{t}-partner-1", f"overzicht-traject-{t}-ronde-{ronde.id}"]
    artefacten = _artefacten(sleutels, pas)
    inhoud = {a.key: a.data for a in artefacten}
    assert set(inhoud) == set(sleutels)
    assert inhoud[sleutels[0]].startswith("# Schoolfoto Het Anker") and "Ouders 5" in inhoud[sleutels[0]]
    assert "- **" in inhoud[sleutels[0]].split("## Werkpunten")[1]  # met een score van 2: werkpunten
    onderwerpen = {_onderwerp(b).strip() for b in smtp_server.wacht_op(len(smtp_server.berichten))}
    assert {"Schoolfoto Het Anker"} <= onderwerpen
    # Een tweede pas publiceert niets opnieuw.
    assert _artefacten(sleutels, flows.engine_pas(nu=ronde.deadline + timedelta(minutes=1), return_state=True)) == []


def test_ronde_verlengen_en_sluiten_uit_het_dashboard(commando, smtp_server):
    t = stos_school(commando, "De Horizon")
    staat = flows.ronde_sluiten(traject=t, return_state=True)
    assert staat.name == "Geweigerd" and "heeft (nog) geen vragenlijstronde" in staat.message
    commando.partner_bevestigen(t, 1)
    commando.volgende_fase(t, forceer=True, reden="Intake al gedaan")
    commando.volgende_fase(t, forceer=True, reden="Werkgroep volgt")
    staat = flows.ronde_verlengen(traject=t, tot=date(2020, 1, 6), return_state=True)
    assert staat.name == "Geweigerd" and "latere dag" in staat.message
    with commando.databank.transactie() as sessie:
        (ronde,) = naar_domein(sessie.get(TrajectRij, t)).rondes
    later = (ronde.deadline + timedelta(days=7)).date()
    assert f"loopt nu tot {later:%d-%m-%Y} 18:00" in flows.ronde_verlengen(traject=t, tot=later)
    # Eén leerkracht antwoordt: zonder antwoorden krijgt de school geen rapport (en geen artefact).
    leerkrachten = laad_vragenlijsten()[1]["stos-leerkrachten"]
    commando.csv_inlezen(t, 1, leerkrachten, ",".join(i.code for i in leerkrachten.items) + "\n"
                         + ",".join("4" for _ in leerkrachten.items))
    gesloten = flows.ronde_sluiten(traject=t, return_state=True)
    assert "gesloten" in gesloten.result()
    with get_client(sync_client=True) as client:
        run = client.read_flow_run(gesloten.state_details.flow_run_id)
    assert run.name == f"vragenlijstronde sluiten: traject {t} De Horizon" and f"traject-{t}" in run.tags
    (artefact,) = _artefacten([f"rapport-traject-{t}-partner-1"], gesloten)
    assert artefact.data.startswith("# Schoolfoto De Horizon")
    onderwerpen = [_onderwerp(b).strip() for b in smtp_server.berichten]
    assert "Schoolfoto De Horizon" in onderwerpen


def test_fase_volgende_uit_het_dashboard_weigert_met_de_open_voorwaarden(commando, smtp_server):
    t = stos_school(commando, "De Regenboog")
    staat = flows.fase_volgende(traject=t, return_state=True)
    # Een weigering is geen crash: een eigen eindtoestand met alleen de Nederlandse reden.
    assert staat.is_cancelled() and staat.name == "Geweigerd"
    assert staat.message.startswith(f"Traject {t} kan nog niet naar 'Intake'. Niet voldaan") and "bevestigd" in staat.message
    assert "Traceback" not in staat.message and "Error" not in staat.message
    assert _fase(commando, t) == "aanmelding"

    staat = flows.fase_volgende(traject=t, forceer=True, return_state=True)  # forceren zonder reden
    assert staat.name == "Geweigerd" and "reden" in staat.message
    assert flows.fase_volgende(traject=999, return_state=True).name == "Geweigerd"  # onbekend traject

    staat = flows.fase_volgende(traject=t, forceer=True, reden="School bevestigde mondeling", door="Colette",
                                return_state=True)
    assert staat.result() == f"Traject {t} is nu in fase 'Intake'."
    with get_client(sync_client=True) as client:
        run = client.read_flow_run(staat.state_details.flow_run_id)
    assert {f"traject-{t}", "programma-stos", "fase-aanmelding"} <= set(run.tags)
    assert run.name == f"fase volgende: traject {t} De Regenboog"
    assert _fase(commando, t) == "intake"
    (bericht,) = smtp_server.wacht_op(1)
    assert email.message_from_bytes(bericht.original_content, policy=email.policy.default)["Subject"] == (
        "De Regenboog: op naar de fase Intake")


def test_herinneringsronde_uit_het_dashboard_een_keer_per_dag(commando, smtp_server):
    t = stos_school(commando, "Klavertje Vier")
    commando.partner_bevestigen(t, 1)
    commando.volgende_fase(t)
    commando.moment_plannen(t, "intakegesprek", datetime.now(BRUSSEL) + timedelta(days=3))
    assert flows.herinneringsronde(traject=t) == 1
    assert flows.herinneringsronde(traject=t) == 0
    ontvangen = [email.message_from_bytes(e.original_content, policy=email.policy.default)["Subject"]
                 for e in smtp_server.wacht_op(3)]
    assert sum(o.startswith("Herinnering: Intakegesprek") for o in ontvangen) == 1


def _fase(commando: Diensten, t: int) -> str:
    from diensten.eenheid import laad_traject

    with commando.databank.transactie() as sessie:
        return laad_traject(sessie, t).fase


def test_engine_eenmalig_als_proces(commando, omgeving, tmp_path):
    stos_school(commando, "Het Kompas")
    omgeving = {**omgeving, "KANSRIJK_SMTP_HOST": ""}  # geen mailserver: het postvak
    uit = subprocess.run([KANSRIJK, "--nu", "2030-01-07T09:00", "engine", "--eenmalig"], env=omgeving,
                         capture_output=True, text=True, timeout=120, check=False)
    assert uit.returncode == 0, uit.stderr
    assert f"berichten komen als .eml-bestanden in {tmp_path / 'postvak'}" in uit.stdout
    assert "Pas klaar: 0 timer(s) uitgevoerd, 0 vervallen; 1 bericht(en) verzonden" in uit.stdout
    assert "dagoverzicht klaargezet" in uit.stdout
    assert len(list((tmp_path / "postvak").glob("*.eml"))) == 1  # het dagoverzicht


def test_engine_serveert_de_formulieren_en_doet_zijn_passen(commando, omgeving, smtp_server):
    t = stos_school(commando, "Sint-Jozef")
    commando.partner_bevestigen(t, 1)
    commando.volgende_fase(t)  # naar de intake: het bericht daarover wacht op de engine
    engine = subprocess.Popen([KANSRIJK, "engine"], env={**omgeving, "KANSRIJK_TICK_SECONDEN": "1"},
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        (eerste,) = smtp_server.wacht_op(1, timeout=90)  # verstuurd door een pas van de planner
        assert _onderwerp(eerste) == "Sint-Jozef: op naar de fase Intake"
        with get_client(sync_client=True) as client:
            wacht_tot(lambda: len(client.read_deployments()) >= 5, timeout=90)
            deployments = {d.name: d for d in client.read_deployments()}
        # Elk formulier heet naar wat het doet, met een Nederlandse uitleg en titels per parameter.
        assert set(deployments) == set(flows.FORMULIEREN.values())
        formulier = deployments["traject naar de volgende fase"]
        assert formulier.description.startswith("Breng een traject naar zijn volgende fase")
        velden = formulier.parameter_openapi_schema["properties"]
        assert {n: v["title"] for n, v in velden.items()} == {"traject": "Traject", "forceer": "Forceer",
                                                               "reden": "Reden", "door": "Door"}
        assert velden["reden"]["type"] == "string" and "anyOf" not in velden["reden"]  # gewone tekst, geen None
        assert all(v.get("description") for v in velden.values())
        assert formulier.parameter_openapi_schema["required"] == ["traject"]
        verlengen = deployments["vragenlijstronde verlengen"].parameter_openapi_schema
        assert verlengen["properties"]["tot"]["format"] == "date" and set(verlengen["required"]) == {"traject", "tot"}
        run = run_deployment("fase-volgende/traject naar de volgende fase", parameters={"traject": t, "forceer": True,
                             "reden": "Werkgroep volgt"}, timeout=120, poll_interval=1)
        assert run.state.is_completed(), run.state
        assert _fase(commando, t) == "schoolfoto"
        # De schoolfoto opent de vragenlijstronde: de directie krijgt ook de groepslinks.
        _, *nieuw = smtp_server.wacht_op(3, timeout=30)
        assert {tuple(b.rcpt_tos) for b in nieuw} == {(f"directie@{t}.school.be",)}
        assert sorted(_onderwerp(b).strip()[:30] for b in nieuw) == [
            "Sint-Jozef: op naar de fase Sc", "Vragenlijst voor Sint-Jozef: g"]
    finally:
        engine.send_signal(signal.SIGINT)
        uit, fout = engine.communicate(timeout=60)
    assert "De engine draait" in uit, fout
    assert len(smtp_server.berichten) == 3  # niets dubbel, ook al doen pas en formulier allebei versturen


def _onderwerp(envelop) -> str:
    return email.message_from_bytes(envelop.original_content, policy=email.policy.default)["Subject"]


def _artefacten(sleutels, staat):
    """De artefacten met deze sleutels uit één flow run: elke test begint een databank bij traject 1,
    maar de Prefect-API (en dus de artefacten van vorige tests) blijft dezelfde."""
    with get_client(sync_client=True) as client:
        return client.read_artifacts(artifact_filter=ArtifactFilter(
            key=ArtifactFilterKey(any_=sleutels), flow_run_id=ArtifactFilterFlowRunId(any_=[staat.state_details.flow_run_id])))


def test_demo_door_het_jaar_met_de_engine(omgeving, tmp_path):
    """`make demo`: de engine verstuurt onderweg alles naar het postvak, tot de terugkommomenten."""
    omgeving = {**omgeving, "KANSRIJK_SMTP_HOST": ""}
    uit = subprocess.run([KANSRIJK, "demo"], env=omgeving, capture_output=True, text=True, timeout=600,
                         check=False)
    assert uit.returncode == 0, uit.stderr
    (regel,) = [r for r in uit.stdout.splitlines() if r.startswith("Verzonden berichten: ")]
    totaal = int(regel.split()[2])
    per_soort = dict(reversed(d.split()) for d in regel.split("(")[1].rstrip(").").split(", "))
    assert set(per_soort) == {"dagoverzicht", "herinnering", "nieuwe_fase", "terugkommoment", "uitnodiging",
                              "vragenlijst_uitnodiging", "vragenlijst_herinnering", "rapport", "overzicht"}
    bestanden = list((tmp_path / "postvak").glob("*.eml"))
    assert len(bestanden) == totaal
    berichten = [email.message_from_bytes(b.read_bytes(), policy=email.policy.default) for b in bestanden]
    terug = [b for b in berichten if b["X-Kansrijk-Sleutel"].endswith("colette@krijt.test")
             and "terugkommoment" in b["X-Kansrijk-Sleutel"]]
    assert len(terug) == 2  # één per traject, ook voor de coördinator
    assert "In het Prefect-dashboard: een flow run per pas onder engine-pas" in uit.stdout
    assert str(tmp_path / "postvak") in uit.stdout
