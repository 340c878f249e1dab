"""Programma's als gegevens: fasen, contactmomenten en voorwaarden, gevalideerd bij het laden.

De engine leest deze definities; een derde programma is een nieuw YAML-bestand, geen nieuwe code.
"""

from functools import cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, PositiveInt, StringConstraints, model_validator

from config.laden import Code, ConfigFout, Model, Tekst, lees_yaml

PROGRAMMA_MAP = Path(__file__).parent / "programmas"


# Partnersoorten en mandaten zijn domeinbegrippen waar de regels naar verwijzen; een programma
# kiest welke soorten het toelaat.
PARTNERSOORTEN = ("school", "lokaal-bestuur", "welzijnspartner")
MANDATEN = ("diensthoofd", "schepencollege")


DREMPEL = 5  # een anonieme groep met minder antwoorden staat niet apart in een rapport
VERVOLG = "de volgende fase"  # waar de werkpunten van een rapport het vertrekpunt voor zijn


class ProgrammaFout(ConfigFout):
    """Een programmabestand dat niet klopt; de tekst noemt bestand, fase en veld."""


class Momentsoort(Model):
    soort: Code
    naam: Tekst
    duur: PositiveInt = Field(le=24 * 60, description="standaardduur in minuten")
    deelnemers: tuple[Code, ...] = Field(min_length=1, description="rollen die uitgenodigd worden")
    per_school: bool = Field(False, description="één moment per deelnemende school")
    herinneringen: tuple[PositiveInt, ...] | None = Field(None, description="dagen vóór; standaard die van het programma")


class PartnersBevestigd(Model):
    soort: Literal["partners_bevestigd"]
    partnersoort: Code
    minimum: PositiveInt = 1


class MandaatGegeven(Model):
    soort: Literal["mandaat"]


class ContactMetRol(Model):
    soort: Literal["contact_met_rol"]
    rol: Code
    partnersoort: Code | None = None
    minimum: PositiveInt = 1


class MomentGehouden(Model):
    soort: Literal["moment_gehouden"]
    moment: Code
    minimum: PositiveInt = 1


class MomentPerSchool(Model):
    soort: Literal["moment_per_school"]
    moment: Code


class RondeGesloten(Model):
    soort: Literal["ronde_gesloten"]


Voorwaarde = Annotated[
    PartnersBevestigd | MandaatGegeven | ContactMetRol | MomentGehouden | MomentPerSchool | RondeGesloten,
    Field(discriminator="soort"),
]


class Rondevragenlijst(Model):
    vragenlijst: Code
    rollen: tuple[Code, ...] = Field((), description="wie een persoonlijke link krijgt; leeg bij een anonieme groep")


class Vragenlijstronde(Model):
    """De vragenlijsten die opengaan als een traject in deze fase komt (Selfie, schoolfoto)."""

    termijn: PositiveInt = Field(le=120, description="dagen tussen openen en sluiten")
    herinneringen: tuple[PositiveInt, ...] = Field((7, 2), description="dagen vóór het sluiten")
    contact: dict[Code, tuple[Code, ...]] = Field(
        min_length=1, description="partnersoort -> rollen die groepslinks, responsstand en rapport krijgen"
    )
    vragenlijsten: tuple[Rondevragenlijst, ...] = Field(min_length=1)
    drempel: PositiveInt = Field(DREMPEL, description="een anonieme groep met minder antwoorden staat niet apart in het rapport")
    vervolg: Tekst = Field(VERVOLG, description="waar de werkpunten van het rapport het vertrekpunt voor zijn")


class Fase(Model):
    code: Code
    naam: Tekst
    momenten: tuple[Momentsoort, ...] = ()
    voorwaarden: tuple[Voorwaarde, ...] = ()
    vragenlijstronde: Vragenlijstronde | None = None

    @model_validator(mode="after")
    def _momenten_kloppen(self) -> "Fase":
        soorten = [m.soort for m in self.momenten]
        dubbel = {s for s in soorten if soorten.count(s) > 1}
        if dubbel:
            raise ValueError(f"momentsoort {min(dubbel)!r} staat er meer dan eens")
        for v in self.voorwaarden:
            if isinstance(v, MomentGehouden | MomentPerSchool) and v.moment not in soorten:
                raise ValueError(f"voorwaarde noemt momentsoort {v.moment!r}, die deze fase niet kent")
            if isinstance(v, RondeGesloten) and self.vragenlijstronde is None:
                raise ValueError("voorwaarde ronde_gesloten in een fase zonder vragenlijstronde")
        return self

    def momentsoort(self, soort: str) -> Momentsoort | None:
        return next((m for m in self.momenten if m.soort == soort), None)


class Partnerregel(Model):
    maximum: PositiveInt | None = None


class Terugkomregel(Model):
    """Wanneer het terugkommoment valt nadat de laatste actieve fase afloopt."""

    na_fase: Code
    na_maanden: PositiveInt | None = None
    volgend_schooljaar_op: Annotated[str, StringConstraints(pattern=r"^\d{2}-\d{2}$")] | None = Field(
        None, description="MM-DD in het volgende schooljaar"
    )

    @model_validator(mode="after")
    def _een_regel(self) -> "Terugkomregel":
        if (self.na_maanden is None) == (self.volgend_schooljaar_op is None):
            raise ValueError("geef precies één van na_maanden of volgend_schooljaar_op")
        return self


class Programma(Model):
    code: Code
    naam: Tekst
    beschrijving: str = ""
    partnersoorten: dict[Code, Partnerregel]
    rollen: dict[Code, Tekst] = Field(description="rol -> omschrijving")
    train_the_trainer: bool = False
    herinneringen: tuple[PositiveInt, ...] = Field((14, 2), description="dagen vóór een moment")
    terugkommoment: Terugkomregel | None = None
    fasen: tuple[Fase, ...] = Field(min_length=2)

    @model_validator(mode="after")
    def _verwijzingen_kloppen(self) -> "Programma":
        codes = [f.code for f in self.fasen]
        if len(set(codes)) != len(codes):
            raise ValueError("elke fase heeft een eigen code nodig")
        if self.fasen[-1].momenten:
            raise ValueError("de laatste fase is de eindtoestand en heeft geen momenten")
        onbekend = set(self.partnersoorten) - set(PARTNERSOORTEN)
        if onbekend:
            raise ValueError(f"onbekende partnersoort {min(onbekend)!r}")
        for fase in self.fasen:
            for m in fase.momenten:
                for rol in m.deelnemers:
                    if rol not in self.rollen:
                        raise ValueError(f"fase {fase.code!r}: moment {m.soort!r} noemt onbekende rol {rol!r}")
            for v in fase.voorwaarden:
                soort = getattr(v, "partnersoort", None)
                if soort is not None and soort not in self.partnersoorten:
                    raise ValueError(f"fase {fase.code!r}: voorwaarde noemt onbekende partnersoort {soort!r}")
                if isinstance(v, ContactMetRol) and v.rol not in self.rollen:
                    raise ValueError(f"fase {fase.code!r}: voorwaarde noemt onbekende rol {v.rol!r}")
            if fase.vragenlijstronde:
                self._ronde_klopt(fase.code, fase.vragenlijstronde)
        # Kansrijk kent per traject één ronde tegelijk (sluiten, verlengen en de timers gaan over
        # 'de' ronde); een tweede zou een tweede open ronde naast de eerste kunnen geven.
        if len(rondes := [f.code for f in self.fasen if f.vragenlijstronde]) > 1:
            raise ValueError(f"hoogstens één fase heeft een vragenlijstronde, niet {', '.join(rondes)}")
        if self.terugkommoment and self.terugkommoment.na_fase not in codes[:-2]:
            raise ValueError("terugkommoment.na_fase moet een fase vóór de laatste twee zijn")
        return self

    def _ronde_klopt(self, fase: str, ronde: Vragenlijstronde) -> None:
        for soort, rollen in ronde.contact.items():
            if soort not in self.partnersoorten:
                raise ValueError(f"fase {fase!r}: vragenlijstronde noemt onbekende partnersoort {soort!r}")
            for rol in (*rollen, *(r for v in ronde.vragenlijsten for r in v.rollen)):
                if rol not in self.rollen:
                    raise ValueError(f"fase {fase!r}: vragenlijstronde noemt onbekende rol {rol!r}")

    def fase(self, code: str) -> Fase:
        return next(f for f in self.fasen if f.code == code)

    def volgende_fase(self, code: str) -> Fase | None:
        codes = [f.code for f in self.fasen]
        i = codes.index(code) + 1
        return self.fasen[i] if i < len(codes) else None

    def fase_index(self, code: str) -> int:
        return [f.code for f in self.fasen].index(code)

    @property
    def drempel(self) -> int:
        """De anonimiteitsdrempel van zijn vragenlijstronde (zonder ronde de standaard): ook voor een
        rapport uit alle antwoorden van een partner, binnen en buiten de ronde."""
        return next((f.vragenlijstronde.drempel for f in self.fasen if f.vragenlijstronde), DREMPEL)


def lees_programma(pad: Path) -> Programma:
    return lees_yaml(pad, Programma, "Programmabestand", ProgrammaFout)


@cache
def laad_programmas(map_: Path = PROGRAMMA_MAP) -> dict[str, Programma]:
    programmas: dict[str, Programma] = {}
    for pad in sorted(map_.glob("*.yaml")):
        programma = lees_programma(pad)
        if programma.code in programmas:
            raise ProgrammaFout(f"Programmabestand {pad}: code {programma.code!r} bestaat al.")
        programmas[programma.code] = programma
    if not programmas:
        raise ProgrammaFout(f"Geen programmabestanden (*.yaml) gevonden in {map_}.")
    return programmas
