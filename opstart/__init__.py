"""De enige opstart: de onderdelen van Kansrijk (databank, programma's, vragenlijsten, post) uit
de instellingen (KANSRIJK_*), voor de CLI, de webapp, de engine, de flows en de demo. Elk onderdeel
komt pas tot stand als iemand het gebruikt: `kansrijk programma lijst` opent geen databank."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import cached_property

from config.instellingen import Instellingen
from config.programma import PROGRAMMA_MAP, Programma, laad_programmas
from config.vragenlijst import (
    VRAGENLIJST_MAP,
    Domeinen,
    Vragenlijst,
    laad_vragenlijsten,
    rondes_kloppen,
)
from diensten.commandos import Diensten
from notificaties.post import Post
from opslag.databank import Databank, open_databank


def _nu() -> datetime:
    return datetime.now(UTC)


class Onderdelen:
    """Wat elk ingangspunt nodig heeft. Een test of benchmark geeft een onderdeel zelf mee
    (`databank=`, `programmas=` ...); de rest volgt uit de instellingen."""

    def __init__(
        self,
        instellingen: Instellingen,
        *,
        databank: Databank | None = None,
        programmas: dict[str, Programma] | None = None,
        post: Post | None = None,
        vragenlijsten: tuple[Domeinen, dict[str, Vragenlijst]] | None = None,
    ) -> None:
        self.instellingen = instellingen
        gegeven = {"databank": databank, "programmas": programmas, "post": post, "vragenlijsten": vragenlijsten}
        self.__dict__.update({naam: waarde for naam, waarde in gegeven.items() if waarde is not None})

    @cached_property
    def databank(self) -> Databank:
        return open_databank(self.instellingen.databank_url)

    @cached_property
    def programmas(self) -> dict[str, Programma]:
        return laad_programmas(self.instellingen.programma_map or PROGRAMMA_MAP)

    @cached_property
    def vragenlijsten(self) -> tuple[Domeinen, dict[str, Vragenlijst]]:
        vragenlijsten = laad_vragenlijsten(self.instellingen.vragenlijst_map or VRAGENLIJST_MAP)
        rondes_kloppen(self.programmas, vragenlijsten[1])
        return vragenlijsten

    @cached_property
    def post(self) -> Post:
        return Post.uit(self.instellingen)

    def diensten(self, door: str, klok: Callable[[], datetime] = _nu) -> Diensten:
        """De use cases, met `door` als auteur in de geschiedenis."""
        return Diensten(self.databank, self.programmas, post=self.post, door=door, klok=klok,
                        vragenlijsten=self.vragenlijsten)

    def sluit(self) -> None:
        if "databank" in self.__dict__:
            self.databank.engine.dispose()


@contextmanager
def opstarten(instellingen: Instellingen | None = None) -> Iterator[Onderdelen]:
    onderdelen = Onderdelen(instellingen or Instellingen())
    try:
        yield onderdelen
    finally:
        onderdelen.sluit()
