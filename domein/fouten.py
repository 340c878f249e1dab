"""De fouten die de domeinkern meldt; de CLI zet ze om in een Nederlandse melding en een exitcode."""


class KansrijkFout(Exception):
    """Basis: een fout die de gebruiker te zien krijgt, zonder traceback."""

    exitcode = 2


class OngeldigeInvoer(KansrijkFout):
    """De invoer klopt niet (exitcode 2); er is niets gewijzigd."""


class NietGevonden(OngeldigeInvoer):
    """Een id die niet bestaat of niet bij dit traject hoort."""


class Geweigerd(KansrijkFout):
    """Het domein weigert: een voorwaarde is niet voldaan (exitcode 1)."""

    exitcode = 1

    def __init__(self, melding: str, redenen: tuple[str, ...] = ()) -> None:
        super().__init__(melding)
        self.redenen = redenen

    def __str__(self) -> str:
        return "\n".join([self.args[0], *(f"  - {r}" for r in self.redenen)])
