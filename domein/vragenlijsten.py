"""Vragenlijsten bij een partner van een traject: antwoorden uit een CSV inlezen en een link maken.
Beide veranderen het traject zelf niet; ze geven hun gebeurtenis (en de antwoorden) terug."""

from config.vragenlijst import Vragenlijst
from domein.antwoorden import lees_csv
from domein.fouten import NietGevonden, OngeldigeInvoer
from domein.levensloop import controleer_open
from domein.model import PARTNERSOORT_NAMEN, Gebeurtenis, Partner, Traject
from domein.scoring import Antwoordset
from domein.traject import partner


def _vragenlijst_voor(traject: Traject, vragenlijst: Vragenlijst, partner_id: int) -> Partner:
    """De partner, als de vragenlijst bij het programma en bij de soort partner past."""
    controleer_open(traject)
    p = partner(traject, partner_id)
    if vragenlijst.programma != traject.programma:
        raise OngeldigeInvoer(
            f"De vragenlijst {vragenlijst.code} hoort bij {vragenlijst.programma}, traject {traject.id} is "
            f"{traject.programma}."
        )
    if vragenlijst.partnersoort != p.soort:
        raise OngeldigeInvoer(
            f"De vragenlijst {vragenlijst.code} is voor {PARTNERSOORT_NAMEN[vragenlijst.partnersoort][2]}; "
            f"'{p.naam}' is {PARTNERSOORT_NAMEN[p.soort][2]}."
        )
    return p


def csv_inlezen(
    traject: Traject, vragenlijst: Vragenlijst, partner_id: int, tekst: str
) -> tuple[list[Antwoordset], Gebeurtenis]:
    """Antwoorden uit een CSV voor een partner. Eerst of de vragenlijst bij het programma en de soort
    partner past, dan het bestand zelf, rij per rij."""
    p = _vragenlijst_voor(traject, vragenlijst, partner_id)
    antwoorden = lees_csv(tekst, vragenlijst)
    details = {"partner_id": p.id, "partner": p.naam, "vragenlijst": vragenlijst.code, "aantal": len(antwoorden)}
    return antwoorden, Gebeurtenis("antwoorden_ingelezen", details)


def link_maken(traject: Traject, vragenlijst: Vragenlijst, partner_id: int, contact_id: int | None) -> Gebeurtenis:
    """Een link naar een vragenlijst: een groepslink voor een anonieme groep, anders een persoonlijke
    voor een contactpersoon van die partner."""
    p = _vragenlijst_voor(traject, vragenlijst, partner_id)
    if vragenlijst.anoniem and contact_id is not None:
        raise OngeldigeInvoer(f"De vragenlijst {vragenlijst.code} is anoniem: één groepslink, zonder contactpersoon.")
    if not vragenlijst.anoniem:
        if contact_id is None:
            raise OngeldigeInvoer(f"De vragenlijst {vragenlijst.code} is op naam: geef de contactpersoon (--contact).")
        contact = next((c for c in traject.contacten if c.id == contact_id and c.partner_id == p.id), None)
        if contact is None:
            raise NietGevonden(f"Contactpersoon {contact_id} hoort niet bij '{p.naam}'.")
    details = {"partner_id": p.id, "partner": p.naam, "vragenlijst": vragenlijst.code, "contact_id": contact_id}
    return Gebeurtenis("vragenlijstlink_gemaakt", details)
