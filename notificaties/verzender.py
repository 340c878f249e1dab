"""Berichten versturen over SMTP, of zonder mailserver in een postvak-map schrijven."""

import asyncio
import os
import tempfile
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from aiosmtplib import (
    SMTP,
    SMTPException,
    SMTPNotSupported,
    SMTPResponseException,
    SMTPServerDisconnected,
    SMTPTimeoutError,
)

from notificaties.bericht import kenmerk


@dataclass(frozen=True, slots=True)
class SmtpInstellingen:
    host: str
    port: int = 25
    gebruiker: str | None = None
    wachtwoord: str | None = None
    starttls: bool = False  # poort 587; weigert te versturen als de server geen STARTTLS biedt
    tls: bool = False  # poort 465: TLS vanaf de eerste byte
    timeout: float = 30.0  # per verbinding en per SMTP-commando

    def __post_init__(self) -> None:
        if self.starttls and self.tls:
            raise ValueError("Kies starttls óf tls, niet allebei.")


@dataclass(frozen=True, slots=True)
class Uitgaand:
    sleutel: str
    afzender: str
    ontvanger: str  # één ontvanger per bericht: dan heeft elk bericht één uitslag
    inhoud: bytes


class Uitslag(StrEnum):
    VERZONDEN = "verzonden"
    TIJDELIJK = "tijdelijk"  # later opnieuw proberen
    PERMANENT = "permanent"  # opnieuw proberen helpt niet


@dataclass(frozen=True, slots=True)
class Afgehandeld:
    sleutel: str
    uitslag: Uitslag
    reden: str | None = None  # het antwoord van de server of de verbindingsfout


# Krijgt de uitslagen zodra ze er zijn; de verbinding wacht erop vóór de DATA van haar volgende bericht.
Vastleggen = Callable[[Sequence[Afgehandeld]], Awaitable[None]]


async def _niets(_: Sequence[Afgehandeld]) -> None:
    pass


async def verstuur(
    berichten: Sequence[Uitgaand], smtp: SmtpInstellingen, *, verbindingen: int = 1,
    vastleggen: Vastleggen = _niets,
) -> list[Afgehandeld]:
    """Verstuurt de berichten over `verbindingen` parallelle SMTP-verbindingen.

    Elke verbinding blijft open voor al haar berichten. Een uitslag per bericht, in de
    volgorde van `berichten`; problemen met de server of het netwerk worden een uitslag,
    nooit een uitzondering. Elke uitslag gaat meteen naar `vastleggen`, en een verbinding laat
    haar volgende bericht pas aanvaarden (DATA) als dat klaar is.

    Dubbel versturen: de server heeft een bericht aanvaard (250 na DATA), maar het proces
    sterft voor `vastleggen` die uitslag heeft bewaard; bij de volgende poging gaat het
    opnieuw weg: hoogstens één bericht per verbinding. Hetzelfde kan SMTP zelf (RFC 5321, 6.1): valt de verbinding weg of verloopt
    de timeout net na de laatste regel van DATA, dan is het bericht misschien toch aanvaard,
    maar de uitslag is TIJDELIJK. Dankzij de vaste Message-ID kan een mailclient de twee
    als hetzelfde bericht herkennen.
    """
    aantal = max(1, min(verbindingen, len(berichten)))
    porties = [range(i, len(berichten), aantal) for i in range(aantal)]  # om beurten verdeeld
    uitkomsten = await asyncio.gather(
        *(_over_een_verbinding([berichten[i] for i in portie], smtp, vastleggen) for portie in porties)
    )
    per_index = {i: a for portie, u in zip(porties, uitkomsten) for i, a in zip(portie, u)}
    return [per_index[i] for i in range(len(berichten))]


async def _over_een_verbinding(
    berichten: Sequence[Uitgaand], smtp: SmtpInstellingen, vastleggen: Vastleggen
) -> list[Afgehandeld]:
    client = SMTP(
        hostname=smtp.host,
        port=smtp.port,
        username=smtp.gebruiker,
        password=smtp.wachtwoord,
        start_tls=smtp.starttls,
        use_tls=smtp.tls,
        timeout=smtp.timeout,
    )
    uitslagen: list[Afgehandeld] = []
    vorige: asyncio.Future[None] = asyncio.get_running_loop().create_future()  # de vastlegging van het vorige
    vorige.set_result(None)
    for nummer, bericht in enumerate(berichten):
        if not client.is_connected:  # nog niet verbonden, of verbroken bij het vorige bericht
            try:
                await client.connect()
            except (SMTPException, OSError) as fout:
                # Een onbereikbare server niet voor elk bericht opnieuw laten wachten;
                # ook een geweigerde aanmelding is niet de schuld van het bericht.
                reden = _verbindingsfout(fout, smtp)
                rest = [Afgehandeld(b.sleutel, Uitslag.TIJDELIJK, reden) for b in berichten[nummer:]]
                await vorige
                await vastleggen(rest)
                uitslagen += rest
                break
        uitslag = await _verstuur_een(client, bericht, smtp, vorige)
        vorige = asyncio.ensure_future(vastleggen([uitslag]))
        uitslagen.append(uitslag)
    await vorige
    if client.is_connected:
        try:
            await client.quit()
        except SMTPException:
            client.close()
    return uitslagen


async def _verstuur_een(client: SMTP, bericht: Uitgaand, smtp: SmtpInstellingen, vorige: Awaitable[None]
                        ) -> Afgehandeld:
    """Eén bericht, terwijl de uitslag van het vorige op deze verbinding vastgelegd wordt: de
    enveloppe (MAIL, RCPT) mag al, maar DATA (waarmee de server het aanvaardt) pas als het vorige
    vastligt. Zo overlapt de transactie met twee rondreizen en blijft er per verbinding hoogstens
    één aanvaard bericht zonder vastgelegde uitslag."""
    try:
        await client.mail(bericht.afzender)
        await client.rcpt(bericht.ontvanger)
        mislukt = None
    except (SMTPException, OSError, UnicodeEncodeError) as fout:
        mislukt = await _mislukt(client, bericht, fout, smtp)
    await vorige  # een fout van de databank is geen uitslag van dit bericht: die gaat naar boven
    if mislukt:
        return mislukt
    try:
        await client.data(bericht.inhoud)
    except (SMTPException, OSError) as fout:
        return await _mislukt(client, bericht, fout, smtp)
    return Afgehandeld(bericht.sleutel, Uitslag.VERZONDEN)


async def _mislukt(client: SMTP, bericht: Uitgaand, fout: Exception, smtp: SmtpInstellingen) -> Afgehandeld:
    if isinstance(fout, SMTPResponseException):  # geweigerd: de enveloppe leegmaken voor het volgende bericht
        try:
            await client.rset()
        except (SMTPException, OSError):
            pass  # de verbinding is weg: het volgende bericht verbindt opnieuw
        return _volgens_code(bericht, fout.code, fout.message)  # ook een geweigerde ontvanger (RCPT)
    if isinstance(fout, SMTPNotSupported | UnicodeEncodeError):  # bv. een adres dat SMTPUTF8 vraagt
        return Afgehandeld(bericht.sleutel, Uitslag.PERMANENT, f"niet ondersteund: {fout}")
    return Afgehandeld(bericht.sleutel, Uitslag.TIJDELIJK, _verbindingsfout(fout, smtp))


def _volgens_code(bericht: Uitgaand, code: int, melding: str) -> Afgehandeld:
    # 5xx is definitief; 4xx en onleesbare antwoorden (code -1) zijn het proberen waard.
    uitslag = Uitslag.PERMANENT if 500 <= code < 600 else Uitslag.TIJDELIJK
    return Afgehandeld(bericht.sleutel, uitslag, f"{code} {melding}")


def _verbindingsfout(fout: Exception, smtp: SmtpInstellingen) -> str:
    server = f"{smtp.host}:{smtp.port}"
    if isinstance(fout, SMTPResponseException):  # slechte begroeting of aanmelding geweigerd
        return f"{server} weigert: {fout.code} {fout.message}"
    if isinstance(fout, SMTPTimeoutError):
        return f"{server} antwoordt niet binnen {smtp.timeout:g} s"
    if isinstance(fout, SMTPServerDisconnected):
        return f"{server} verbrak de verbinding"
    return f"geen verbinding met {server}: {fout}"


def schrijf_naar_postvak(berichten: Sequence[Uitgaand], map_: Path) -> list[Afgehandeld]:
    """Zonder mailserver: elk bericht als `<kenmerk van de sleutel>.eml` in `map_`.

    Een bestand dat er al staat, is dat bericht al; het wordt niet opnieuw geschreven.
    Via een tijdelijk bestand en os.replace staat er nooit een half bericht.
    """
    map_.mkdir(parents=True, exist_ok=True)
    for bericht in berichten:
        doel = map_ / f"{kenmerk(bericht.sleutel)}.eml"
        if not doel.exists():
            _schrijf_in_een_keer(doel, bericht.inhoud)
    return [Afgehandeld(b.sleutel, Uitslag.VERZONDEN) for b in berichten]


def _schrijf_in_een_keer(doel: Path, inhoud: bytes) -> None:
    descriptor, tijdelijk = tempfile.mkstemp(dir=doel.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as bestand:
            bestand.write(inhoud)
            os.fsync(bestand.fileno())  # eerst op schijf, dan pas onder de echte naam
        os.replace(tijdelijk, doel)
    except BaseException:
        os.unlink(tijdelijk)
        raise
