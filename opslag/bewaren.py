"""Een nieuwe toestand van een traject terugschrijven: het omgekeerde van `tabellen.naar_domein`.
Alleen wat verschilt met de toestand van vóór het commando wordt geschreven; een kind zonder id
(partner, contact, moment, inschrijving, ronde) is nieuw en krijgt een rij en een id."""

from collections.abc import Mapping
from dataclasses import fields, replace
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from domein.invoer import naam_sleutel
from domein.model import Contact, Inschrijving, Moment, Partner, Ronde, RondeStatus, Traject
from opslag.tabellen import ContactRij, InschrijvingRij, MomentRij, PartnerRij, RondeRij, TrajectRij

# Per soort kind: zijn tabel en zijn veld in Traject. Een veld van een kind heet in zijn rij hetzelfde.
_RIJEN = (
    (PartnerRij, "partners"),
    (ContactRij, "contacten"),
    (MomentRij, "momenten"),
    (InschrijvingRij, "inschrijvingen"),
    (RondeRij, "rondes"),
)

Kind = Partner | Contact | Moment | Inschrijving | Ronde


def _kolommen(kind: Kind, nu: datetime, nieuw: bool) -> dict[str, Any]:
    waarden = {f.name: getattr(kind, f.name) for f in fields(kind) if f.name != "id"}
    waarden = {k: dict(v) if isinstance(v, Mapping) else v for k, v in waarden.items()}  # JSON-kolom
    match kind:
        case Partner():
            waarden["naam_sleutel"] = naam_sleutel(kind.naam)  # de databank bewaakt dubbele namen mee
        case Inschrijving() if nieuw:
            waarden["ingeschreven_op"] = nu
        case Ronde(status=RondeStatus.GESLOTEN):
            waarden["gesloten_op"] = nu  # een gesloten ronde verandert niet meer: dit is het sluiten
    return waarden


def bewaar_traject(
    sessie: Session, rij: TrajectRij, oud: Traject, nieuw: Traject, nu: datetime
) -> tuple[Traject, tuple[int, ...]]:
    """Schrijft wat `nieuw` anders heeft dan `oud` in de rijen van traject `rij`. Geeft `nieuw` met
    de ids van de nieuwe kinderen, en die ids (in de volgorde van de velden van Traject)."""
    rij.fase, rij.status = nieuw.fase, nieuw.status
    nieuwe_ids: list[int] = []
    uit = nieuw
    for tabel, veld in _RIJEN:
        voor = {k.id: k for k in getattr(oud, veld)}
        for kind in getattr(nieuw, veld):
            if kind.id is None:
                kindrij = tabel(traject_id=rij.id, **_kolommen(kind, nu, nieuw=True))
                sessie.add(kindrij)
                sessie.flush()  # de id, en een dubbele (gelijktijdig toegevoegd) nu al
                nieuwe_ids.append(kindrij.id)
                uit = replace(uit, **{veld: tuple(replace(kind, id=kindrij.id) if k is kind else k
                                                  for k in getattr(uit, veld))})
            elif kind != voor[kind.id]:
                kindrij = sessie.get(tabel, kind.id)
                assert kindrij is not None and kindrij.traject_id == rij.id  # het domein zocht het kind op
                for naam, waarde in _kolommen(kind, nu, nieuw=False).items():
                    setattr(kindrij, naam, waarde)
    return uit, tuple(nieuwe_ids)
