"""Wat `make demo` en `make test` de gebruiker zeggen: een tweede demo begint opnieuw, en zonder
chromium staat onderaan dat de browsertests niet draaiden."""

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).parents[2]


def test_make_demo_begint_elke_keer_met_een_lege_demomap(tmp_path):
    # Een nep-kansrijk in een nep-venv: toont wat er al in de demomap staat en laat iets achter.
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    (tmp_path / "pyproject.toml").touch()
    (venv / ".geinstalleerd").touch()  # jonger dan pyproject.toml: make installeert niets
    kansrijk = venv / "bin" / "kansrijk"
    kansrijk.write_text('#!/bin/sh\nmkdir -p "$KANSRIJK_DATA_DIR"\nls "$KANSRIJK_DATA_DIR"\n'
                        'touch "$KANSRIJK_DATA_DIR/van-de-vorige-demo"\n')
    kansrijk.chmod(0o755)

    def demo() -> str:
        uitkomst = subprocess.run(["make", "-s", "-C", str(tmp_path), "-f", str(REPO / "Makefile"), "demo",
                                   f"VENV={venv}"], capture_output=True, text=True, check=False)
        assert uitkomst.returncode == 0, uitkomst.stderr
        return uitkomst.stdout

    assert demo() == ""
    assert demo() == ""  # niets van de eerste demo
    assert (tmp_path / "demo-data" / "van-de-vorige-demo").exists()


def test_zonder_chromium_zegt_pytest_onderaan_dat_de_browsertests_niet_draaiden():
    omgeving = {k: v for k, v in os.environ.items() if k != "CI"} | {"CHROMIUM": "/geen/chromium"}
    uitkomst = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:xdist", "-q", "-p", "no:cacheprovider",
                               "tests/e2e/test_web_browser.py"], cwd=REPO, env=omgeving, capture_output=True,
                              text=True, check=False)
    assert uitkomst.returncode == 0, uitkomst.stdout
    onderaan = uitkomst.stdout.splitlines()[-6:]
    assert any("browsertest(s) zijn NIET gedraaid: Debians chromium (/geen/chromium) ontbreekt" in regel
               and "apt-get install chromium" in regel for regel in onderaan), uitkomst.stdout
