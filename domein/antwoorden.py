"""Antwoorden uit een CSV-bestand (voor scholen die een ander hulpmiddel gebruikten): één rij per
respondent, één kolom per item (de itemcode) en per open vraag (`open-<domein>`). Elke fout wordt
gemeld met rij en kolom; één fout en er wordt niets ingelezen."""

import csv
from collections.abc import Sequence

from config.vragenlijst import WEET_NIET, Vragenlijst
from domein.fouten import OngeldigeInvoer
from domein.scoring import Antwoordset

OPEN = "open-"
MAX_FOUTEN = 20  # daarna volstaat 'en nog N'
MAX_OPEN = 2000  # tekens per open antwoord


class CsvFout(OngeldigeInvoer):
    """Het bestand klopt niet; `fouten` somt elke rij en kolom op."""

    def __init__(self, melding: str, fouten: Sequence[str] = ()) -> None:
        super().__init__(melding)
        self.fouten = tuple(fouten)

    def __str__(self) -> str:
        getoond = [f"  - {f}" for f in self.fouten[:MAX_FOUTEN]]
        if len(self.fouten) > MAX_FOUTEN:
            getoond.append(f"  - en nog {len(self.fouten) - MAX_FOUTEN} fout(en)")
        return "\n".join([self.args[0], *getoond])


def kolommen(vragenlijst: Vragenlijst) -> list[str]:
    """De verwachte kopregel, in de volgorde van de vragenlijst."""
    return [i.code for i in vragenlijst.items] + [f"{OPEN}{d.domein}" for d in vragenlijst.domeinen]


def lees_csv(tekst: str, vragenlijst: Vragenlijst) -> list[Antwoordset]:
    """De antwoordsets uit `tekst`; het scheidingsteken (komma of puntkomma) wordt herkend."""
    regels = tekst.lstrip("\ufeff").splitlines()
    if not regels or not regels[0].strip():
        raise CsvFout("Het bestand is leeg: de eerste regel moet de kolomnamen bevatten.")
    scheiding = ";" if regels[0].count(";") > regels[0].count(",") else ","
    lezer = csv.reader(regels, delimiter=scheiding)
    kop = [k.strip().lower() for k in next(lezer)]
    _controleer_kop(kop, vragenlijst)
    items = {i.code for i in vragenlijst.items}
    sets, fouten = [], []
    for nummer, rij in enumerate(lezer, start=2):
        if not any(v.strip() for v in rij):
            continue  # een lege regel, bv. op het einde
        if len(rij) != len(kop):
            fouten.append(f"rij {nummer}: {len(rij)} waarden, de kopregel heeft er {len(kop)}")
            continue
        scores, open_ = {}, {}
        for kolom, waarde in zip(kop, rij, strict=True):
            waarde = waarde.strip()
            if kolom in items:
                try:
                    scores[kolom] = _score(waarde)
                except ValueError:
                    fouten.append(f"rij {nummer}, kolom {kolom}: '{waarde}' is geen antwoord (1 tot 5, of leeg of "
                                  f"'{WEET_NIET}')")
            elif waarde:
                if len(waarde) > MAX_OPEN:
                    fouten.append(f"rij {nummer}, kolom {kolom}: langer dan {MAX_OPEN} tekens")
                open_[kolom.removeprefix(OPEN)] = waarde
        sets.append(Antwoordset(vragenlijst.code, scores, open_))
    if fouten:
        raise CsvFout(f"Niets ingelezen: {len(fouten)} fout(en) in het bestand.", fouten)
    if not sets:
        raise CsvFout("Het bestand heeft een kopregel maar geen antwoorden.")
    return sets


def _controleer_kop(kop: list[str], vragenlijst: Vragenlijst) -> None:
    verwacht = kolommen(vragenlijst)
    dubbel = sorted({k for k in kop if kop.count(k) > 1})
    onbekend = [k for k in kop if k not in verwacht]
    ontbreekt = [k for k in verwacht if k not in kop and not k.startswith(OPEN)]  # open vragen mogen ontbreken
    fouten = (
        [f"kolom '{k}' staat er meer dan eens" for k in dubbel]
        + [f"kolom '{k}' hoort niet bij {vragenlijst.code}" for k in onbekend]
        + ([f"kolommen ontbreken: {', '.join(ontbreekt)}"] if ontbreekt else [])
    )
    if fouten:
        raise CsvFout(
            f"De kopregel past niet bij de vragenlijst {vragenlijst.code}; verwacht: {','.join(verwacht)}.", fouten
        )


def _score(waarde: str) -> int | None:
    if waarde == "" or waarde.lower() == WEET_NIET:
        return None
    score = int(waarde)
    if not 1 <= score <= 5:
        raise ValueError(waarde)
    return score
