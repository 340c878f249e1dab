"""De verzender tegen een echte SMTP-server (aiosmtpd op 127.0.0.1) en het postvak."""

import asyncio
import contextlib
import email
import email.policy
import hashlib
import socket
import time
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domein.berichten import Ontvanger
from domein.tijd import BRUSSEL
from notificaties.bericht import maak_bericht
from notificaties.outbox import met_datum
from notificaties.verzender import (
    Afgehandeld,
    SmtpInstellingen,
    Uitgaand,
    Uitslag,
    schrijf_naar_postvak,
    verstuur,
)

AFZENDER = Ontvanger("Kansrijk", "kansrijk@krijt.be")
V, T, P = Uitslag.VERZONDEN, Uitslag.TIJDELIJK, Uitslag.PERMANENT


def uitgaand(adres: str) -> Uitgaand:
    sleutel = f"terugkommoment:{adres}"
    bericht = maak_bericht(
        "terugkommoment",
        {"ontvanger": {"naam": adres}, "traject": {"naam": "De Regenboog", "programma": "STOS"},
         "datum": date(2027, 3, 1), "coordinator": {"naam": "An", "email": "an@krijt.be"}},
        aan=Ontvanger(adres, adres), afzender=AFZENDER, sleutel=sleutel,
        verzonden_op=datetime(2026, 3, 1, 8, 0, tzinfo=BRUSSEL),
    )
    # Met CRLF opgeslagen (SMTP-policy) gaan de bytes ongewijzigd over de lijn.
    return Uitgaand(sleutel, AFZENDER.email, adres, bericht.as_bytes(policy=email.policy.SMTP))


def batch(*namen: str) -> list[Uitgaand]:
    return [uitgaand(f"{naam}@school.be") for naam in namen]


def stuur(berichten, poort, *, verbindingen=1, timeout=5.0) -> list[Afgehandeld]:
    smtp = SmtpInstellingen("127.0.0.1", poort, timeout=timeout)
    return asyncio.run(verstuur(berichten, smtp, verbindingen=verbindingen))


def uitslagen(afgehandeld: list[Afgehandeld]) -> list[Uitslag]:
    return [a.uitslag for a in afgehandeld]


def ontvangers(smtp_server, n) -> list[str]:
    return [e.rcpt_tos[0] for e in smtp_server.wacht_op(n)]


def test_batch_over_een_verbinding(smtp_server):
    berichten = batch("a", "b", "c", "d", "e")
    afgehandeld = stuur(berichten, smtp_server.poort)
    assert afgehandeld == [Afgehandeld(b.sleutel, V) for b in berichten]
    assert smtp_server.verbindingen == 1
    ontvangen = smtp_server.wacht_op(5)
    assert [e.original_content for e in ontvangen] == [b.inhoud for b in berichten]  # ongewijzigd
    binnen = email.message_from_bytes(ontvangen[0].original_content, policy=email.policy.default)
    assert binnen["X-Kansrijk-Sleutel"] == berichten[0].sleutel
    assert ontvangen[0].mail_from == "kansrijk@krijt.be"


def test_lege_batch_maakt_geen_verbinding(smtp_server):
    assert stuur([], smtp_server.poort) == []
    assert smtp_server.verbindingen == 0


def test_parallelle_verbindingen(smtp_server):
    # De server beantwoordt DATA pas als er drie verbindingen open zijn: na elkaar
    # versturen zou blijven hangen tot de timeout en dan TIJDELIJK geven.
    smtp_server.data_wacht_op_verbindingen = 3
    berichten = batch(*"abcdefg")
    afgehandeld = stuur(berichten, smtp_server.poort, verbindingen=3, timeout=2.0)
    assert [a.sleutel for a in afgehandeld] == [b.sleutel for b in berichten]  # volgorde van invoer
    assert uitslagen(afgehandeld) == [V] * 7
    assert smtp_server.verbindingen == 3
    assert sorted(ontvangers(smtp_server, 7)) == sorted(b.ontvanger for b in berichten)


def test_meer_verbindingen_dan_berichten(smtp_server):
    assert uitslagen(stuur(batch("a", "b"), smtp_server.poort, verbindingen=5)) == [V, V]
    assert smtp_server.verbindingen == 2


@pytest.mark.parametrize(
    ("fase", "antwoord", "uitslag"),
    [
        ("rcpt", "451 4.3.0 Try again later", T),
        ("rcpt", "550 5.1.1 No such user", P),
        ("data", "451 4.3.0 Local error", T),
        ("data", "554 5.6.0 Content rejected", P),
    ],
)
def test_weigering_raakt_alleen_dat_bericht(smtp_server, fase, antwoord, uitslag):
    antwoorden = smtp_server.rcpt_antwoorden if fase == "rcpt" else smtp_server.data_antwoorden
    antwoorden["fout@school.be"] = antwoord
    afgehandeld = stuur(batch("a", "fout", "b"), smtp_server.poort)
    assert uitslagen(afgehandeld) == [V, uitslag, V]
    assert afgehandeld[1].reden == antwoord
    assert ontvangers(smtp_server, 2) == ["a@school.be", "b@school.be"]
    assert smtp_server.verbindingen == 1  # na een weigering blijft de verbinding bruikbaar


def test_421_en_ophangen_dan_opnieuw_verbinden(smtp_server):
    smtp_server.rcpt_antwoorden["druk@school.be"] = "421 4.3.2 Service shutting down"
    smtp_server.ophangen_na_rcpt.add("druk@school.be")
    afgehandeld = stuur(batch("a", "druk", "b", "c"), smtp_server.poort)
    assert uitslagen(afgehandeld) == [V, T, V, V]
    assert afgehandeld[1].reden == "421 4.3.2 Service shutting down"
    assert ontvangers(smtp_server, 3) == ["a@school.be", "b@school.be", "c@school.be"]
    assert smtp_server.verbindingen == 2


def test_verbroken_bij_data_dan_opnieuw_verbinden(smtp_server):
    smtp_server.verbreken_bij_data.add("weg@school.be")
    afgehandeld = stuur(batch("a", "weg", "b"), smtp_server.poort)
    assert uitslagen(afgehandeld) == [V, T, V]
    assert afgehandeld[1].reden == f"127.0.0.1:{smtp_server.poort} verbrak de verbinding"
    assert ontvangers(smtp_server, 2) == ["a@school.be", "b@school.be"]
    assert smtp_server.verbindingen == 2


def test_geen_server_alles_tijdelijk_en_snel():
    with socket.socket() as s:  # een poort die net vrij was: daar luistert niemand
        s.bind(("127.0.0.1", 0))
        poort = s.getsockname()[1]
    begin = time.monotonic()
    afgehandeld = stuur(batch("a", "b", "c", "d"), poort, verbindingen=2, timeout=5.0)
    assert time.monotonic() - begin < 1.0  # niet elk bericht opnieuw tegen een dode server
    assert uitslagen(afgehandeld) == [T] * 4
    assert all(a.reden.startswith(f"geen verbinding met 127.0.0.1:{poort}") for a in afgehandeld)


def test_server_zonder_begroeting_een_keer_wachten():
    # Neemt verbindingen aan (backlog) maar zegt nooit iets: elke poging kost de hele timeout.
    with socket.create_server(("127.0.0.1", 0)) as stom:
        poort = stom.getsockname()[1]
        afgehandeld = stuur(batch("a", "b", "c", "d"), poort, timeout=0.5)
        # Eén poging (één keer de timeout), niet vier: tel de verbindingen die in de wachtrij staan.
        stom.setblocking(False)
        pogingen = 0
        with contextlib.suppress(BlockingIOError):
            while True:
                stom.accept()[0].close()
                pogingen += 1
    assert pogingen == 1
    assert uitslagen(afgehandeld) == [T] * 4
    assert {a.reden for a in afgehandeld} == {f"127.0.0.1:{poort} antwoordt niet binnen 0.5 s"}


def test_server_zwijgt_tijdelijk_na_timeout(smtp_server):
    smtp_server.stil_bij_data.add("stil@school.be")
    begin = time.monotonic()
    afgehandeld = stuur(batch("stil", "b"), smtp_server.poort, timeout=0.5)
    assert time.monotonic() - begin < 15  # de timeout van 0.5 s, niet de standaard van 30 s
    assert uitslagen(afgehandeld) == [T, V]
    assert afgehandeld[0].reden == f"127.0.0.1:{smtp_server.poort} antwoordt niet binnen 0.5 s"
    assert ontvangers(smtp_server, 1) == ["b@school.be"]


def test_starttls_en_tls_samen_geweigerd():
    with pytest.raises(ValueError, match="starttls óf tls"):
        SmtpInstellingen("mail.krijt.be", starttls=True, tls=True)


def test_postvak_schrijft_elk_bericht_een_keer(tmp_path):
    berichten = batch("a", "b")
    assert schrijf_naar_postvak(berichten, tmp_path / "postvak") == [
        Afgehandeld(b.sleutel, V) for b in berichten]
    bestanden = sorted((tmp_path / "postvak").iterdir())
    namen = sorted(hashlib.sha256(b.sleutel.encode()).hexdigest()[:32] + ".eml" for b in berichten)
    assert [p.name for p in bestanden] == namen  # geen tijdelijke bestanden achtergebleven
    assert {p.read_bytes() for p in bestanden} == {b.inhoud for b in berichten}

    eerste = bestanden[0].stat().st_mtime_ns
    nogmaals = [Uitgaand(b.sleutel, b.afzender, b.ontvanger, b"anders") for b in berichten]
    assert uitslagen(schrijf_naar_postvak(nogmaals, tmp_path / "postvak")) == [V, V]
    assert bestanden[0].stat().st_mtime_ns == eerste
    assert {p.read_bytes() for p in bestanden} == {b.inhoud for b in berichten}  # niet overschreven


def test_elke_uitslag_vastgelegd_voor_de_volgende_op_die_verbinding(smtp_server):
    """Wat de server aanvaardde maar nog niet vastligt, is per verbinding hoogstens één bericht: meer
    kan een engine die nu sterft niet dubbel versturen."""
    vastgelegd: list[Afgehandeld] = []
    onderweg: list[int] = []

    async def vastleggen(uitslagen):
        onderweg.append(len(smtp_server.berichten) - len(vastgelegd))
        await asyncio.sleep(0.001)  # een transactie die duurt: de andere verbindingen gaan door
        vastgelegd.extend(uitslagen)

    berichten = batch(*(f"lid{i}" for i in range(40)))
    smtp = SmtpInstellingen("127.0.0.1", smtp_server.poort, timeout=5.0)
    afgehandeld = asyncio.run(verstuur(berichten, smtp, verbindingen=3, vastleggen=vastleggen))
    assert sorted(vastgelegd, key=lambda a: a.sleutel) == sorted(afgehandeld, key=lambda a: a.sleutel)
    assert uitslagen(afgehandeld) == [V] * 40
    assert max(onderweg) <= 3 and len(onderweg) == 40


@settings(max_examples=30, deadline=None)
@given(
    nu=st.datetimes(min_value=datetime(1980, 1, 1), max_value=datetime(2100, 1, 1),
                    timezones=st.sampled_from([UTC, BRUSSEL, timezone(timedelta(hours=-9, minutes=-30))])),
    inhoud=st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=200),
)
def test_met_datum_verandert_alleen_de_date(nu, inhoud):
    sleutel = "moment-1/r0/uitnodiging/a@school.be"
    bericht = maak_bericht(
        "terugkommoment",
        {"ontvanger": {"naam": inhoud}, "traject": {"naam": "Date: " + inhoud, "programma": "STOS"},
         "datum": date(2027, 3, 1), "coordinator": {"naam": "An", "email": "an@krijt.be"}},
        aan=Ontvanger("A", "a@school.be"), afzender=AFZENDER, sleutel=sleutel,
        verzonden_op=datetime(2026, 3, 1, 8, 0, tzinfo=BRUSSEL),
    )
    voor = bericht.as_bytes(policy=email.policy.SMTP)
    na = email.message_from_bytes(met_datum(voor, nu), policy=email.policy.default)
    oud = email.message_from_bytes(voor, policy=email.policy.default)
    assert na["Date"].datetime.astimezone(UTC) == nu.replace(microsecond=0).astimezone(UTC)  # ook in het dubbele uur
    assert [(k, str(v)) for k, v in na.items() if k != "Date"] == [(k, str(v)) for k, v in oud.items() if k != "Date"]
    assert met_datum(voor, nu).partition(b"\r\n\r\n")[2] == voor.partition(b"\r\n\r\n")[2]  # de romp ongewijzigd
