"""De rem op het raden van links, per adres van de bezoeker en in het geheugen van het proces."""

from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime, timedelta
from threading import Lock


class Afremmer:
    """Remt het raden van links, niet het gebruik ervan: wie vanaf één adres `maximum` verschillende
    onbekende links probeerde, krijgt tot `venster` na de eerste voor elke volgende onbekende link
    'even geduld'. Een geldige link werkt altijd, ook vanaf dat adres: een hele school achter één
    adres boet niet voor één verkeerd getypte link (en dezelfde foute link opnieuw telt niet mee).
    Het geheugen is begrensd: hoogstens `adressen` adressen, het langst niet geziene valt eerst weg."""

    def __init__(self, klok: Callable[[], datetime], maximum: int = 10, venster: timedelta = timedelta(minutes=10),
                 adressen: int = 10_000):
        self.klok, self.maximum, self.venster, self.adressen = klok, maximum, venster, adressen
        self._fouten: OrderedDict[str, dict[int, datetime]] = OrderedDict()  # adres -> hash(link) -> wanneer
        self._slot = Lock()  # de synchrone routes en afhankelijkheden draaien in een threadpool

    def geremd(self, adres: str) -> bool:
        with self._slot:
            return len(self._recent(adres)) >= self.maximum

    def fout(self, adres: str, geheim: str) -> None:
        with self._slot:
            fouten = self._recent(adres)
            if len(fouten) < self.maximum:
                fouten.setdefault(hash(geheim), self.klok())
            self._fouten[adres] = fouten
            self._fouten.move_to_end(adres)
            while len(self._fouten) > self.adressen:
                self._fouten.popitem(last=False)

    def _recent(self, adres: str) -> dict[int, datetime]:
        grens = self.klok() - self.venster
        return {link: t for link, t in self._fouten.get(adres, {}).items() if t > grens}
