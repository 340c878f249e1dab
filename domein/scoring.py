"""De scores van een vragenlijstronde: per domein en cluster het gemiddelde en de verdeling per
respondentengroep, de sterkste en zwakste items, de verschillen tussen groepen, de open antwoorden
en de werkpunten. Puur: antwoorden erin, een rapport eruit.

Anonimiteit: een anonieme groep met minder dan `drempel` antwoorden staat niet apart in het rapport
(ook haar open antwoorden niet). Een groep die op naam antwoordt (de school en het lokaal bestuur in
A-Z, de STOS-werkgroep), staat er altijd en telt altijd mee: in haar eigen kolom, in 'samen', in de
gemiddelden per domein en in de werkpunten. De verborgen groepen tellen mee in 'samen' alleen waar ze
samen minstens `drempel` respondenten met een score hebben: anders gaf 'samen' min de zichtbare
kolommen hun antwoorden prijs."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from statistics import fmean

from config.programma import DREMPEL
from config.vragenlijst import Domeinen, Item, Vragenlijst

SAMEN = "samen"  # de kolom met alle groepen samen
VERSCHIL = 1.0  # zoveel punten tussen twee groepen is het bespreken waard
# Het midden van de schaal (3, neutraal): een sterk punt scoort erboven, een item of cluster om aan
# te werken (een werkpunt) eronder; een neutraal item is geen van beide.
MIDDEN = 3.0


@dataclass(frozen=True, slots=True)
class Antwoordset:
    """De antwoorden van één respondent (of van de werkgroep samen): 1-5, of None voor 'weet niet'."""

    vragenlijst: str
    scores: Mapping[str, int | None]  # itemcode -> score
    open: Mapping[str, str] = field(default_factory=dict)  # domeincode -> tekst


@dataclass(frozen=True, slots=True)
class Score:
    n: int  # respondenten met minstens één score (niet 'weet niet') hier
    gemiddelde: float | None
    verdeling: tuple[int, int, int, int, int, int]  # aantal 1, 2, 3, 4, 5 en 'weet niet'


@dataclass(frozen=True, slots=True)
class Itemscore:
    groep: str
    item: Item
    score: Score  # omgekeerd gescoord: 6 min het antwoord, zodat hoger altijd beter is

    @property
    def antwoord(self) -> float | None:
        """Het gemiddelde antwoord zoals de respondenten het gaven (1 = helemaal niet akkoord): bij
        een omgekeerd item wat een lezer naast de stelling verwacht, niet de score."""
        g = self.score.gemiddelde
        return round(6 - g, 2) if g is not None and self.item.omgekeerd else g


@dataclass(frozen=True, slots=True)
class Werkpunt:
    domein: str
    cluster: str
    naam: str
    gemiddelde: float
    advies: str


@dataclass(frozen=True, slots=True)
class Domeinrapport:
    code: str
    naam: str
    groepen: dict[str, Score]  # de zichtbare groepen (op naam, of anoniem boven de drempel), en SAMEN
    clusters: dict[str, dict[str, Score]]  # clustercode -> groep -> score (zelfde groepen)
    sterkste: tuple[Itemscore, ...]  # boven MIDDEN, hoogste eerst; geen itemcode uit 'zwakste'
    zwakste: tuple[Itemscore, ...]  # onder MIDDEN, laagste eerst
    verschil: float | None  # hoogste min laagste groepsgemiddelde, als er twee groepen zijn
    open_antwoorden: dict[str, tuple[str, ...]]  # groep -> teksten


@dataclass(frozen=True, slots=True)
class Rapport:
    antwoorden: dict[str, int]  # groep -> aantal antwoordsets (ook onder de drempel)
    drempel: int
    verborgen: tuple[str, ...]  # anonieme groepen onder de drempel
    domeinen: tuple[Domeinrapport, ...]
    werkpunten: tuple[Werkpunt, ...]  # zwakste clusters eerst


def _waarde(item: Item, score: int | None) -> int | None:
    if score is None:
        return None
    if not 1 <= score <= 5:
        raise ValueError(f"score {score} voor item {item.code} ligt buiten 1-5")
    return 6 - score if item.omgekeerd else score


def _respondenten(per_respondent: Sequence[Sequence[int | None]]) -> int:
    """Hoeveel respondenten minstens één score gaven (niet alleen 'weet niet')."""
    return sum(r.count(None) < len(r) for r in per_respondent)


def _score(per_respondent: Sequence[Sequence[int | None]]) -> Score:
    """Het gemiddelde over alle gegeven scores; n telt respondenten met minstens één score."""
    alle = [w for r in per_respondent for w in r]
    gegeven = [w for w in alle if w is not None]
    return Score(
        n=_respondenten(per_respondent),
        gemiddelde=round(fmean(gegeven), 2) if gegeven else None,
        verdeling=(*(alle.count(i) for i in range(1, 6)), alle.count(None)),
    )


@dataclass(frozen=True, slots=True)
class _Indeling:
    """Waar de items van een domein en van een cluster staan in de rij waarden van een respondent
    (de items van de vragenlijst in volgorde). Eén keer per vragenlijst, niet per school."""

    items: tuple[Item, ...]
    domein: dict[str, tuple[int, ...]]
    cluster: dict[tuple[str, str], tuple[int, ...]]  # (domein, cluster) -> posities


@lru_cache(maxsize=256)
def _indeling(lijst: Vragenlijst) -> _Indeling:
    items: list[Item] = []
    domein: dict[str, tuple[int, ...]] = {}
    cluster: dict[tuple[str, str], list[int]] = {}
    for dv in lijst.domeinen:
        posities = range(len(items), len(items) + len(dv.items))
        domein[dv.domein] = tuple(posities)
        for positie, item in zip(posities, dv.items, strict=True):
            cluster.setdefault((dv.domein, item.cluster), []).append(positie)
        items += dv.items
    return _Indeling(tuple(items), domein, {k: tuple(v) for k, v in cluster.items()})


def bereken(
    domeinen: Domeinen,
    vragenlijsten: Mapping[str, Vragenlijst],
    antwoorden: Iterable[Antwoordset],
    *,
    drempel: int = DREMPEL,
    aantal_items: int = 3,
) -> Rapport:
    """Het rapport van een school (of het lokaal bestuur, of een heel partnerschap) uit de
    antwoorden van al haar groepen; elke groep beantwoordt één vragenlijst."""
    per_groep: dict[str, list[Antwoordset]] = {}
    lijst_van: dict[str, Vragenlijst] = {}
    for a in antwoorden:
        lijst = vragenlijsten[a.vragenlijst]
        if lijst_van.setdefault(lijst.groep, lijst) is not lijst:
            raise ValueError(f"groep {lijst.groep} beantwoordde twee vragenlijsten")
        per_groep.setdefault(lijst.groep, []).append(a)
    # De drempel beschermt anonieme groepen; de werkgroep of een directie antwoordt op naam.
    zichtbaar = sorted(g for g, sets in per_groep.items() if len(sets) >= drempel or not lijst_van[g].anoniem)
    verborgen = tuple(sorted(set(per_groep) - set(zichtbaar)))
    indeling = {g: _indeling(lijst) for g, lijst in lijst_van.items()}
    # Elk antwoord één keer omzetten (omgekeerd scoren, de schaal nakijken): per respondent de
    # waarden van alle items van zijn vragenlijst; een domein of cluster kiest daar posities uit.
    rijen = {g: [[_waarde(i, a.scores.get(i.code)) for i in indeling[g].items] for a in sets]
             for g, sets in per_groep.items()}

    def waarden(groep: str, posities: Sequence[int]) -> list[list[int | None]]:
        return [[r[p] for p in posities] for r in rijen[groep]]

    def kolommen(gekozen: Mapping[str, tuple[int, ...]]) -> dict[str, Score]:
        """Per zichtbare groep, en samen, de score over de gekozen items van een domein (of een cluster)."""
        uitkomst = {g: _score(waarden(g, gekozen[g])) for g in zichtbaar if g in gekozen}
        samen = [r for g in zichtbaar if g in gekozen for r in waarden(g, gekozen[g])]
        verborgen_rijen = [r for g in verborgen if g in gekozen for r in waarden(g, gekozen[g])]
        if _respondenten(verborgen_rijen) >= drempel:
            samen += verborgen_rijen
        if _respondenten(samen):
            uitkomst[SAMEN] = _score(samen)
        return uitkomst

    rapporten, clusterscores = [], []
    for domein in domeinen.domeinen:
        in_domein = {g: i.domein[domein.code] for g, i in indeling.items() if domein.code in i.domein}
        if not in_domein:
            continue
        clusters = {}
        for cluster in domein.clusters:
            kolom = kolommen({g: p for g, i in indeling.items() if (p := i.cluster.get((domein.code, cluster.code)))})
            if kolom:
                clusters[cluster.code] = kolom
                if SAMEN in kolom and kolom[SAMEN].gemiddelde is not None:
                    clusterscores.append((kolom[SAMEN].gemiddelde, domein.code, cluster))
        groepen = kolommen(in_domein)
        itemscores = [Itemscore(g, indeling[g].items[p], _score(waarden(g, (p,))))
                      for g in zichtbaar if g in in_domein for p in in_domein[g]]
        gescoord = [s for s in itemscores if s.score.gemiddelde is not None]
        zwak = sorted((s for s in gescoord if s.score.gemiddelde < MIDDEN),
                      key=lambda s: (s.score.gemiddelde, s.groep, s.item.code))[:aantal_items]
        # Groepen delen itemcodes (dezelfde stelling voor ouders en leerkrachten): een stelling die voor
        # één groep om aan te werken is, staat niet ook bij de sterkste punten; het verschil tussen de
        # groepen meldt het rapport apart.
        om_aan_te_werken = {s.item.code for s in zwak}
        sterk = sorted((s for s in gescoord if s.score.gemiddelde > MIDDEN and s.item.code not in om_aan_te_werken),
                       key=lambda s: (-s.score.gemiddelde, s.groep, s.item.code))[:aantal_items]
        gemiddelden = [s.gemiddelde for g, s in groepen.items() if g != SAMEN and s.gemiddelde is not None]
        rapporten.append(
            Domeinrapport(
                code=domein.code,
                naam=domein.naam,
                groepen=groepen,
                clusters=clusters,
                sterkste=tuple(sterk),
                zwakste=tuple(zwak),
                verschil=round(max(gemiddelden) - min(gemiddelden), 2) if len(gemiddelden) > 1 else None,
                open_antwoorden={
                    g: tuple(t.strip() for a in per_groep[g] if (t := a.open.get(domein.code, "")).strip())
                    for g in zichtbaar
                },
            )
        )
    werkpunten = tuple(
        Werkpunt(d, c.code, c.naam, gemiddelde, c.advies)
        for gemiddelde, d, c in sorted(clusterscores, key=lambda x: (x[0], x[2].code))
        if gemiddelde < MIDDEN
    )
    return Rapport(
        antwoorden={g: len(sets) for g, sets in sorted(per_groep.items())},
        drempel=drempel,
        verborgen=verborgen,
        domeinen=tuple(rapporten),
        werkpunten=werkpunten,
    )
