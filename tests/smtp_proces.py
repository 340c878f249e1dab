"""Een SMTP-server in een eigen proces, voor de test die de engine doodt: die mag de server niet
meenemen. Schrijft de sleutel (X-Kansrijk-Sleutel) van elk bericht als regel in een bestand vóór
hij 250 antwoordt, zet zijn poort op stdout en stopt als stdin sluit.

    python -m tests.smtp_proces ONTVANGEN.txt
"""

import sys
from email.parser import BytesHeaderParser

from tests.smtpserver import FreePortController


class Opschrijver:
    def __init__(self, pad: str) -> None:
        self._bestand = open(pad, "a", buffering=1)  # noqa: SIM115 (open zolang de server draait)

    async def handle_DATA(self, server, session, envelope) -> str:  # de hook van aiosmtpd
        kop = BytesHeaderParser().parsebytes(envelope.original_content)
        self._bestand.write(f"{kop['X-Kansrijk-Sleutel']}\n")  # regelbuffer: meteen in het bestand
        return "250 OK"


def main() -> None:
    controller = FreePortController(Opschrijver(sys.argv[1]), hostname="127.0.0.1", port=0)
    controller.start()
    print(controller.port, flush=True)
    sys.stdin.read()
    controller.stop()


if __name__ == "__main__":
    main()
