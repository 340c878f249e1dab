"""De uitslag van een verzending vastleggen: verzonden, later opnieuw, of definitief mislukt."""

import asyncio
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Self

from sqlalchemy import case, select, text, update
from sqlalchemy.orm import Session, defer

from domein.berichten import MET_GEHEIM
from domein.model import BerichtStatus
from notificaties.verzender import Afgehandeld, Uitslag
from opslag.databank import Databank
from opslag.tabellen import BerichtRij

OPGEVEN_NA = timedelta(days=3)  # een tijdelijke fout die zo lang duurt, wordt definitief
MAX_WACHTTIJD = timedelta(hours=2)


def wachttijd(pogingen: int) -> timedelta:
    """1, 2, 4, ... minuten, tot hoogstens twee uur."""
    return min(timedelta(minutes=2 ** (pogingen - 1)), MAX_WACHTTIJD)


def verwerk(sessie: Session, uitslagen: Sequence[Afgehandeld], nu: datetime) -> None:
    verzonden = [u.sleutel for u in uitslagen if u.uitslag == Uitslag.VERZONDEN]
    if verzonden:  # de gewone uitslag: één UPDATE, zonder de rijen (en hun inhoud) te laden
        sessie.execute(
            update(BerichtRij)
            .where(BerichtRij.sleutel.in_(verzonden))
            .values(status=BerichtStatus.VERZONDEN, verzonden_op=nu, laatste_fout=None, geclaimd_tot=None,
                    pogingen=BerichtRij.pogingen + 1,
                    # vertrokken: de links hoeven hier niet meer te staan
                    inhoud=case((BerichtRij.soort.in_(MET_GEHEIM), b""), else_=BerichtRij.inhoud))
            .execution_options(synchronize_session=False)
        )
    mislukt = {u.sleutel: u for u in uitslagen if u.uitslag != Uitslag.VERZONDEN}
    if not mislukt:
        return
    for rij in sessie.scalars(
        select(BerichtRij).where(BerichtRij.sleutel.in_(mislukt)).options(defer(BerichtRij.inhoud))
    ):
        uitslag = mislukt[rij.sleutel]
        rij.geclaimd_tot = None
        rij.pogingen += 1
        if uitslag.uitslag == Uitslag.PERMANENT:
            rij.status, rij.laatste_fout, rij.mislukt_op = BerichtStatus.MISLUKT, uitslag.reden, nu
        elif nu - rij.aangemaakt_op >= OPGEVEN_NA:
            rij.status, rij.mislukt_op = BerichtStatus.MISLUKT, nu
            rij.laatste_fout = f"Bleef {OPGEVEN_NA.days} dagen tijdelijk mislukken: {uitslag.reden}"
        else:
            rij.laatste_fout = uitslag.reden
            rij.volgende_poging = nu + wachttijd(rij.pogingen)
        if rij.status != BerichtStatus.WACHTEND and rij.soort in MET_GEHEIM:
            rij.inhoud = b""  # opgegeven: de links hoeven hier niet meer te staan


class Uitslagenboek:
    """Legt elke uitslag vast zodra de server antwoordde, vóór de server het volgende bericht op die
    verbinding aanvaardt: sterft het proces, dan gaat alleen wat per verbinding onderweg was nog eens (hoogstens
    één bericht). Uitslagen die binnenkomen terwijl een transactie loopt, gaan samen in de volgende;
    die lopen in een draad, zodat de verbindingen ondertussen verder versturen."""

    def __init__(self, databank: Databank, nu: datetime) -> None:
        self._databank, self._nu = databank, nu
        self._verbinding = databank.engine.connect()  # één voor de hele batch: een transactie per uitslag
        self._groep: list[Afgehandeld] = []  # wat de volgende transactie vastlegt
        self._volgende: asyncio.Task[None] | None = None  # die transactie, tot ze begint
        self._lopend: asyncio.Task[None] | None = None  # de transactie die nu loopt (of liep)

    async def __call__(self, uitslagen: Sequence[Afgehandeld]) -> None:
        if self._volgende is None:
            self._groep = []
            self._volgende = asyncio.create_task(self._na(self._lopend, self._groep))
        self._groep.extend(uitslagen)
        await self._volgende  # een fout (bv. de databank weg) krijgt elke wachtende verbinding

    async def _na(self, vorige: asyncio.Task[None] | None, groep: list[Afgehandeld]) -> None:
        if vorige is not None:
            await asyncio.wait([vorige])  # haar fout is voor wie op haar wachtte
        self._volgende, self._lopend = None, asyncio.current_task()  # wat nu komt, wacht op ons
        await asyncio.to_thread(self._vastleggen, groep)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_) -> None:
        self._verbinding.close()

    def _vastleggen(self, uitslagen: list[Afgehandeld]) -> None:
        with self._databank.transactie_op(self._verbinding) as sessie:
            if self._verbinding.dialect.name == "postgresql":
                # Niet wachten tot de WAL op schijf staat (een paar ms per bericht): een engine die
                # sterft, verliest daarmee niets; alleen een crash van de PostgreSQL-server zelf kan
                # de laatste uitslagen vergeten, en dan gaan die berichten nog eens (nooit verloren).
                sessie.execute(text("SET LOCAL synchronous_commit TO OFF"))
            verwerk(sessie, uitslagen, self._nu)
