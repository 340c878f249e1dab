"""Een e-mail opbouwen: tekst en HTML uit de sjablonen, met de agenda-uitnodiging erbij."""

import binascii
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, formataddr
from functools import cache
from typing import Any

from markupsafe import escape

from domein.berichten import Afspraak, Ontvanger
from notificaties.agenda import agenda_uitnodiging, methode
from notificaties.sjabloon import vul_in

# Quoted-printable voor elk deel: 7-bit-veilig voor elke server (ook zonder 8BITMIME) en
# in een .eml nog leesbaar.
_CTE = "quoted-printable"
# Waar de naam van de ontvanger komt in een bericht dat voor een hele groep ingevuld wordt: geen
# sjabloon, filter of HTML-escape verandert een NUL-teken, en in gewone tekst staat het nooit.
_NAAM = "\x00ontvanger\x00"
_NAAM_B = _NAAM.encode()
_CRLF = b"\r\n"


def kenmerk(sleutel: str) -> str:
    """32 hextekens uit de sleutel: voor de Message-ID en de bestandsnaam in het postvak."""
    return hashlib.sha256(sleutel.encode()).hexdigest()[:32]


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
) -> EmailMessage:
    """Het bericht van deze soort voor één ontvanger.

    Alles volgt uit de argumenten (ook Date, Message-ID en de MIME-grenzen), zodat dezelfde
    argumenten altijd dezelfde bytes geven. Met een afspraak komt de uitnodiging erbij, met
    de afzender als organisator en `deelnemers` (standaard alleen `aan`) als genodigden.
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


# -- hetzelfde bericht voor een groep ontvangers, één keer ingevuld en gecodeerd -------------------
#
# Een herinnering of uitnodiging is voor elke ontvanger van een moment gelijk, op de naam in de
# aanhef, de To, de sleutel (Message-ID, grenzen) na. `EmailMessage` opbouwen kost per ontvanger
# ongeveer 2,7 ms; hier kost het per groep één keer invullen en coderen, en per ontvanger wat
# bytes aan elkaar zetten. `maak_bericht` blijft de maatstaf: een test vergelijkt beide.


def _qp(regels: bytes) -> bytes:
    # Quoted-printable in C (binascii). Het codeert regel per regel, dus een stuk met hele regels kan
    # apart: de regels met de naam per ontvanger, de rest één keer.
    return binascii.b2a_qp(regels, istext=True)


def _kop(naam: str, waarde: str) -> bytes:
    """Een headerregel. ASCII vouwen we zelf op de spaties tot regels van hoogstens 78 tekens (een
    lang onderwerp is gewoon); de rest codeert en vouwt de stdlib (RFC 2047)."""
    regel = f"{naam}: {waarde}"
    if not (regel.isascii() and regel.isprintable()):  # ook een regeleinde in een naam: geen extra header
        return SMTP.header_factory(naam, waarde).fold(policy=SMTP).encode()
    regels = []
    while len(regel) > 78:
        knip = regel.rfind(" ", len(naam) + 2, 79)  # een vervolgregel begint met die spatie
        if knip <= len(naam) + 2:
            break  # één woord langer dan een regel: zo laten (de grens is 998)
        regels.append(regel[:knip])
        regel = regel[knip:]
    regels.append(regel)
    return ("\r\n".join(regels) + "\r\n").encode()


def _adreskop(naam: str, ontvanger: Ontvanger) -> bytes:
    """From of To. Een naam in ASCII zoals formataddr (met aanhalingstekens rond speciale tekens, net
    als headerregistry). Een andere naam codeert de stdlib: alleen de woorden die niet ASCII zijn, want
    tussen twee gecodeerde woorden valt een spatie weg (RFC 2047, 6.2); Address weigert ook een
    regeleinde (ValueError), net als in maak_bericht."""
    if ontvanger.naam.isascii() and ontvanger.naam.isprintable():
        return _kop(naam, formataddr((ontvanger.naam, ontvanger.email)))
    return _kop(naam, str(Address(ontvanger.naam, addr_spec=ontvanger.email)))


@cache
def _van(afzender: Ontvanger) -> bytes:
    # Eén afzender voor alle berichten: haar naam (vaak met een gedachtestreepje) één keer coderen.
    return _adreskop("From", afzender)


@dataclass(frozen=True, slots=True)
class _Tekstdeel:
    """Een tekstdeel, gecodeerd op de regels met de naam van de ontvanger na (die per ontvanger)."""

    kop: bytes
    stukken: tuple[bytes, ...]  # gecodeerde regels, of (met _NAAM) nog te coderen regels
    html: bool

    @classmethod
    def uit(cls, tekst: str, subtype: str) -> "_Tekstdeel":
        kop = (f'Content-Type: text/{subtype}; charset="utf-8"\r\n'
               "Content-Transfer-Encoding: quoted-printable\r\n\r\n").encode()
        # Zoals set_content: elke regel eindigt op CRLF, ook de laatste.
        data = _CRLF.join(tekst.encode().splitlines()) + _CRLF
        stukken, begin = [], 0
        while (plaats := data.find(_NAAM_B, begin)) != -1:
            regel = max(begin, data.rfind(b"\n", begin, plaats) + 1)
            einde = data.find(b"\n", plaats) + 1
            stukken += [_qp(data[begin:regel]), data[regel:einde]]
            begin = einde
        stukken.append(_qp(data[begin:]))
        return cls(kop, tuple(s for s in stukken if s), subtype == "html")

    def voor(self, naam: str) -> bytes:
        ingevuld = (str(escape(naam)) if self.html else naam).encode()
        return self.kop + b"".join(_qp(s.replace(_NAAM_B, ingevuld)) if _NAAM_B in s else s for s in self.stukken)


@dataclass(frozen=True, slots=True)
class Groepsbericht:
    """Een bericht van één soort voor een groep ontvangers: ingevuld met een plaats voor de naam in
    de aanhef, de bodies en de agenda-uitnodiging één keer gecodeerd. `voor` geeft per ontvanger de
    bytes (CRLF), met dezelfde headers, structuur en inhoud als `maak_bericht`."""

    onderwerp: str
    afzender: Ontvanger
    _kop: bytes  # From; To komt per ontvanger
    _rest: bytes  # Subject en Date
    _delen: tuple[_Tekstdeel, ...]
    _agenda: bytes | None  # het gecodeerde .ics met zijn Content-Type, voor alle genodigden samen

    def voor(self, aan: Ontvanger, sleutel: str) -> bytes:
        k = kenmerk(sleutel)
        grenzen = [f"=_kansrijk_{n}_{k}".encode() for n in range(2 if self._agenda else 1)]
        kop = (self._kop + _adreskop("To", aan) + self._rest
               + f"Message-ID: <{k}@{self.afzender.email.rpartition('@')[2]}>\r\n".encode()
               + _kop("X-Kansrijk-Sleutel", sleutel) + b"MIME-Version: 1.0\r\n")
        binnen = grenzen[-1]
        alternatief = b"".join(b"--" + binnen + _CRLF + d.voor(aan.naam) + _CRLF for d in self._delen)
        if self._agenda is None:
            return (kop + _multipart("alternative", binnen) + alternatief + b"--" + binnen + b"--" + _CRLF)
        buiten = grenzen[0]
        return (kop + _multipart("mixed", buiten)
                + b"--" + buiten + _CRLF + _multipart("alternative", binnen) + alternatief
                + b"--" + binnen + _CRLF + self._agenda + _CRLF + b"--" + binnen + b"--" + _CRLF + _CRLF
                + b"--" + buiten + _CRLF + b'Content-Disposition: attachment; filename="uitnodiging.ics"\r\n'
                + self._agenda + _CRLF + b"--" + buiten + b"--" + _CRLF)


def _multipart(subtype: str, grens: bytes) -> bytes:
    return f'Content-Type: multipart/{subtype};\r\n boundary="'.encode() + grens + b'"\r\n\r\n'


def groepsbericht(
    soort: str,
    context: Mapping[str, Any],
    *,
    afzender: Ontvanger,
    verzonden_op: datetime,
    afspraak: Afspraak | None = None,
    deelnemers: Sequence[Ontvanger] = (),
) -> Groepsbericht:
    """Het bericht van deze soort voor elke ontvanger met deze context (zonder `ontvanger`: de naam
    komt per ontvanger). Met een afspraak komt de uitnodiging erbij, met `deelnemers` als genodigden:
    één .ics voor allen, zodat elke agenda dezelfde afspraak met dezelfde genodigden kent."""
    ingevuld = vul_in(soort, {**context, "ontvanger": {"naam": _NAAM}})
    agenda = None
    if afspraak is not None:
        agenda = (f'Content-Type: text/calendar; charset="utf-8"; method="{methode(afspraak)}"\r\n'
                  "Content-Transfer-Encoding: quoted-printable\r\n\r\n").encode() + _qp(
            _CRLF.join(agenda_uitnodiging(afspraak, afzender, deelnemers).splitlines()) + _CRLF)
    return Groepsbericht(
        onderwerp=ingevuld.onderwerp,
        afzender=afzender,
        _kop=_van(afzender),
        _rest=_kop("Subject", ingevuld.onderwerp) + _kop("Date", format_datetime(verzonden_op)),
        _delen=(_Tekstdeel.uit(ingevuld.tekst, "plain"), _Tekstdeel.uit(ingevuld.html, "html")),
        _agenda=agenda,
    )
