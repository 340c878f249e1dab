"""De eerste, rechttoe-rechtaan `bereken` (tot issue 13), als orakel: de snellere versie in
domein/scoring.py moet voor elke invoer hetzelfde rapport geven. Niet voor productie."""

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from statistics import fmean

from config.programma import DREMPEL
from config.vragenlijst import Domeinen, Item, Vragenlijst
from domein.scoring import (
    MIDDEN,
    SAMEN,
    Antwoordset,
    Domeinrapport,
    Itemscore,
    Rapport,
    Score,
    Werkpunt,
)


def _waarde(item: Item, score: int | None) -> int | None:
    if score is None:
        return None
    if not 1 <= score <= 5:
        raise ValueError(f"score {score} voor item {item.code} ligt buiten 1-5")
    return 6 - score if item.omgekeerd else score


def _respondenten(per_respondent: Sequence[Sequence[int | None]]) -> int:
    """Hoeveel respondenten minstens één score gaven (niet alleen 'weet niet')."""
    return sum(any(w is not None for w in r) for r in per_respondent)


def _score(per_respondent: Sequence[Sequence[int | None]]) -> Score:
    """Het gemiddelde over alle gegeven scores; n telt respondenten met minstens één score."""
    alle = [w for r in per_respondent for w in r]
    gegeven = [w for w in alle if w is not None]
    telling = Counter(alle)
    return Score(
        n=_respondenten(per_respondent),
        gemiddelde=round(fmean(gegeven), 2) if gegeven else None,
        verdeling=(*(telling[i] for i in range(1, 6)), telling[None]),
    )


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

    def waarden(groep: str, items: Sequence[Item]) -> list[list[int | None]]:
        return [[_waarde(i, a.scores.get(i.code)) for i in items] for a in per_groep[groep]]

    def kolommen(domein: str, cluster: str | None = None) -> dict[str, Score]:
        """Per zichtbare groep, en samen, de score over de items van een domein (of een cluster)."""
        gekozen = {
            g: [i for dv in lijst_van[g].domeinen if dv.domein == domein for i in dv.items
                if cluster in (None, i.cluster)]
            for g in per_groep
        }
        uitkomst = {g: _score(waarden(g, gekozen[g])) for g in zichtbaar if gekozen[g]}
        samen = [r for g in zichtbaar if gekozen[g] for r in waarden(g, gekozen[g])]
        verborgen_rijen = [r for g in verborgen if gekozen[g] for r in waarden(g, gekozen[g])]
        if _respondenten(verborgen_rijen) >= drempel:
            samen += verborgen_rijen
        if _respondenten(samen):
            uitkomst[SAMEN] = _score(samen)
        return uitkomst

    rapporten, clusterscores = [], []
    for domein in domeinen.domeinen:
        in_domein = {g: [i for dv in lijst_van[g].domeinen if dv.domein == domein.code for i in dv.items]
                     for g in per_groep}
        if not any(in_domein.values()):
            continue
        clusters = {}
        for cluster in domein.clusters:
            kolom = kolommen(domein.code, cluster.code)
            if kolom:
                clusters[cluster.code] = kolom
                if SAMEN in kolom and kolom[SAMEN].gemiddelde is not None:
                    clusterscores.append((kolom[SAMEN].gemiddelde, domein.code, cluster))
        groepen = kolommen(domein.code)
        itemscores = [Itemscore(g, i, _score(waarden(g, [i]))) for g in zichtbaar for i in in_domein[g]]
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
