"""De bouwstenen van de schema's in `config/`, en YAML-bestanden lezen en valideren met pydantic; een fout wordt één Nederlandse
regel die bestand, plaats (bv. fase en moment) en veld noemt."""

from pathlib import Path
from typing import Annotated, Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError

Code = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
Tekst = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Model(BaseModel):
    """Streng: een onbekend veld (een tikfout) is een fout, en wat geladen is, verandert niet."""

    model_config = ConfigDict(extra="forbid", frozen=True)


M = TypeVar("M", bound=BaseModel)


class ConfigFout(Exception):
    """Een configuratiebestand dat niet klopt (exitcode 2 in de CLI)."""

    exitcode = 2


_NL = {
    "missing": "ontbreekt",
    "extra_forbidden": "is geen bekend veld",
    "greater_than": "moet groter zijn dan {gt}",
    "less_than_equal": "mag niet groter zijn dan {le}",
    "int_parsing": "moet een geheel getal zijn",
    "int_type": "moet een geheel getal zijn",
    "string_type": "moet tekst zijn",
    "string_too_short": "mag niet leeg zijn",
    "string_pattern_mismatch": "heeft geen geldige vorm (kleine letters, cijfers en koppeltekens)",
    "bool_parsing": "moet true of false zijn",
    "bool_type": "moet true of false zijn",
    "tuple_type": "moet een lijst zijn",
    "dict_type": "moet een tabel (sleutel: waarde) zijn",
    "model_type": "moet een tabel (sleutel: waarde) zijn",
    "too_short": "heeft minstens {min_length} element(en) nodig",
    "union_tag_invalid": "kent de soort '{tag}' niet; kies uit {expected_tags}",
    "union_tag_not_found": "mist het veld 'soort'",
}


# Lijsten in de bestanden: hoe een element heet in een melding, en welke velden het een naam geven.
_LIJSTEN = {
    "fasen": ("fase", ("code",)),
    "momenten": ("moment", ("soort",)),
    "voorwaarden": ("voorwaarde", ()),  # een voorwaarde heeft geen naam: haar nummer
    "domeinen": ("domein", ("code", "domein")),  # domeinen.yaml: code; een vragenlijst: domein
    "items": ("item", ("code",)),
    "clusters": ("cluster", ("code",)),
    "vragenlijsten": ("vragenlijst", ("vragenlijst",)),  # een vragenlijstronde in een programma
}


def _plaats(loc: tuple[Any, ...], data: Any) -> str:
    """('fasen', 1, 'momenten', 0, 'duur') -> "fase 'fase-1', moment 'vormingsmoment', veld 'duur'"."""
    delen, knoop, i = [], data, 0
    while i < len(loc):
        sleutel = loc[i]
        volgende = loc[i + 1] if i + 1 < len(loc) else None
        if sleutel in _LIJSTEN and isinstance(volgende, int):
            lijst = knoop.get(sleutel) if isinstance(knoop, dict) else None
            knoop = lijst[volgende] if isinstance(lijst, list) and volgende < len(lijst) else None
            naam, velden = _LIJSTEN[sleutel]
            id_ = next((knoop[v] for v in velden if v in knoop), None) if isinstance(knoop, dict) else None
            delen.append(f"{naam} {id_!r}" if id_ is not None else f"{naam} {volgende + 1}")
            i += 2
            continue
        if isinstance(knoop, dict) and sleutel in knoop:
            knoop = knoop[sleutel]
            delen.append(f"veld {sleutel!r}")
        elif i == len(loc) - 1:
            delen.append(f"veld {sleutel!r}")  # een ontbrekend veld; anders een discriminatorlabel
        i += 1
    return ", ".join(delen) or "bovenste niveau"


def _fouttekst(fout: dict[str, Any], data: Any) -> str:
    sjabloon = _NL.get(fout["type"])
    if fout["type"] == "value_error":
        uitleg = str(fout["ctx"]["error"])
    elif sjabloon:
        uitleg = sjabloon.format(**fout.get("ctx", {}))
    else:
        uitleg = fout["msg"]
    return f"{_plaats(fout['loc'], data)}: {uitleg}"



def lees_yaml(pad: Path, model: type[M], soort: str, fout_: type[ConfigFout] = ConfigFout) -> M:
    """Leest `pad` als `model`; `soort` ("Programmabestand") begint elke melding."""
    try:
        data = yaml.safe_load(pad.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise fout_(f"{soort} {pad} bestaat niet.") from None
    except (OSError, UnicodeDecodeError) as fout:
        raise fout_(f"{soort} {pad} is niet leesbaar: {fout}") from None
    except yaml.YAMLError as fout:
        plek = getattr(fout, "problem_mark", None)
        regel = f" (regel {plek.line + 1})" if plek else ""
        raise fout_(f"{soort} {pad} is geen geldige YAML{regel}.") from None
    try:
        return model.model_validate(data)
    except ValidationError as fout:
        eerste = _fouttekst(fout.errors()[0], data)
        meer = len(fout.errors()) - 1
        extra = f" (en nog {meer} fout{'en' if meer > 1 else ''})" if meer else ""
        raise fout_(f"{soort} {pad}: {eerste}{extra}") from None
