"""Een engine die midden in het versturen sterft (kill -9), telkens opnieuw: niets gaat verloren, en
per keer gaat hoogstens één bericht per verbinding dubbel (dat wat onderweg was).

De mailserver en de engine zijn elk een eigen proces (tests/smtp_proces.py, tests/verzendproces.py);
de engine is de echte verzendstap van een pas, op SQLite en PostgreSQL."""

import contextlib
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from pathlib import Path
from select import select as wacht_op_uitvoer

from sqlalchemy import func, select

from notificaties.outbox import zet_klaar
from opslag.tabellen import BerichtRij

AANTAL = 2000
DODEN = 12  # keer de engine gedood voor ze mag uitzenden
VERBINDINGEN = 4
WORTEL = Path(__file__).parents[2]


def vul_outbox(databank, nu: datetime) -> list[str]:
    sleutels = [f"terugkommoment/test/{i}" for i in range(AANTAL)]
    with databank.transactie() as sessie:
        for i, sleutel in enumerate(sleutels):
            bericht = EmailMessage()
            bericht["From"] = Address("vzw Krijt", addr_spec="kansrijk@krijt.test")
            bericht["To"] = Address(f"Contact {i}", addr_spec=f"contact{i}@school.be")
            bericht["Subject"] = f"Bericht {i}"
            bericht["X-Kansrijk-Sleutel"] = sleutel
            bericht.set_content("Tot op het terugkommoment.\n")
            zet_klaar(sessie, bericht, sleutel=sleutel, soort="terugkommoment", nu=nu)
    return sleutels


def regels(pad: Path) -> list[str]:
    return pad.read_text().splitlines() if pad.exists() else []


def gestopt(engine: subprocess.Popen, wacht: float = 0.005) -> bool:
    """Heeft het kind van `engine` zijn exitcode gemeld? Wacht daar hoogstens `wacht` seconden op."""
    return bool(wacht_op_uitvoer([engine.stdout], [], [], wacht)[0])


def wachtend(databank) -> int:
    with databank.transactie() as sessie:
        return sessie.scalar(select(func.count()).where(BerichtRij.status == "wachtend"))


def test_engine_telkens_gedood_niets_verloren_hoogstens_een_dubbel_per_verbinding(databank, tmp_path):
    sleutels = vul_outbox(databank, datetime.now().astimezone())
    ontvangen = tmp_path / "ontvangen.txt"
    server = subprocess.Popen([sys.executable, "-m", "tests.smtp_proces", str(ontvangen)], cwd=WORTEL,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    poort = int(server.stdout.readline())
    omgeving = os.environ | {
        "KANSRIJK_DATABASE_URL": databank.url, "KANSRIJK_DATA_DIR": str(tmp_path),
        "KANSRIJK_SMTP_HOST": "127.0.0.1", "KANSRIJK_SMTP_PORT": str(poort),
        "KANSRIJK_SMTP_VERBINDINGEN": str(VERBINDINGEN),
        "KANSRIJK_OUTBOX_LEASE_SECONDEN": "1",  # een herstarte engine neemt het werk van de dode snel over
    }
    engine = subprocess.Popen([sys.executable, "-m", "tests.verzendproces"], cwd=WORTEL, env=omgeving,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    kans = random.Random(8)
    gedood = beurten = 0
    begin = time.monotonic()
    try:
        while wachtend(databank) and beurten < 200:
            beurten += 1
            engine.stdin.write("start\n")
            engine.stdin.flush()
            kind = int(engine.stdout.readline())
            if gedood < DODEN:
                # Op een willekeurig ogenblik: na 20 tot 140 nieuwe berichten, en dan nog 0 tot 20 ms. Een
                # engine die niets kan nemen (de lease van de vorige loopt nog), stopt vanzelf.
                doel = len(regels(ontvangen)) + kans.randint(20, AANTAL // (DODEN + 2))
                while len(regels(ontvangen)) < doel and not gestopt(engine):
                    pass
                time.sleep(kans.uniform(0, 0.02))
                with contextlib.suppress(ProcessLookupError):
                    os.kill(kind, signal.SIGKILL)
            exitcode = int(engine.stdout.readline())
            assert exitcode in (0, -signal.SIGKILL)
            gedood += exitcode == -signal.SIGKILL
    finally:
        engine.stdin.close()
        engine.wait(timeout=30)
        server.stdin.close()
        server.wait(timeout=30)

    binnen = Counter(regels(ontvangen))
    verloren = set(sleutels) - set(binnen)
    dubbel = sum(binnen.values()) - len(binnen)
    print(f"\n{databank.engine.dialect.name}: {AANTAL} berichten in {time.monotonic() - begin:.1f} s, {gedood} keer "
          f"gedood in {beurten} beurten, "
          f"verloren {len(verloren)}, dubbel {dubbel} (grens {gedood * VERBINDINGEN})")
    assert gedood == DODEN and wachtend(databank) == 0
    assert not verloren and set(binnen) == set(sleutels)
    assert dubbel <= gedood * VERBINDINGEN
