"""De opdrachtregel van de coördinator: `kansrijk`. Hier de app, de hoofdopties (--nu, --door) en de
foutafhandeling; de commando's staan per groep in de modules ernaast en vertalen alleen: argumenten naar
een dienst of leesmodel, en het resultaat naar Nederlandse uitvoer.

Exitcodes: 0 gelukt, 1 het domein weigert (een voorwaarde is niet voldaan), 2 ongeldige invoer,
3 een onverwachte fout (de details in <gegevensmap>/kansrijk.log).
Gewone commando's laden Prefect niet: dat kost hier al een seconde bij het importeren."""

import getpass
import sys
import tempfile
import traceback
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

from config.instellingen import Instellingen
from config.laden import ConfigFout
from domein import invoer
from domein.antwoorden import schoon
from domein.fouten import KansrijkFout, OngeldigeInvoer
from domein.tijd import lees_tijdstip
from kansrijk.cli import beheer, berichten, fase, moment, partners, programma, ronde, traject
from kansrijk.cli.gedeeld import Omgeving, commando, groep
from kansrijk.cli.nl import gebruiksfout, is_gebruiksfout

__all__ = ["Omgeving", "app", "main", "uitvoeren"]

app = groep("Kansrijk: de trajecten van vzw Krijt (A-Z en STOS), van aanloopfase tot terugkommoment.")
# In deze volgorde in `kansrijk --help`.
for _naam, _sub in [
    ("traject", traject.traject_app),
    ("partner", partners.partner_app),
    ("contact", partners.contact_app),
    ("moment", moment.moment_app),
    ("fase", fase.fase_app),
    ("programma", programma.programma_app),
    ("vragenlijst", programma.vragenlijst_app),
    ("ronde", ronde.ronde_app),
    ("train-the-trainer", partners.ttt_app),
    ("db", beheer.db_app),
    ("berichten", berichten.berichten_app),
]:
    app.add_typer(_sub, name=_naam)
for _naam, _functie in [
    ("web", beheer.web),
    ("rapport", berichten.rapport),
    ("agenda", berichten.agenda),
    ("engine", beheer.engine),
    ("demo", beheer.demo),
]:
    commando(app, _naam)(_functie)


@app.callback()
def _hoofd(
    ctx: typer.Context,
    nu: Annotated[
        str | None,
        typer.Option("--nu", metavar="JJJJ-MM-DDTUU:MM", help="Doe alsof het nu dit tijdstip is (voor demo's en tests)."),
    ] = None,
    door: Annotated[
        str | None, typer.Option("--door", help="Wie het commando geeft (standaard: je gebruikersnaam).")
    ] = None,
) -> None:
    instellingen = Instellingen()
    ctx.obj = Omgeving(
        instellingen=instellingen,
        nu=lees_tijdstip(nu, instellingen.zone) if nu is not None else None,  # --nu "" is een fout, geen 'nu'
        door=invoer.tekst(door, "De naam bij --door") if door is not None else getpass.getuser(),
    )


ONVERWACHT = 3  # een fout die niemand voorzag (een bug): niet 1 (geweigerd) en niet 2 (ongeldige invoer)


def uitvoeren(argumenten: list[str]) -> int:
    """Eén commando; geeft de exitcode. Wat misloopt, wordt één Nederlandse regel op stderr."""
    try:
        for argument in argumenten:
            _geldige_tekst(argument)
        uitkomst = app(args=argumenten, standalone_mode=False, prog_name="kansrijk")
    except typer.TyperException as fout:
        if not is_gebruiksfout(fout):  # bv. een callback met een verkeerde signatuur: een bug
            return _onverwacht(argumenten)
        typer.echo(gebruiksfout(fout), err=True)
        return 2
    except (KansrijkFout, ConfigFout) as fout:
        typer.echo(f"Fout: {fout}", err=True)
        return fout.exitcode
    except ValidationError as fout:  # een ongeldige KANSRIJK_-instelling
        typer.echo(f"Fout: {_instellingsfout(fout)}", err=True)
        return 2
    except KeyboardInterrupt:
        typer.echo("Afgebroken.", err=True)
        return 130
    except Exception:  # noqa: BLE001  (bewust alles: de gebruiker krijgt nooit een traceback)
        return _onverwacht(argumenten)
    return uitkomst if isinstance(uitkomst, int) else 0


def _onverwacht(argumenten: list[str]) -> int:
    """Binnen een except: een transactie die zo afbreekt, wordt teruggedraaid; de details (de traceback)
    zijn voor wie de bug oplost."""
    log = _bewaar_traceback(argumenten)
    waar = f"De details staan in {log}." if log else "De details konden nergens bewaard worden."
    typer.echo(f"Fout: er ging onverwacht iets mis in Kansrijk (exitcode {ONVERWACHT}). {waar}", err=True)
    return ONVERWACHT


def _instellingsfout(fout: ValidationError) -> str:
    """Wat er mis is met de eerste foute instelling: wat het veld verwacht (zijn `description`) en wat er stond."""
    fout_ = fout.errors()[0]
    veld = str(fout_["loc"][0])
    verwacht = Instellingen.model_fields[veld].description if veld in Instellingen.model_fields else None
    return f"ongeldige instelling KANSRIJK_{veld.upper()}: {verwacht or 'ongeldige waarde'}, niet {str(fout_['input'])!r}."


def _geldige_tekst(argument: str) -> None:
    # Bytes die geen UTF-8 zijn, komen als 'surrogates' binnen; geen databank kan ze bewaren.
    try:
        argument.encode("utf-8")
    except UnicodeEncodeError:
        raise OngeldigeInvoer(f"Het argument {argument!a} is geen geldige UTF-8-tekst.") from None
    # Dezelfde tekens die het webformulier en de CSV-import weglaten (schoon), maar hier geweigerd:
    # wie ze typt, bedoelt ze niet, en stil weglaten zou een naam of locatie ongezien veranderen.
    if schoon(argument) != argument:
        raise OngeldigeInvoer(f"Het argument {argument!a} bevat een stuurteken (bv. NUL of ESC); typ het zonder.")


def _bewaar_traceback(argumenten: list[str]) -> Path | None:
    """Schrijft de traceback bij in <gegevensmap>/kansrijk.log, of in de tijdelijke map als dat niet gaat."""
    try:
        mappen = [Instellingen().data_dir]
    except ValidationError:
        mappen = []
    regels = f"{datetime.now(UTC).isoformat()} kansrijk {' '.join(map(ascii, argumenten))}\n{traceback.format_exc()}\n"
    for map_ in [*mappen, Path(tempfile.gettempdir())]:
        log = map_ / "kansrijk.log"
        try:
            map_.mkdir(parents=True, exist_ok=True)
            with log.open("a", encoding="utf-8", errors="backslashreplace") as bestand:
                bestand.write(regels)
            return log
        except OSError:
            continue
    return None


def main() -> None:
    sys.exit(uitvoeren(sys.argv[1:]))
