"""De fouten die de domeinkern meldt; de CLI zet ze om in een Nederlandse melding en een exitcode."""

import errno

# Wat het besturingssysteem zegt (strerror) is Engels; de gewone gevallen krijgen een Nederlandse reden.
_OS_REDENEN = {
    errno.ENOENT: "dat bestaat niet",
    errno.ENOTDIR: "een deel van het pad is een bestand, geen map",
    errno.EEXIST: "er staat al een bestand met die naam",
    errno.EISDIR: "dat is een map",
    errno.EACCES: "geen toegang",
    errno.EPERM: "geen toegang",
    errno.EROFS: "het bestandssysteem is alleen-lezen",
    errno.ENOSPC: "de schijf is vol",
    errno.ENAMETOOLONG: "de naam is te lang",
    errno.EADDRINUSE: "dat adres is al in gebruik",
    errno.EADDRNOTAVAIL: "dat adres hoort niet bij deze machine",
}


def os_reden(fout: OSError) -> str:
    return _OS_REDENEN.get(fout.errno, fout.strerror or str(fout))


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
