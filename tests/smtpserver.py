"""Een echte SMTP-server (aiosmtpd op 127.0.0.1) voor de tests, met instelbare tegenslag."""

import asyncio
import threading

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session


class FreePortController(Controller):
    """Controller(port=0) bindt een vrije poort maar test poort 0: neem eerst de echte over."""

    def _trigger_server(self) -> None:
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


class OpnameHandler:
    """Bewaart wat binnenkomt en telt de verbindingen; per adres in te stellen hoe hij reageert."""

    def __init__(self) -> None:
        self.poort = 0  # door de fixture ingevuld
        self.berichten: list[Envelope] = []
        self.verbindingen = 0
        self.rcpt_antwoorden: dict[str, str] = {}  # adres -> antwoord op RCPT, bv. "550 5.1.1 ..."
        self.ophangen_na_rcpt: set[str] = set()  # na dat antwoord de verbinding verbreken
        self.data_antwoorden: dict[str, str] = {}  # adres -> antwoord op DATA, bv. "554 ..."
        self.verbreken_bij_data: set[str] = set()  # bij DATA ophangen zonder antwoord
        self.stil_bij_data: set[str] = set()  # bij DATA nooit antwoorden
        self.data_wacht_op_verbindingen = 0  # DATA pas beantwoorden als er zoveel verbindingen zijn
        self._ontvangen = threading.Condition()
        self._verbonden: asyncio.Condition | None = None  # pas in de lus van de server te maken

    async def handle_EHLO(
        self, server: SMTP, session: Session, envelope: Envelope, hostname: str,
        responses: list[str],
    ) -> list[str]:
        # Eén EHLO per verbinding; de gereedheidstest van de controller stuurt er geen.
        session.host_name = hostname  # met deze hook doet aiosmtpd dat niet zelf
        self.verbindingen += 1
        async with self._verbindingsconditie():
            self._verbindingsconditie().notify_all()
        return responses

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str,
        rcpt_options: list[str],
    ) -> str:
        if address in self.rcpt_antwoorden:
            if address in self.ophangen_na_rcpt:
                asyncio.get_running_loop().call_soon(server.transport.close)
            return self.rcpt_antwoorden[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        adres = envelope.rcpt_tos[0]
        if adres in self.stil_bij_data:
            await asyncio.Event().wait()  # wordt afgebroken als de client ophangt
        if adres in self.verbreken_bij_data:
            server.transport.close()
            return "250 komt nooit aan"
        if adres in self.data_antwoorden:
            return self.data_antwoorden[adres]
        async with self._verbindingsconditie():
            await self._verbindingsconditie().wait_for(
                lambda: self.verbindingen >= self.data_wacht_op_verbindingen
            )
        with self._ontvangen:
            self.berichten.append(envelope)
            self._ontvangen.notify_all()
        return "250 Message accepted for delivery"

    def wacht_op(self, n: int, timeout: float = 30.0) -> list[Envelope]:
        """Wacht (zonder te slapen) tot er n berichten binnen zijn en geeft ze terug."""
        with self._ontvangen:
            if not self._ontvangen.wait_for(lambda: len(self.berichten) >= n, timeout):
                raise TimeoutError(f"{len(self.berichten)} van de {n} berichten ontvangen")
            return list(self.berichten)

    def _verbindingsconditie(self) -> asyncio.Condition:
        if self._verbonden is None:
            self._verbonden = asyncio.Condition()
        return self._verbonden


@pytest.fixture
def smtp_server():
    """De handler van een draaiende server op 127.0.0.1:`smtp_server.poort`."""
    handler = OpnameHandler()
    controller = FreePortController(handler, hostname="127.0.0.1", port=0)
    controller.start()
    handler.poort = controller.port
    try:
        yield handler
    finally:
        controller.stop()
