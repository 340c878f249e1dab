"""De verzendstap van een engine-pas (`workflows.verzenden.berichten_versturen`) in een eigen proces, met
de instellingen uit de omgeving (KANSRIJK_*) en het echte tijdstip, voor de test die de engine
doodt. Zonder Prefect, dat eerst een tijdelijke server zou starten.

Het proces laadt de code één keer en maakt dan per regel op stdin een kind met fork (een verse
engine zonder de seconden importeren); het zet de pid van het kind op stdout, en als het kind
stopt (klaar of gedood) zijn exitcode. De test doodt het kind met SIGKILL.

    python -m tests.verzendproces
"""

import logging
import os
import sys
from datetime import UTC, datetime

from config.instellingen import Instellingen
from config.programma import laad_programmas
from notificaties.post import Post
from opslag.databank import open_databank
from opstart import Onderdelen
from workflows import verzenden


def verstuur() -> None:
    instellingen = Instellingen()
    databank = open_databank(instellingen.databank_url)  # in het kind: geen gedeelde verbindingen
    onderdelen = Onderdelen(instellingen, databank=databank, programmas=laad_programmas(), post=Post.uit(instellingen))
    verzenden.berichten_versturen(onderdelen, datetime.now(UTC))


def main() -> None:
    for _ in sys.stdin:
        kind = os.fork()
        if kind == 0:
            code = 0
            try:
                verstuur()
            except Exception:
                logging.getLogger(__name__).exception("verzenden mislukt")
                code = 3
            os._exit(code)  # geen opruimwerk van de ouder in het kind
        print(kind, flush=True)
        print(os.waitstatus_to_exitcode(os.waitpid(kind, 0)[1]), flush=True)


if __name__ == "__main__":
    main()
