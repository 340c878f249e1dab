"""De enige manier om antwoorden te bewaren, voor het webformulier en de CSV-import: de antwoordsets,
de gebeurtenis, de persoonlijke links die ermee gebruikt zijn, en de ronde die kan sluiten als
iedereen klaar is. Altijd binnen de transactie van het traject (`Wijziging`)."""

from collections.abc import Iterable, Sequence

from config.vragenlijst import Vragenlijst
from diensten import ronde as rondewerk
from diensten.eenheid import Wijziging
from domein.model import Gebeurtenis, Ronde
from domein.scoring import Antwoordset
from opslag.databank import voeg_alle_toe_tenzij_er
from opslag.tabellen import AntwoordsetRij, ToegangRij


def bewaar_antwoorden(w: Wijziging, partner_id: int, vragenlijst: Vragenlijst, antwoorden: Sequence[Antwoordset],
                      kenmerken: Sequence[str], gebeurtenis: Gebeurtenis, *, bron: str, ronde: Ronde | None,
                      gebruikt: Iterable[ToegangRij] = ()) -> None:
    """Eén antwoordset per kenmerk (`formulier`: een kenmerk dat er al is, wordt niet nog eens
    bewaard; wie roept, weigerde een dubbel al met een eigen melding). Het traject is vergrendeld:
    zo telt de stand die beslist of iedereen klaar is elk antwoord."""
    ronde_id = ronde.id if ronde else None
    w.leg_vast(gebeurtenis.met(ronde_id=ronde_id))
    voeg_alle_toe_tenzij_er(w.sessie, AntwoordsetRij, "formulier", [
        {"traject_id": w.rij.id, "partner_id": partner_id, "vragenlijst": vragenlijst.code, "scores": dict(a.scores),
         "open": dict(a.open), "bron": bron, "ingediend_op": w.nu, "formulier": kenmerk, "ronde_id": ronde_id}
        for a, kenmerk in zip(antwoorden, kenmerken, strict=True)
    ])
    for toegang in gebruikt:  # de vragenlijst op naam is ingevuld: samen één keer te gebruiken
        toegang.gebruikt_op = toegang.gebruikt_op or w.nu
    if ronde is not None:
        w.sessie.flush()
        rondewerk.sluit_als_iedereen_klaar(w, ronde)


def webantwoord(w: Wijziging, partner_id: int, vragenlijst: Vragenlijst) -> Gebeurtenis:
    """De gebeurtenis bij één antwoord uit het webformulier: dezelfde soort als een CSV-import, zodat
    de geschiedenis elk bewaard antwoord op dezelfde manier noemt. Geen link of persoon erin."""
    partner = next(p for p in w.traject.partners if p.id == partner_id)
    return Gebeurtenis("antwoorden_ingelezen", {"partner_id": partner.id, "partner": partner.naam,
                                                "vragenlijst": vragenlijst.code, "aantal": 1, "bron": "web"})
