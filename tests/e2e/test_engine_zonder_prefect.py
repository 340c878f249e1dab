"""`kansrijk engine --eenmalig` zonder PREFECT_API_URL: dezelfde pas, rechtstreeks, zonder Prefect te
laden (geen tijdelijke Prefect-server van 20 seconden per pas uit cron)."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.e2e.test_cli import KANSRIJK, ok
from workflows.engine import ZONDER_PREFECT

ZONDER_API = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}


def wacht_op_bestand(map_: Path, timeout: float = 60.0) -> None:
    """De engine schrijft het bericht bij haar eerste pas; met een grens, zodat een fout niet hangt."""
    grens = time.monotonic() + timeout
    while not any(map_.glob("*.eml")):
        assert time.monotonic() < grens, "de engine schreef niets in het postvak"
        time.sleep(0.1)


def naar_de_intake(data: Path, school: str) -> None:
    """Een STOS-school naar de intake: het bericht over de nieuwe fase wacht op de engine."""
    t = ok(data, "traject", "nieuw", "--programma", "stos", "--naam", school)
    ok(data, "partner", "toevoegen", t, "--soort", "school", "--naam", school)
    ok(data, "contact", "toevoegen", t, "1", "--naam", "Ann Peeters", "--email", "directie@school.be", "--rol",
       "directie")
    ok(data, "partner", "bevestigen", t, "1")
    ok(data, "fase", "volgende", t)


def test_een_pas_zonder_prefect_api_verstuurt_zonder_prefect_te_laden(tmp_path):
    naar_de_intake(tmp_path, "De Wingerd")

    # In hetzelfde proces als de pas: daarna mag Prefect niet geladen zijn.
    code = ("import sys\nfrom kansrijk.cli import main\nsys.argv = ['kansrijk', '--nu', '2026-11-25T10:05', "
            "'engine', '--eenmalig']\ntry:\n    main()\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
            "print('prefect geladen' if 'prefect' in sys.modules else 'zonder prefect')")
    uit = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False,
                         env={**ZONDER_API, "KANSRIJK_DATA_DIR": str(tmp_path)})
    assert uit.returncode == 0, uit.stderr
    regels = uit.stdout.splitlines()
    assert regels.count(ZONDER_PREFECT) == 1  # één keer gezegd
    assert "Pas klaar: 0 timer(s) uitgevoerd, 0 vervallen; 2 bericht(en) verzonden" in uit.stdout
    assert "dagoverzicht klaargezet" in uit.stdout  # na 8 uur gaat het dagoverzicht mee
    assert regels[-1] == "zonder prefect"
    inhoud = [eml.read_bytes() for eml in (tmp_path / "postvak").glob("*.eml")]
    assert len(inhoud) == 2 and any(b"op naar de fase Intake" in b for b in inhoud)


def test_de_engine_draait_zonder_prefect_tot_ctrl_c(tmp_path):
    naar_de_intake(tmp_path, "De Linde")
    engine = subprocess.Popen([KANSRIJK, "engine"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True,
                              env={**ZONDER_API, "KANSRIJK_DATA_DIR": str(tmp_path), "KANSRIJK_TICK_SECONDEN": "1"})
    try:
        # De eerste pas start meteen: wachten op het bericht, niet op een klok.
        regels = [engine.stdout.readline() for _ in range(3)]
        assert regels[2].strip() == ZONDER_PREFECT
        postvak = tmp_path / "postvak"
        wacht_op_bestand(postvak)
    finally:
        engine.send_signal(signal.SIGINT)
        _, fout = engine.communicate(timeout=30)
    assert "Traceback" not in fout
    assert any(b"op naar de fase Intake" in eml.read_bytes() for eml in postvak.glob("*.eml"))
