"""De use cases achter het vragenlijstformulier: tussentijds bewaren (concepten), terugvinden, en
versturen. Elk formulier draagt een eenmalig kenmerk (in de databank als hash): twee keer verzenden
bewaart één antwoordset, en wie tussentijds bewaart, vindt zijn antwoorden terug met dat kenmerk (een
groepslink) of met zijn persoonlijke link. Anonieme antwoorden krijgen geen verwijzing naar een link
of persoon."""

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from diensten import ronde as rondewerk
from diensten.antwoorden import bewaar_antwoorden, webantwoord
from diensten.commandos import Diensten
from diensten.links import LinkGeweigerd, Toegang, Weigering
from diensten.toegang import hash_van
from domein.model import RondeStatus
from domein.scoring import Antwoordset
from opslag.databank import voeg_toe_tenzij_er
from opslag.tabellen import AntwoordsetRij, ConceptRij, RondeRij, ToegangRij

DOOR = "webformulier"  # de auteur van de gebeurtenis bij een antwoord, in de geschiedenis


def verstuurd(d: Diensten, kenmerk: str) -> bool:
    """Werd het formulier met dit kenmerk al verstuurd?"""
    with d.databank.transactie() as sessie:
        return _verstuurd(sessie, kenmerk)


def concept(d: Diensten, toegang: Toegang, kenmerk: str | None) -> dict[str, str] | None:
    """Tussentijds bewaarde antwoorden: met het kenmerk uit de verder-link (een groepslink), of bij
    een persoonlijke link het laatste concept van de partner (ook van een collega)."""
    if not kenmerk and not toegang.persoonlijk:
        return None
    with d.databank.transactie() as sessie:
        vraag = select(ConceptRij).where(ConceptRij.toegang_id.in_([t.id for t in _verwante(sessie, toegang)]))
        if kenmerk:
            vraag = vraag.where(ConceptRij.formulier == hash_van(kenmerk))
        rij = sessie.scalars(vraag.order_by(ConceptRij.bewaard_op.desc()).limit(1)).one_or_none()
        return dict(rij.waarden) if rij else None


def concept_bewaren(d: Diensten, toegang: Toegang, waarden: dict[str, Any], kenmerk: str) -> None:
    """Het concept van dit formulier (alleen de antwoorden; het kenmerk staat er als hash bij). Bij
    een persoonlijke link vervangt het de vorige concepten van de partner. `LinkGeweigerd` als de
    ronde intussen sloot, de link gebruikt werd of het formulier al verstuurd is."""
    bewaard = {k: v for k, v in waarden.items() if k.startswith(("i-", "o-"))}
    nu = d.klok()
    with d.databank.transactie() as sessie:
        links = _verwante(sessie, toegang)
        _weiger(sessie, toegang, links, kenmerk, nu)
        if toegang.persoonlijk:
            sessie.execute(delete(ConceptRij).where(ConceptRij.toegang_id.in_([t.id for t in links]),
                                                    ConceptRij.formulier != hash_van(kenmerk)))
        if not voeg_toe_tenzij_er(sessie, ConceptRij, "formulier", toegang_id=toegang.toegang_id,
                                  formulier=hash_van(kenmerk), waarden=bewaard, bewaard_op=nu):
            sessie.execute(update(ConceptRij).where(ConceptRij.formulier == hash_van(kenmerk),
                                                    ConceptRij.toegang_id == toegang.toegang_id)
                           .values(waarden=bewaard, bewaard_op=nu))


def versturen(d: Diensten, toegang: Toegang, antwoord: Antwoordset, kenmerk: str) -> None:
    """Eén transactie op het traject: het antwoord, de gebruikte persoonlijke links, weg met de
    concepten; `LinkGeweigerd` als de ronde intussen sloot of de vragenlijst op naam net (in een
    ander tabblad, door een collega) ingevuld werd."""
    # De eenheid van werk van de commando's (het traject vergrendeld), met het webformulier als auteur.
    with d.wijzig(toegang.traject_id, door=DOOR) as w:
        links = _verwante(w.sessie, toegang)
        _weiger(w.sessie, toegang, links, kenmerk, w.nu)
        w.sessie.execute(delete(ConceptRij).where(
            ConceptRij.toegang_id.in_([t.id for t in links]),
            *(() if toegang.persoonlijk else (ConceptRij.formulier == hash_van(kenmerk),)),
        ))
        bewaar_antwoorden(w, toegang.partner_id, toegang.vragenlijst, [antwoord], [hash_van(kenmerk)],
                          webantwoord(w, toegang.partner_id, toegang.vragenlijst), bron="web",
                          ronde=next((r for r in w.traject.rondes if r.id == toegang.ronde_id), None),
                          gebruikt=links if toegang.persoonlijk else ())


def _verwante(sessie: Session, toegang: Toegang) -> list[ToegangRij]:
    """De links die één antwoord (en één concept) delen: bij een vragenlijst op naam alle
    persoonlijke links van de partner in de ronde (ook die uit een herinnering), anders alleen deze."""
    if toegang.persoonlijk and toegang.ronde_id is not None:
        return rondewerk.persoonlijke_links(sessie, toegang.ronde_id, toegang.partner_id, toegang.vragenlijst.code)
    return [sessie.get(ToegangRij, toegang.toegang_id)]


def _verstuurd(sessie: Session, kenmerk: str) -> bool:
    return sessie.scalar(select(AntwoordsetRij.id).where(AntwoordsetRij.formulier == hash_van(kenmerk))) is not None


def _weiger(sessie: Session, toegang: Toegang, links: list[ToegangRij], kenmerk: str, nu: datetime) -> None:
    """Opnieuw, binnen de transactie die bewaart: is de ronde intussen gesloten (de ronde is
    vergrendeld), de link gebruikt, of dit formulier al verstuurd (bij versturen is het traject
    vergrendeld: twee gelijktijdige verzendingen van één formulier zien elkaar)?"""
    if toegang.ronde_id is not None:
        ronde = sessie.scalars(select(RondeRij).where(RondeRij.id == toegang.ronde_id).with_for_update()).one()
        if ronde.status != RondeStatus.OPEN:
            raise LinkGeweigerd(Weigering.RONDE_GESLOTEN)
    if any(t.verloopt_op <= nu for t in links if t.id == toegang.toegang_id):
        raise LinkGeweigerd(Weigering.VERLOPEN)
    if toegang.persoonlijk and any(t.gebruikt_op is not None for t in links):
        raise LinkGeweigerd(Weigering.AL_INGEVULD)
    if _verstuurd(sessie, kenmerk):
        raise LinkGeweigerd(Weigering.AL_VERSTUURD)
