"""Vragenlijsten als gegevens: de zes domeinen met hun clusters (Krijt's Selfie), en per programma
en respondentengroep een vragenlijst met stellingen op een schaal van 1 tot 5 (of 'weet niet') en
een open vraag per domein. Gevalideerd bij het laden, zoals de programma's."""

from functools import cache
from pathlib import Path

from pydantic import Field, model_validator

from config.laden import Code, ConfigFout, Model, Tekst, lees_yaml
from config.programma import Programma

VRAGENLIJST_MAP = Path(__file__).parent / "vragenlijsten"
DOMEINEN_BESTAND = "domeinen.yaml"

# De antwoordschaal: 1-5, en 'weet niet' (None) telt niet mee in een gemiddelde.
SCHAAL = {1: "helemaal niet akkoord", 2: "niet akkoord", 3: "neutraal", 4: "akkoord", 5: "helemaal akkoord"}
WEET_NIET = "weet niet"


class VragenlijstFout(ConfigFout):
    """Een vragenlijstbestand dat niet klopt; de tekst noemt bestand, domein, item en veld."""


class Cluster(Model):
    code: Code
    naam: Tekst
    advies: Tekst = Field(description="werkpunt voor het rapport als de cluster laag scoort")


class Domein(Model):
    code: Code
    naam: Tekst
    clusters: tuple[Cluster, ...] = Field(min_length=1)


class Domeinen(Model):
    domeinen: tuple[Domein, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _uniek(self) -> "Domeinen":
        _geen_dubbels([d.code for d in self.domeinen], "domein")
        _geen_dubbels([c.code for d in self.domeinen for c in d.clusters], "cluster")
        return self

    def domein(self, code: str) -> Domein:
        return next(d for d in self.domeinen if d.code == code)


class Item(Model):
    code: Code
    tekst: Tekst
    cluster: Code
    omgekeerd: bool = Field(False, description="negatief geformuleerd: 'helemaal akkoord' telt als 1")


class Domeinvragen(Model):
    domein: Code
    items: tuple[Item, ...] = Field(min_length=1)
    open_vraag: Tekst


class Vragenlijst(Model):
    code: Code
    programma: Code
    groep: Code = Field(description="bv. werkgroep, leerkrachten, ouders, leerlingen, school, lokaal-bestuur")
    naam: Tekst
    anoniem: bool = Field(description="anoniem: één groepslink per school; anders een persoonlijke link")
    partnersoort: Code = Field("school", description="wie de vragenlijst invult: school of lokaal-bestuur")
    inleiding: Tekst
    domeinen: tuple[Domeinvragen, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _uniek(self) -> "Vragenlijst":
        _geen_dubbels([d.domein for d in self.domeinen], "domein")
        _geen_dubbels([i.code for d in self.domeinen for i in d.items], "item")
        return self

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(i for d in self.domeinen for i in d.items)


def _geen_dubbels(codes: list[str], wat: str) -> None:
    dubbel = sorted({c for c in codes if codes.count(c) > 1})
    if dubbel:
        raise ValueError(f"{wat} {dubbel[0]!r} staat er meer dan eens")


def _past_bij(vragenlijst: Vragenlijst, domeinen: Domeinen, pad: Path) -> None:
    """Elk domein bestaat, en elke cluster hoort bij het domein waaronder het item staat."""
    bekend = {d.code: {c.code for c in d.clusters} for d in domeinen.domeinen}
    for dv in vragenlijst.domeinen:
        if dv.domein not in bekend:
            raise VragenlijstFout(
                f"Vragenlijstbestand {pad}: domein {dv.domein!r} bestaat niet; kies uit {', '.join(bekend)}."
            )
        for item in dv.items:
            if item.cluster not in bekend[dv.domein]:
                raise VragenlijstFout(
                    f"Vragenlijstbestand {pad}: domein {dv.domein!r}, item {item.code!r}, veld 'cluster': "
                    f"{item.cluster!r} is geen cluster van dit domein; kies uit {', '.join(sorted(bekend[dv.domein]))}."
                )


@cache
def laad_vragenlijsten(map_: Path = VRAGENLIJST_MAP) -> tuple[Domeinen, dict[str, Vragenlijst]]:
    """De domeinen en alle vragenlijsten (per code) uit `map_`."""
    domeinen = lees_yaml(map_ / DOMEINEN_BESTAND, Domeinen, "Domeinenbestand", VragenlijstFout)
    vragenlijsten: dict[str, Vragenlijst] = {}
    for pad in sorted(map_.glob("*.yaml")):
        if pad.name == DOMEINEN_BESTAND:
            continue
        vragenlijst = lees_yaml(pad, Vragenlijst, "Vragenlijstbestand", VragenlijstFout)
        _past_bij(vragenlijst, domeinen, pad)
        if vragenlijst.code in vragenlijsten:
            raise VragenlijstFout(f"Vragenlijstbestand {pad}: code {vragenlijst.code!r} bestaat al.")
        if any((v.programma, v.groep) == (vragenlijst.programma, vragenlijst.groep) for v in vragenlijsten.values()):
            raise VragenlijstFout(
                f"Vragenlijstbestand {pad}: programma {vragenlijst.programma!r} heeft al een vragenlijst voor "
                f"groep {vragenlijst.groep!r}."
            )
        vragenlijsten[vragenlijst.code] = vragenlijst
    if not vragenlijsten:
        raise VragenlijstFout(f"Geen vragenlijsten (*.yaml) gevonden in {map_}.")
    return domeinen, vragenlijsten


def rondes_kloppen(programmas: dict[str, Programma], vragenlijsten: dict[str, Vragenlijst]) -> None:
    """Elke vragenlijstronde in een programma noemt bestaande vragenlijsten van dat programma: een
    vragenlijst op naam met de rollen die een link krijgen, een anonieme zonder."""
    for programma in programmas.values():
        for fase in programma.fasen:
            if fase.vragenlijstronde is None:
                continue
            plaats = f"Programma {programma.code}, fase {fase.code!r}, vragenlijstronde"
            for rv in fase.vragenlijstronde.vragenlijsten:
                lijst = vragenlijsten.get(rv.vragenlijst)
                if lijst is None or lijst.programma != programma.code:
                    raise VragenlijstFout(f"{plaats}: vragenlijst {rv.vragenlijst!r} bestaat niet voor dit programma.")
                if lijst.anoniem and rv.rollen:
                    raise VragenlijstFout(f"{plaats}: {rv.vragenlijst!r} is anoniem en krijgt geen rollen (één groepslink).")
                if not lijst.anoniem and not rv.rollen:
                    raise VragenlijstFout(f"{plaats}: {rv.vragenlijst!r} is op naam; geef de rollen die een link krijgen.")
                if lijst.partnersoort not in fase.vragenlijstronde.contact:
                    raise VragenlijstFout(
                        f"{plaats}: geef in 'contact' de rollen van {lijst.partnersoort!r}, voor wie {rv.vragenlijst!r} invult."
                    )
