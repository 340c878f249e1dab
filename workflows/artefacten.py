"""Wat de engine in het Prefect-dashboard zet: de rapporten van een gesloten ronde en het
trajectoverzicht. Wat erin staat, leest `diensten.lezen.engine`; hier staat wie het publiceert
(compare-and-set, ook met twee engines) en wanneer het opnieuw moet."""

from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update

from diensten.lezen import engine as lezen
from diensten.lezen.engine import Samenvatting
from opslag.databank import voeg_toe_tenzij_er
from opslag.tabellen import GebeurtenisRij, RondeRij, StandRij
from opstart import Onderdelen


def te_publiceren(o: Onderdelen) -> list[int]:
    return lezen.te_publiceren(o.databank)


def samenvattingen(o: Onderdelen, ronde_id: int, nu: datetime) -> list[Samenvatting]:
    """De rapporten van een gesloten ronde, en de ronde als gepubliceerd gemerkt; leeg
    als een andere engine ze net nam (compare-and-set)."""
    with o.databank.transactie() as sessie:
        genomen = sessie.execute(
            update(RondeRij).where(RondeRij.id == ronde_id, RondeRij.gepubliceerd_op.is_(None))
            .values(gepubliceerd_op=nu).execution_options(synchronize_session=False)
        ).rowcount
        return lezen.samenvattingen(sessie, o.programmas, o.vragenlijsten, ronde_id) if genomen else []


def trajectoverzicht_nodig(o: Onderdelen, *, gewijzigd: bool) -> bool:
    """Moet het overzicht opnieuw? Ja als deze pas iets veranderde (`gewijzigd`), of als er nieuwe
    gebeurtenissen zijn; die zet de engine die ze het eerst opmerkt op haar naam (compare-and-set)."""
    with o.databank.transactie() as sessie:
        laatste = sessie.scalar(select(func.coalesce(func.max(GebeurtenisRij.id), 0)))
        vorige = sessie.scalar(select(StandRij.waarde).where(StandRij.naam == "trajectoverzicht"))
        if vorige is None:
            return voeg_toe_tenzij_er(sessie, StandRij, "naam", naam="trajectoverzicht", waarde=laatste) or gewijzigd
        gezet = vorige != laatste and sessie.execute(
            update(StandRij)
            .where(StandRij.naam == "trajectoverzicht", StandRij.waarde == vorige)
            .values(waarde=laatste)
            .execution_options(synchronize_session=False)
        ).rowcount == 1
        return gezet or gewijzigd


def trajectoverzicht(o: Onderdelen, nu: datetime) -> list[dict[str, Any]]:
    return lezen.trajectoverzicht(o.databank, o.programmas, o.instellingen.zone, nu)
