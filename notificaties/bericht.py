"""Een e-mail opbouwen: tekst en HTML uit de sjablonen, met de agenda-uitnodiging erbij."""

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any

from notificaties.agenda import agenda_uitnodiging, methode
from notificaties.sjabloon import vul_in

# Quoted-printable voor elk deel: 7-bit-veilig voor elke server (ook zonder 8BITMIME) en
# in een .eml nog leesbaar.
_CTE = "quoted-printable"


@dataclass(frozen=True, slots=True)
class Ontvanger:
    naam: str
    email: str


@dataclass(frozen=True, slots=True)
class Afspraak:
    uid: str
    revisie: int
    titel: str
    start: datetime
    einde: datetime
    locatie: str | None
    geannuleerd: bool
    gewijzigd_op: datetime

    def __post_init__(self) -> None:
        # Zonder zone zou astimezone() de zone van de machine aannemen: stil een uur verschil.
        if any(t.tzinfo is None for t in (self.start, self.einde, self.gewijzigd_op)):
            raise ValueError(f"Afspraak {self.uid}: tijdstippen moeten een tijdzone hebben.")
        # In UTC: binnen één ZoneInfo vergelijkt Python de wandklok, en 02:00 (wintertijd) ligt
        # na 02:30 (zomertijd).
        if self.einde.astimezone(UTC) <= self.start.astimezone(UTC):
            raise ValueError(f"Afspraak {self.uid}: het einde moet na het begin liggen.")


def kenmerk(sleutel: str) -> str:
    """32 hextekens uit de sleutel: voor de Message-ID en de bestandsnaam in het postvak."""
    return hashlib.sha256(sleutel.encode()).hexdigest()[:32]


def cid(sleutel: str, naam: str) -> str:
    """De Content-ID van een afbeelding in het bericht met deze sleutel (zonder < >)."""
    return f"{naam}.{kenmerk(sleutel)}@kansrijk"


def maak_bericht(
    soort: str,
    context: Mapping[str, Any],
    *,
    aan: Ontvanger,
    afzender: Ontvanger,
    sleutel: str,
    verzonden_op: datetime,
    afspraak: Afspraak | None = None,
    deelnemers: Sequence[Ontvanger] = (),
    afbeeldingen: Mapping[str, bytes] = {},
) -> EmailMessage:
    """Het bericht van deze soort voor één ontvanger.

    Alles volgt uit de argumenten (ook Date, Message-ID en de MIME-grenzen), zodat dezelfde
    argumenten altijd dezelfde bytes geven. Met een afspraak komt de uitnodiging erbij, met
    de afzender als organisator en `deelnemers` (standaard alleen `aan`) als genodigden.
    `afbeeldingen` (naam -> PNG) hangen aan de HTML als multipart/related; de HTML verwijst ernaar
    met `cid(sleutel, naam)`.
    """
    ingevuld = vul_in(soort, context)
    bericht = EmailMessage()
    bericht["From"] = Address(afzender.naam, addr_spec=afzender.email)
    bericht["To"] = Address(aan.naam, addr_spec=aan.email)
    bericht["Subject"] = ingevuld.onderwerp
    bericht["Date"] = format_datetime(verzonden_op)
    bericht["Message-ID"] = f"<{kenmerk(sleutel)}@{afzender.email.rpartition('@')[2]}>"
    bericht["X-Kansrijk-Sleutel"] = sleutel
    bericht.set_content(ingevuld.tekst, cte=_CTE)
    bericht.add_alternative(ingevuld.html, subtype="html", cte=_CTE)
    if afbeeldingen:
        html = bericht.get_payload()[-1]
        for naam, png in afbeeldingen.items():
            html.add_related(png, "image", "png", cid=f"<{cid(sleutel, naam)}>", filename=f"{naam}.png")
    if afspraak is not None:
        _voeg_agenda_toe(bericht, agenda_uitnodiging(afspraak, afzender, deelnemers or (aan,)),
                         methode(afspraak))
    _vaste_grenzen(bericht, kenmerk(sleutel))
    return bericht


def _voeg_agenda_toe(bericht: EmailMessage, ics: bytes, methode_: str) -> None:
    # In de alternative toont de mailclient het als uitnodiging (Outlook, Gmail); als
    # bijlage kan iedereen het .ics-bestand nog openen. METHOD moet overal gelijk zijn.
    agenda = ics.decode()
    bericht.add_alternative(agenda, subtype="calendar", params={"method": methode_}, cte=_CTE)
    bericht.add_attachment(
        agenda, subtype="calendar", params={"method": methode_}, cte=_CTE,
        filename="uitnodiging.ics",
    )


def _vaste_grenzen(bericht: EmailMessage, kenmerk_: str) -> None:
    # De standaardgrens is willekeurig; "=_" komt in quoted-printable nooit voor.
    for nummer, deel in enumerate(d for d in bericht.walk() if d.is_multipart()):
        deel.set_boundary(f"=_kansrijk_{nummer}_{kenmerk_}")
