"""De e-mailsjablonen invullen: onderwerp, platte tekst en HTML uit één soort."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from domein.tijd import BRUSSEL, zomer_of_winter

# Zelf geschreven: de machines hebben geen nl-locale, en strftime zou dan Engels geven.
_DAGEN = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
_MAANDEN = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)


@dataclass(frozen=True, slots=True)
class Ingevuld:
    onderwerp: str
    tekst: str
    html: str


def _in_brussel(tijdstip: datetime) -> datetime:
    if tijdstip.tzinfo is None:
        # Een tijdstip zonder zone is een fout van de aanroeper; raden geeft een uur verschil.
        raise ValueError(f"Tijdstip zonder tijdzone: {tijdstip.isoformat()}")
    return tijdstip.astimezone(BRUSSEL)


def datum(waarde: date) -> str:
    """'donderdag 3 december 2026'; een tijdstip telt in Brussel."""
    if isinstance(waarde, datetime):
        waarde = _in_brussel(waarde).date()
    return f"{_DAGEN[waarde.weekday()]} {waarde.day} {_MAANDEN[waarde.month - 1]} {waarde.year}"


def tijd(waarde: datetime) -> str:
    """'14:00', in Brussel; '02:30 (wintertijd)' in het uur dat in de herfst twee keer voorkomt."""
    return f"{_in_brussel(waarde):%H:%M}{zomer_of_winter(waarde)}"


def over_dagen(dagen: int) -> str:
    """0 -> 'vandaag', 1 -> 'morgen', 5 -> 'over 5 dagen'."""
    return {0: "vandaag", 1: "morgen", 2: "overmorgen"}.get(dagen, f"over {dagen} dagen")


OMGEVING = Environment(
    loader=PackageLoader("notificaties", "sjablonen"),
    autoescape=select_autoescape(enabled_extensions=("html.j2",), default_for_string=False),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    # De sjablonen horen bij het pakket en veranderen niet terwijl het proces loopt: zonder
    # auto_reload geeft get_template het gecompileerde sjabloon zonder elke keer het bestand te stat'en.
    auto_reload=False,
)
OMGEVING.filters.update(datum=datum, tijd=tijd, over_dagen=over_dagen)


def vul_in(soort: str, context: Mapping[str, Any]) -> Ingevuld:
    """Vult `<soort>.txt.j2` en `<soort>.html.j2` in; het onderwerp is het blok `onderwerp`."""
    tekstsjabloon = OMGEVING.get_template(f"{soort}.txt.j2")
    blok = tekstsjabloon.blocks["onderwerp"](tekstsjabloon.new_context(dict(context)))
    onderwerp = " ".join("".join(blok).split())  # één regel: een header mag geen regeleinde hebben
    tekst = tekstsjabloon.render(context)
    html = OMGEVING.get_template(f"{soort}.html.j2").render(context, onderwerp=onderwerp)
    return Ingevuld(onderwerp=onderwerp, tekst=tekst.strip() + "\n", html=html)
