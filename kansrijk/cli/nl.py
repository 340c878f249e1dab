"""Typer in het Nederlands: de kopjes van de hulp, de --help-optie en de gebruiksfouten.

Typer 0.29 bevat zijn eigen kopie van click met vaste Engelse teksten; wat de gebruiker daarvan
ziet, vertalen we hier op één plaats. Van die kopie maakt Typer alleen `typer.TyperException` (de basis
van al zijn fouten) en `typer.BadParameter` openbaar; het losse pakket `click` heeft andere klassen, die
Typer nooit opwerpt. De soort fout (UsageError, MissingParameter, NoSuchOption) herkennen we daarom aan
de namen van click's klassen, zonder het private `typer._click` te importeren."""

import re

import typer
from typer import rich_utils
from typer.core import TyperCommand, TyperGroup

rich_utils.ARGUMENTS_PANEL_TITLE = "Argumenten"
rich_utils.OPTIONS_PANEL_TITLE = "Opties"
rich_utils.COMMANDS_PANEL_TITLE = "Commando's"
rich_utils.REQUIRED_LONG_STRING = "[verplicht]"
rich_utils.DEFAULT_STRING = "[standaard: {}]"
rich_utils.ENVVAR_STRING = "[omgevingsvariabele: {}]"

class _Nederlands:
    def get_help_option(self, ctx):
        optie = super().get_help_option(ctx)
        if optie is not None:
            optie.help = "Toon deze hulp en stop."
        return optie

    def format_usage(self, ctx, formatter) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), prefix="Gebruik: ")


class Commando(_Nederlands, TyperCommand):
    pass


class Groep(_Nederlands, TyperGroup):
    pass


_PATRONEN = [
    (r"No such command '(.*)'\.", r"Onbekend commando '\1'."),
    (r"Missing command\.", "Geef een commando."),
    (r"Got unexpected extra arguments? \((.*)\)", r"Onverwacht extra argument: \1."),
    (r"'(.*)' is not a valid integer(?: range)?\.", "verwacht een geheel getal."),
    (r"Input should be a valid integer.*", "verwacht een geheel getal."),
    (r"'(.*)' is not a valid float(?: range)?\.", "verwacht een getal."),
    (r"Input should be a valid number.*", "verwacht een getal."),
    (r"Option '(.*)' requires an argument\.", r"De optie \1 vraagt een waarde."),
    (r"Option '(.*)' does not take a value\.", r"De optie \1 neemt geen waarde."),
]


def _vertaal(tekst: str) -> str:
    for patroon, vervanging in _PATRONEN:
        tekst = re.sub(patroon, vervanging, tekst)
    return tekst


def _soorten(fout: typer.TyperException) -> set[str]:
    return {klasse.__name__ for klasse in type(fout).__mro__}


def is_gebruiksfout(fout: typer.TyperException) -> bool:
    """Een fout in hoe de opdrachtregel gebruikt werd (click's UsageError); de andere fouten van Typer
    zijn fouten in Kansrijk zelf."""
    return "UsageError" in _soorten(fout)


def gebruiksfout(fout: typer.TyperException) -> str:
    """Een Nederlandse melding voor een fout in de opdrachtregel, met een verwijzing naar --help."""
    soorten = _soorten(fout)
    param = getattr(fout, "param", None)
    hint = param.get_error_hint() if param else ""
    if "MissingParameter" in soorten:
        soort = "optie" if param is not None and param.param_type_name == "option" else "argument"
        melding = f"Ontbrekend {soort} {hint}."
    elif "BadParameter" in soorten:
        melding = f"Ongeldige waarde voor {hint}: {_vertaal(fout.message)}"
    elif "NoSuchOption" in soorten:
        melding = f"Onbekende optie {fout.option_name}."
        if fout.possibilities:
            melding += f" Bedoelde je {' of '.join(sorted(fout.possibilities))}?"
    elif "NoArgsIsHelpError" in soorten:  # een groep zonder commando: de hulp staat er al boven
        melding = "Geef een commando."
    else:
        melding = _vertaal(fout.message)
    pad = fout.ctx.command_path if fout.ctx else "kansrijk"
    melding = melding if melding.endswith((".", "?")) else melding + "."
    return f"Fout: {melding} Zie '{pad} --help'."
