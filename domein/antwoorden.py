"""Antwoorden uit een CSV-bestand (voor scholen die een ander hulpmiddel gebruikten): één rij per
respondent, één kolom per item (de itemcode) en per open vraag (`open-<domein>`). Elke fout wordt
gemeld met rij en kolom; één fout en er wordt niets ingelezen."""

import csv
import hashlib
import io
import json
import re
from collections.abc import Sequence

from config.vragenlijst import WEET_NIET, Vragenlijst
from domein.fouten import OngeldigeInvoer
from domein.scoring import Antwoordset

OPEN = "open-"
MAX_FOUTEN = 20  # daarna volstaat 'en nog N'
MAX_OPEN = 2000  # tekens per open antwoord
# Stuurtekens (behalve tab en regeleinden) en losse surrogaten: PostgreSQL kan NUL niet bewaren (ook
# niet in JSON) en een surrogaat niet als UTF-8 versturen; in een antwoord betekenen ze nooit iets.
_ONLEESBAAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


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


def schoon(tekst: str) -> str:
    """Ingevoerde tekst zonder de tekens die geen databank of lezer aankan (`_ONLEESBAAR`): het webformulier
    en de CSV-import lezen alles hierdoor, zodat een NUL-byte nergens een fout wordt."""
    return _ONLEESBAAR.sub("", tekst)


def lees_csv(tekst: str, vragenlijst: Vragenlijst) -> list[Antwoordset]:
    """De antwoordsets uit `tekst`; het scheidingsteken (komma of puntkomma) wordt herkend. Een rij is
    een record: een regeleinde tussen aanhalingstekens hoort bij de waarde."""
    tekst = schoon(tekst.lstrip("\ufeff"))
    kopregel = tekst.partition("\n")[0]
    if not kopregel.strip():
        raise CsvFout("Het bestand is leeg: de eerste regel moet de kolomnamen bevatten.")
    scheiding = ";" if kopregel.count(";") > kopregel.count(",") else ","
    # Geen waarde is langer dan het bestand: zo meldt de lengtecontrole hieronder een te lange waarde
    # met rij en kolom, in plaats van dat de csv-module halverwege afbreekt (standaard na 131072 tekens).
    csv.field_size_limit(max(csv.field_size_limit(), len(tekst) + 1))
    lezer = csv.reader(io.StringIO(tekst, newline=""), delimiter=scheiding)
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
                    fouten.append(f"rij {nummer}, kolom {kolom}: '{_kort(waarde)}' is geen antwoord (1 tot 5, of leeg of "
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


def rijkenmerken(antwoorden: Sequence[Antwoordset], *eigenaar: object) -> list[str]:
    """Per rij een kenmerk (64 hextekens) dat alleen afhangt van `eigenaar` (bv. traject en partner),
    de inhoud van het hele bestand en de plaats van de rij: hetzelfde bestand een tweede keer geeft
    dezelfde kenmerken, een ander bestand (ook met een paar gelijke rijen) andere."""
    inhoud = json.dumps([[a.vragenlijst, a.scores, a.open] for a in antwoorden], sort_keys=True)
    bestand = hashlib.sha256(f"{eigenaar!r}{inhoud}".encode()).hexdigest()
    return [hashlib.sha256(f"{bestand}:{i}".encode()).hexdigest() for i in range(len(antwoorden))]


def _kort(waarde: str) -> str:
    """Een waarde in een foutmelding: een lange (bv. een verkeerde kolom) niet helemaal."""
    return waarde if len(waarde) <= 40 else f"{waarde[:40]}…"


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
